package io.stratus.bench.compare;

import static java.util.Objects.requireNonNull;

import io.stratus.bench.ByteSizes;
import io.stratus.bench.Operation;
import io.stratus.bench.StepResult;
import io.stratus.bench.TargetReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Puts Stratus's rows next to the peer's and the disk's, and checks the targets of issue 5
 * (ratios from one run of `bench compare`).
 */
public final class Comparison {
    static final long KIB4 = 4 * ByteSizes.KIB;
    static final long MIB64 = 64 * ByteSizes.MIB;
    static final long ONE_MILLION = 1_000_000;

    private final TargetReport stratus;
    private final TargetReport peer;
    private final DiskBaseline.Result disk;
    private final LoopbackBaseline.Result loopback;

    /**
     * @param peer S3Proxy's report, or null when it was not run
     * @param disk the raw-disk baseline, or null when it was not run
     * @param loopback the loopback HTTP ceiling, or null when it was not run
     */
    public Comparison(TargetReport stratus, TargetReport peer, DiskBaseline.Result disk,
            LoopbackBaseline.Result loopback) {
        this.stratus = requireNonNull(stratus, "stratus is null");
        this.peer = peer;
        this.disk = disk;
        this.loopback = loopback;
    }

    /** One row side by side; a ratio is Stratus / peer (for latency: peer / Stratus, so bigger is better). */
    public record Ratio(Operation operation, long size, int concurrency, long listKeys, double stratusOpsPerSecond,
            double peerOpsPerSecond, double stratusMibPerSecond, double peerMibPerSecond, double stratusP50Ms,
            double peerP50Ms, double throughputRatio, double latencyRatio) {
    }

    /** INFO: context for reading the targets (the loopback ceiling), not a target itself. */
    public enum Status { PASS, MISS, NOT_MEASURED, INFO }

    /** One target of the issue. */
    public record Check(String target, String goal, String measured, Status status) {
    }

    public List<Ratio> ratios() {
        List<Ratio> ratios = new ArrayList<>();
        if (peer == null) {
            return ratios;
        }
        for (StepResult ours : stratus.results()) {
            find(peer, ours).ifPresent(theirs -> ratios.add(new Ratio(ours.operation(), ours.size(), ours.concurrency(),
                    ours.listKeys(), ours.opsPerSecond(), theirs.opsPerSecond(), ours.mibPerSecond(),
                    theirs.mibPerSecond(), ours.p50Ms(), theirs.p50Ms(),
                    ratio(ours.opsPerSecond(), theirs.opsPerSecond()), ratio(theirs.p50Ms(), ours.p50Ms()))));
        }
        return ratios;
    }

    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        checks.add(peerRatio("4KiB GET ops/s at c16 vs S3Proxy", Operation.GET, KIB4, 16, false, 4.0));
        checks.add(peerRatio("4KiB PUT ops/s at c16 vs S3Proxy (fsync on)", Operation.PUT, KIB4, 16, false, 2.0));
        checks.add(peerRatio("64MiB GET MiB/s at c4 vs S3Proxy", Operation.GET, MIB64, 4, true, 1.5));
        checks.add(diskRatio("64MiB GET MiB/s at c4 vs page-cache read", Operation.GET,
                disk == null ? 0 : disk.readMibPerSecond()));
        checks.add(peerRatio("64MiB PUT MiB/s at c4 vs S3Proxy", Operation.PUT, MIB64, 4, true, 1.0));
        checks.add(diskRatio("64MiB PUT MiB/s at c4 vs raw write+fsync", Operation.PUT,
                disk == null ? 0 : disk.writeMibPerSecond()));
        if (loopback != null) {
            checks.add(ceiling("4KiB GET ops/s at c16 vs loopback HTTP ceiling", Operation.GET, KIB4, 16, false));
            checks.add(ceiling("64MiB GET MiB/s at c4 vs loopback HTTP ceiling", Operation.GET, MIB64, 4, true));
            checks.add(ceiling("64MiB PUT MiB/s at c4 vs loopback HTTP ceiling", Operation.PUT, MIB64, 4, true));
        }
        checks.addAll(listChecks());
        checks.add(rssCheck());
        checks.add(startupCheck());
        return checks;
    }

    private Check peerRatio(String name, Operation operation, long size, int concurrency, boolean bytes, double goal) {
        String goalText = String.format(Locale.ROOT, ">= %sx", trim(goal));
        Optional<StepResult> ours = find(stratus, operation, size, concurrency, 0);
        Optional<StepResult> theirs = peer == null ? Optional.empty() : find(peer, operation, size, concurrency, 0);
        if (ours.isEmpty() || theirs.isEmpty()) {
            return new Check(name, goalText, "not run", Status.NOT_MEASURED);
        }
        double a = bytes ? ours.get().mibPerSecond() : ours.get().opsPerSecond();
        double b = bytes ? theirs.get().mibPerSecond() : theirs.get().opsPerSecond();
        double ratio = ratio(a, b);
        String unit = bytes ? " MiB/s" : " ops/s";
        return new Check(name, goalText, String.format(Locale.ROOT, "%.2fx (%.0f vs %.0f%s)%s", ratio, a, b, unit,
                errors(ours.get(), theirs.get())), ratio >= goal && clean(ours.get()) ? Status.PASS : Status.MISS);
    }

    private Check diskRatio(String name, Operation operation, double limit) {
        Optional<StepResult> ours = find(stratus, operation, MIB64, 4, 0);
        if (ours.isEmpty() || limit <= 0) {
            return new Check(name, ">= 50%", "not run", Status.NOT_MEASURED);
        }
        double share = ours.get().mibPerSecond() / limit;
        return new Check(name, ">= 50%", String.format(Locale.ROOT, "%.0f%% (%.0f of %.0f MiB/s)%s", share * 100,
                ours.get().mibPerSecond(), limit, errors(ours.get(), null)),
                share >= 0.5 && clean(ours.get()) ? Status.PASS : Status.MISS);
    }

    private Check ceiling(String name, Operation operation, long size, int concurrency, boolean bytes) {
        Optional<StepResult> ours = find(stratus, operation, size, concurrency, 0);
        Optional<StepResult> limit = loopback.row(operation, size, concurrency);
        if (ours.isEmpty() || limit.isEmpty()) {
            return new Check(name, "(context)", "not run", Status.INFO);
        }
        double a = bytes ? ours.get().mibPerSecond() : ours.get().opsPerSecond();
        double b = bytes ? limit.get().mibPerSecond() : limit.get().opsPerSecond();
        return new Check(name, "(context)", String.format(Locale.ROOT, "%.0f%% (%.0f of %.0f%s)", b > 0 ? 100 * a / b : 0,
                a, b, bytes ? " MiB/s" : " ops/s"), Status.INFO);
    }

    private List<Check> listChecks() {
        List<StepResult> lists = stratus.results().stream()
                .filter(r -> r.operation() == Operation.LIST && r.concurrency() == 1).toList();
        Optional<StepResult> million = lists.stream().filter(r -> r.listKeys() >= ONE_MILLION).findFirst();
        Optional<StepResult> largest = lists.stream().reduce((a, b) -> a.listKeys() >= b.listKeys() ? a : b);
        Optional<StepResult> smallest = lists.stream().reduce((a, b) -> a.listKeys() <= b.listKeys() ? a : b);
        List<Check> checks = new ArrayList<>();
        String p50Name = "LIST 1000-key page from 1M keys, p50";
        if (million.isPresent()) {
            checks.add(new Check(p50Name, "< 50 ms", String.format(Locale.ROOT, "%.1f ms%s", million.get().p50Ms(),
                    errors(million.get(), null)), million.get().p50Ms() < 50 && clean(million.get()) ? Status.PASS
                    : Status.MISS));
        } else {
            checks.add(new Check(p50Name, "< 50 ms", largest.map(r -> String.format(Locale.ROOT,
                    "%.1f ms from %s keys (add --list-keys 100000,1000000)", r.p50Ms(),
                    ByteSizes.formatCount(r.listKeys()))).orElse("not run"), Status.NOT_MEASURED));
        }
        String flatName = "LIST p50 independent of bucket size (largest/smallest)";
        if (largest.isPresent() && smallest.isPresent() && largest.get().listKeys() >= 10 * smallest.get().listKeys()) {
            double ratio = largest.get().p50Ms() / smallest.get().p50Ms();
            checks.add(new Check(flatName, "<= 2x", String.format(Locale.ROOT, "%.2fx (%.1f ms at %s, %.1f ms at %s)",
                    ratio, largest.get().p50Ms(), ByteSizes.formatCount(largest.get().listKeys()),
                    smallest.get().p50Ms(), ByteSizes.formatCount(smallest.get().listKeys())),
                    ratio <= 2 ? Status.PASS : Status.MISS));
        } else {
            checks.add(new Check(flatName, "<= 2x", "needs two bucket sizes 10x apart", Status.NOT_MEASURED));
        }
        return checks;
    }

    private Check rssCheck() {
        String name = "Server RSS during 64 concurrent 64MiB PUTs";
        Optional<StepResult> step = find(stratus, Operation.PUT, MIB64, 64, 0);
        if (step.isEmpty() || step.get().serverRssPeakBytes() < 0) {
            return new Check(name, "< 512 MiB", "not run (step 64MiB:64:PUT)", Status.NOT_MEASURED);
        }
        long mib = step.get().serverRssPeakBytes() / ByteSizes.MIB;
        String peerText = peer == null ? "" : find(peer, Operation.PUT, MIB64, 64, 0)
                .filter(r -> r.serverRssPeakBytes() >= 0)
                .map(r -> "; S3Proxy " + r.serverRssPeakBytes() / ByteSizes.MIB + " MiB").orElse("");
        return new Check(name, "< 512 MiB", mib + " MiB peak" + peerText + errors(step.get(), null),
                mib < 512 && clean(step.get()) ? Status.PASS : Status.MISS);
    }

    private Check startupCheck() {
        String name = "Start-up to ready with 1M objects stored";
        if (stratus.startupSeconds() < 0) {
            return new Check(name, "< 3 s", "not run (needs LIST)", Status.NOT_MEASURED);
        }
        String peerText = peer == null || peer.startupSeconds() < 0 ? ""
                : String.format(Locale.ROOT, "; S3Proxy %.2f s", peer.startupSeconds());
        String measured = String.format(Locale.ROOT, "%.2f s with %s objects%s", stratus.startupSeconds(),
                ByteSizes.formatCount(stratus.startupObjects()), peerText);
        if (stratus.startupObjects() < ONE_MILLION) {
            return new Check(name, "< 3 s", measured + " (add --list-keys 100000,1000000)", Status.NOT_MEASURED);
        }
        return new Check(name, "< 3 s", measured, stratus.startupSeconds() < 3 ? Status.PASS : Status.MISS);
    }

    private static Optional<StepResult> find(TargetReport report, StepResult like) {
        return report.results().stream().filter(like::sameStep).findFirst();
    }

    private static Optional<StepResult> find(TargetReport report, Operation operation, long size, int concurrency,
            long listKeys) {
        return report.results().stream().filter(r -> r.operation() == operation && r.size() == size
                && r.concurrency() == concurrency && r.listKeys() == listKeys).findFirst();
    }

    private static boolean clean(StepResult result) {
        return result.errors() == 0 && result.ops() > 0;
    }

    private static String errors(StepResult ours, StepResult theirs) {
        long a = ours.errors();
        long b = theirs == null ? 0 : theirs.errors();
        return a + b == 0 ? "" : " [errors: Stratus " + a + (theirs == null ? "" : ", S3Proxy " + b) + "]";
    }

    private static double ratio(double a, double b) {
        return b > 0 ? a / b : (a > 0 ? Double.POSITIVE_INFINITY : 0);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** The side-by-side table. */
    public String renderRatios() {
        String format = "%-14s %10s %5s %12s %12s %7s %11s %11s %7s %9s %9s";
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, format, "operation", "size", "conc",
                "Stratus op/s", "S3Proxy op/s", "ratio", "Stratus MiB", "S3Proxy MiB", "ratio", "St p50ms", "S3P p50ms"))
                .append('\n');
        for (Ratio r : ratios()) {
            boolean rate = r.operation() != Operation.MULTIPART_COMPLETE;
            boolean bytes = rate && r.stratusMibPerSecond() + r.peerMibPerSecond() > 0;
            String op = switch (r.operation()) {
                case LIST -> "LIST of " + ByteSizes.formatCount(r.listKeys());
                case FILL -> "PUT-FILL " + ByteSizes.formatCount(r.listKeys());
                default -> r.operation().label();
            };
            out.append(String.format(Locale.ROOT, format, op,
                    r.operation() == Operation.LIST ? r.size() + " keys" : ByteSizes.format(r.size()), r.concurrency(),
                    rate ? num(r.stratusOpsPerSecond()) : "-", rate ? num(r.peerOpsPerSecond()) : "-",
                    rate ? String.format(Locale.ROOT, "%.2fx", r.throughputRatio()) : "-",
                    bytes ? num(r.stratusMibPerSecond()) : "-", bytes ? num(r.peerMibPerSecond()) : "-",
                    bytes ? String.format(Locale.ROOT, "%.2fx", ratio(r.stratusMibPerSecond(), r.peerMibPerSecond()))
                            : "-",
                    num(r.stratusP50Ms()), num(r.peerP50Ms()))).append('\n');
        }
        return out.toString();
    }

    /** The targets table. */
    public String renderChecks() {
        String format = "%-56s %-10s %-6s %s";
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, format, "target", "goal", "result",
                "measured")).append('\n');
        for (Check check : checks()) {
            String status = switch (check.status()) {
                case PASS -> "PASS";
                case MISS -> "MISS";
                case NOT_MEASURED -> "n/a";
                case INFO -> "info";
            };
            out.append(String.format(Locale.ROOT, format, check.target(), check.goal(), status, check.measured()))
                    .append('\n');
        }
        return out.toString();
    }

    private static String num(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.2f", value);
    }
}
