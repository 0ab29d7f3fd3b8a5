package io.stratus.bench.compare;

import io.stratus.bench.BenchRunner;
import io.stratus.bench.ByteSizes;
import io.stratus.bench.Durations;
import io.stratus.bench.JsonReport;
import io.stratus.bench.Operation;
import io.stratus.bench.Progress;
import io.stratus.bench.ResultTable;
import io.stratus.bench.ServerProbe;
import io.stratus.bench.StepResult;
import io.stratus.bench.TargetReport;
import io.stratus.bench.Workload;
import io.stratus.bench.Workload.ObjectStep;
import io.stratus.bench.WorkloadOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench compare}: the raw-disk baseline, then the same workload against Stratus and against
 * S3Proxy (each started fresh on a temp data directory and a free port, one after the other), then
 * the side-by-side ratios and the targets.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run the same workload against Stratus, S3Proxy (filesystem backend) and the raw disk, "
                + "one after the other on this machine, and print the ratios against the targets.")
public final class CompareCommand implements Callable<Integer> {
    private static final long KIB4 = 4 * ByteSizes.KIB;
    private static final long MIB64 = 64 * ByteSizes.MIB;
    private static final EnumSet<Operation> ALL = EnumSet.of(Operation.PUT, Operation.GET, Operation.HEAD,
            Operation.DELETE);

    /** Sized to the targets: small objects at 1/16/64, 1MiB at 16, 64MiB at 4, and 64 uploads of 64MiB for memory. */
    static final WorkloadOptions.Defaults DEFAULTS = new WorkloadOptions.Defaults(List.of(
            new ObjectStep(KIB4, 1, ALL), new ObjectStep(KIB4, 16, ALL), new ObjectStep(KIB4, 64, ALL),
            new ObjectStep(ByteSizes.MIB, 16, ALL), new ObjectStep(MIB64, 4, ALL),
            new ObjectStep(MIB64, 64, EnumSet.of(Operation.PUT))),
            Duration.ofSeconds(5), "256MiB:16MiB:4", List.of(100_000L), true);

    @Mixin
    WorkloadOptions workloadOptions;

    @Option(names = "--targets", split = ",", defaultValue = "stratus,s3proxy",
            description = "Stores to run, in order (default ${DEFAULT-VALUE}).")
    List<String> targets;

    @Option(names = "--interleave", description = "Start both stores and alternate them step by step (instead of "
            + "one whole run after the other), so that load from elsewhere on a shared machine skews both alike.")
    boolean interleave;

    @Option(names = "--work-dir", description = "Where data directories, baseline files and server logs go (default: "
            + "a new temp directory). Must be on the disk you want to measure. Data is removed after each store.")
    Path workDir;

    @Option(names = "--keep-work-dir", description = "Keep the stores' data directories after the run.")
    boolean keepWorkDir;

    @Option(names = "--stratus-classpath", description = "Class path to start Stratus from (default: this process's).")
    String stratusClasspath;

    // Stratus is measured as shipped: the ./stratus launcher's default JVM options (keep the two in step).
    @Option(names = "--stratus-java-opts", defaultValue = "-Xmx256m -Xmn64m", description = "JVM options for Stratus "
            + "(default ${DEFAULT-VALUE}, as ./stratus starts it), e.g. \"-Xmx256m -Xmn64m -XX:StartFlightRecording=filename=stratus.jfr\".")
    String stratusJavaOptions;

    @Option(names = "--s3proxy-jar", description = "S3Proxy jar-with-dependencies (default: fetched with Maven).")
    Path s3proxyJar;

    @Option(names = "--s3proxy-version", defaultValue = "2.6.0", description = "S3Proxy version (default ${DEFAULT-VALUE}).")
    String s3proxyVersion;

    @Option(names = "--s3proxy-backend", defaultValue = "filesystem",
            description = "jclouds provider for S3Proxy (default ${DEFAULT-VALUE}; or filesystem-nio2).")
    String s3proxyBackend;

    @Option(names = "--s3proxy-java-opts", defaultValue = "", description = "JVM options for S3Proxy.")
    String s3proxyJavaOptions;

    @Option(names = "--cache-dir", defaultValue = "${sys:user.home}/.cache/stratus-bench",
            description = "Where the S3Proxy jar is cached (default ${DEFAULT-VALUE}).")
    Path cacheDir;

    @Option(names = "--restarts", defaultValue = "3",
            description = "Restarts after the listing fill, to time start-up with objects stored (median; default "
                    + "${DEFAULT-VALUE}; 0: none).")
    int restarts;

    @Option(names = "--baseline", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Measure the raw disk and the loopback HTTP ceiling first (default: yes).")
    boolean baseline;

    @Option(names = "--baseline-size", defaultValue = "2GiB",
            description = "Bytes written per baseline measurement (default ${DEFAULT-VALUE}).")
    String baselineSize;

    @Option(names = "--baseline-threads", split = ",", defaultValue = "1,4",
            description = "Writer/reader threads of the baseline (default ${DEFAULT-VALUE}); the best rate is the limit.")
    List<Integer> baselineThreads;

    @Override
    public Integer call() throws Exception {
        Workload workload = workloadOptions.toWorkload(DEFAULTS);
        Progress progress = workloadOptions.quiet() ? Progress.none() : Progress.toStderr();
        Path work = workDir == null ? Files.createTempDirectory("stratus-bench-") : Files.createDirectories(workDir);
        String accessKey = "BENCH" + HexFormat.of().withUpperCase().formatHex(randomBytes(8));
        String secretKey = HexFormat.of().formatHex(randomBytes(20));
        String started = Instant.now().toString();
        List<ManagedServer> running = new CopyOnWriteArrayList<>();
        Thread cleanup = new Thread(() -> {
            for (ManagedServer server : running) {
                running.remove(server);
                server.close();
            }
        }, "bench-compare-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Path jar = null;
            if (targets.contains("s3proxy")) {
                jar = s3proxyJar != null ? s3proxyJar
                        : S3ProxyJar.resolve(cacheDir, s3proxyVersion, progress);
            }
            System.out.println(machine(work));
            System.out.println(describe(workload));

            DiskBaseline.Result disk = null;
            LoopbackBaseline.Result loopback = null;
            if (baseline) {
                System.out.println();
                System.out.println("== raw disk (" + work + ") and loopback HTTP");
                disk = DiskBaseline.measure(work.resolve("baseline"), MIB64, ByteSizes.parse(baselineSize),
                        baselineThreads, workload.duration(), progress);
                disk.rows().forEach(row -> System.out.println(row.format()));
                loopback = LoopbackBaseline.measure(workload.duration(), progress);
                for (StepResult row : loopback.rows()) {
                    System.out.println(String.format(Locale.ROOT, "%-16s %10s %5d %9.0f MiB/s %8.0f ops/s  (bench client "
                            + "against a do-nothing HTTP server)", "loopback " + row.operation().label(),
                            ByteSizes.format(row.size()), row.concurrency(), row.mibPerSecond(), row.opsPerSecond()));
                }
            }

            List<TargetReport> reports = interleave
                    ? runInterleaved(workload, work, jar, accessKey, secretKey, progress, running)
                    : runOneAfterAnother(workload, work, jar, accessKey, secretKey, progress, running);

            System.out.println();
            System.out.println("======== results (" + Durations.format(workload.duration()) + " per operation)");
            for (TargetReport report : reports) {
                System.out.println();
                System.out.println("== " + report.name() + String.format(Locale.ROOT,
                        "  (start-up: %.2f s empty%s; VmHWM %d MiB)", report.emptyStartupSeconds(),
                        report.startupSeconds() < 0 ? "" : String.format(Locale.ROOT, ", %.2f s with %s objects",
                                report.startupSeconds(), ByteSizes.formatCount(report.startupObjects())),
                        report.peakRssBytes() / ByteSizes.MIB));
                System.out.print(ResultTable.render(report.results()));
            }
            TargetReport stratus = find(reports, "stratus");
            Comparison comparison = null;
            if (stratus != null) {
                comparison = new Comparison(stratus, find(reports, "s3proxy"), disk, loopback);
                if (find(reports, "s3proxy") != null) {
                    System.out.println();
                    System.out.println("== side by side (ratio > 1: Stratus faster)");
                    System.out.print(comparison.renderRatios());
                }
                System.out.println();
                System.out.println("== targets");
                System.out.print(comparison.renderChecks());
            }
            reports.forEach(CompareCommand::printErrors);
            if (workloadOptions.json() != null) {
                JsonReport json = new JsonReport().put("tool", "stratus bench compare").put("started", started)
                        .put("machine", machine(work)).put("workload", describe(workload)).put("baseline", disk).put("loopback", loopback)
                        .put("targets", reports);
                if (comparison != null) {
                    json.put("ratios", comparison.ratios()).put("checks", comparison.checks());
                }
                json.write(workloadOptions.json());
                System.out.println("results written to " + workloadOptions.json());
            }
            long errors = reports.stream().flatMap(r -> r.results().stream()).mapToLong(StepResult::errors).sum();
            return errors == 0 ? 0 : 1;
        } finally {
            Runtime.getRuntime().removeShutdownHook(cleanup);
            cleanup.run();
            // Data directories are gone already (unless kept); the server logs stay for reading errors.
            System.out.println((keepWorkDir ? "data and logs kept in " : "server logs kept in ") + work);
        }
    }

    private List<TargetReport> runOneAfterAnother(Workload workload, Path work, Path jar, String accessKey,
            String secretKey, Progress progress, List<ManagedServer> running) throws IOException, InterruptedException {
        List<TargetReport> reports = new ArrayList<>();
        for (String name : targets) {
            try (Session session = open(name, workload, work, jar, accessKey, secretKey, progress, running)) {
                for (BenchRunner.Phase phase : BenchRunner.phases(workload)) {
                    session.results.addAll(phase.run(session.runner));
                }
                reports.add(session.finish(workload, progress));
            }
        }
        return reports;
    }

    /**
     * All stores started at once; each phase (one object step, multipart, one listing size) runs on
     * one store and then on the other, the order swapping from phase to phase, so that load from
     * elsewhere on the machine falls on both alike. The idle store waits while the other is measured.
     */
    private List<TargetReport> runInterleaved(Workload workload, Path work, Path jar, String accessKey,
            String secretKey, Progress progress, List<ManagedServer> running) throws IOException, InterruptedException {
        List<Session> sessions = new ArrayList<>();
        try {
            for (String name : targets) {
                sessions.add(open(name, workload, work, jar, accessKey, secretKey, progress, running));
            }
            List<BenchRunner.Phase> phases = BenchRunner.phases(workload);
            for (int i = 0; i < phases.size(); i++) {
                List<Session> order = new ArrayList<>(sessions);
                if (i % 2 == 1) {
                    Collections.reverse(order);
                }
                for (Session session : order) {
                    session.results.addAll(phases.get(i).run(session.runner));
                }
            }
            List<TargetReport> reports = new ArrayList<>();
            for (Session session : sessions) {
                reports.add(session.finish(workload, progress));
            }
            return reports;
        } finally {
            for (Session session : sessions) {
                session.close();
            }
        }
    }

    private Session open(String name, Workload workload, Path work, Path jar, String accessKey, String secretKey,
            Progress progress, List<ManagedServer> running) throws IOException {
        Path dir = work.resolve(name);
        Files.createDirectories(dir);
        ManagedServer server = switch (name) {
            case "stratus" -> StratusProcess.start(dir.resolve("data"), stratusClasspath, options(stratusJavaOptions),
                    accessKey, secretKey, dir.resolve("stratus.log"));
            case "s3proxy" -> S3ProxyProcess.start(jar, dir, s3proxyBackend, options(s3proxyJavaOptions), accessKey,
                    secretKey);
            default -> throw new IllegalArgumentException("unknown target " + name + " (stratus, s3proxy)");
        };
        running.add(server);
        ServerProbe probe = ServerProbe.forPid(server.pid());
        double emptyStartup = server.startupSeconds();
        long idleRss = probe.rssBytes();
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "== %s at %s (pid %d, ready in %.2f s, RSS %d MiB; load "
                + "average %s)", name, server.target().endpoint(), server.pid(), emptyStartup, idleRss / ByteSizes.MIB,
                loadAverage()));
        System.out.println(ResultTable.header());
        BenchRunner runner = new BenchRunner(server.target(), workload, probe, progress, Clock.systemUTC(), row -> {
            progress.done();
            System.out.println(ResultTable.row(row) + (interleave ? "  " + row.target() : ""));
        });
        return new Session(name, server, probe, runner, running, dir, emptyStartup, idleRss);
    }

    /** One store while it is measured: its process, its runner and its rows so far. */
    private final class Session implements AutoCloseable {
        private final String name;
        private final ManagedServer server;
        private final ServerProbe probe;
        private final BenchRunner runner;
        private final List<ManagedServer> running;
        private final Path dir;
        private final double emptyStartup;
        private final long idleRss;
        private final List<StepResult> results = new ArrayList<>();
        private boolean closed;

        private Session(String name, ManagedServer server, ServerProbe probe, BenchRunner runner,
                List<ManagedServer> running, Path dir, double emptyStartup, long idleRss) {
            this.name = name;
            this.server = server;
            this.probe = probe;
            this.runner = runner;
            this.running = running;
            this.dir = dir;
            this.emptyStartup = emptyStartup;
            this.idleRss = idleRss;
        }

        /** Removes the objects bucket, restarts to time start-up with the listing objects stored, and reports. */
        TargetReport finish(Workload workload, Progress progress) throws IOException {
            runner.removeBucket();
            runner.close();
            long peakRss = probe.peakRssBytes();
            double startup = -1;
            long objects = 0;
            List<Double> restartTimes = new ArrayList<>();
            if (workload.list().isPresent() && restarts > 0) {
                List<Long> counts = workload.list().get().keyCounts();
                objects = counts.get(counts.size() - 1);
                for (int i = 0; i < restarts; i++) {
                    progress.update("restarting " + name + " with " + ByteSizes.formatCount(objects) + " objects stored ("
                            + (i + 1) + " of " + restarts + ")");
                    server.restart();
                    restartTimes.add(server.startupSeconds());
                }
                // Start-up time swings with whatever else the machine does: the median of a few.
                startup = restartTimes.stream().sorted().toList().get(restartTimes.size() / 2);
                progress.done();
                System.out.println(String.format(Locale.ROOT, "%s restart with %s objects stored: ready in %.2f s "
                        + "(median of %s)", name, ByteSizes.formatCount(objects), startup, restartTimes.stream()
                        .map(t -> String.format(Locale.ROOT, "%.2f", t)).toList()));
            }
            return new TargetReport(name, server.target().endpoint().toString(), server.pid(), results, emptyStartup,
                    startup, restartTimes, objects, idleRss, peakRss);
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            runner.close();
            running.remove(server);
            server.close();
            if (!keepWorkDir) {
                deleteRecursively(dir.resolve("data"));
            }
        }
    }

    private static void printErrors(TargetReport report) {
        for (StepResult r : report.results()) {
            if (r.firstError() != null) {
                System.out.println("first error of " + report.name() + " " + r.operation().label() + " "
                        + ByteSizes.format(r.size()) + " c" + r.concurrency() + " (" + r.errors() + " errors): "
                        + r.firstError());
            }
        }
    }

    private static TargetReport find(List<TargetReport> reports, String name) {
        return reports.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    private static List<String> options(String text) {
        return text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
    }

    private static String machine(Path work) {
        long memory = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        String fileSystem;
        try {
            var store = Files.getFileStore(work);
            fileSystem = store.type() + " " + store.name();
        } catch (IOException e) {
            fileSystem = "unknown";
        }
        return String.format(Locale.ROOT, "machine: %d cores, %d GiB RAM, Java %s, %s; work dir %s (%s); load "
                + "average %s", Runtime.getRuntime().availableProcessors(), memory / ByteSizes.GIB,
                System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.version"),
                work, fileSystem, loadAverage());
    }

    /** The 1/5/15-minute load averages: anything else running on the box skews every number. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String describe(Workload workload) {
        StringBuilder out = new StringBuilder("workload: ");
        List<String> steps = new ArrayList<>();
        for (ObjectStep step : workload.steps()) {
            steps.add(ByteSizes.format(step.size()) + " c" + step.concurrency()
                    + (step.operations().containsAll(ALL) ? "" : " " + step.operations()));
        }
        out.append(String.join(", ", steps));
        workload.multipart().ifPresent(m -> out.append("; multipart ").append(ByteSizes.format(m.objectSize()))
                .append(" in ").append(ByteSizes.format(m.partSize())).append(" parts at c").append(m.concurrencies()));
        workload.list().ifPresent(l -> out.append("; LIST ").append(l.pageSize()).append(" from ")
                .append(l.keyCounts().stream().map(ByteSizes::formatCount).toList()).append(" keys at c")
                .append(l.concurrencies()));
        return out.append("; ").append(Durations.format(workload.duration())).append(" per operation").toString();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        // A visitor, not a sorted list: a listing bucket on S3Proxy is a million files.
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
