package io.stratus.bench;

import io.stratus.bench.Workload.ObjectStep;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench s3}: the workload against any S3 endpoint. */
@Command(name = "s3", mixinStandardHelpOptions = true,
        description = "Measure an S3 endpoint: PUT/GET/HEAD/DELETE per size and concurrency, multipart, LIST.")
final class S3Command implements Callable<Integer> {
    static final WorkloadOptions.Defaults DEFAULTS = new WorkloadOptions.Defaults(
            crossProduct(List.of(4 * ByteSizes.KIB, ByteSizes.MIB, 64 * ByteSizes.MIB), List.of(1, 16, 64)),
            Duration.ofSeconds(10), "256MiB:16MiB:4", List.of(100_000L), true);

    @Option(names = "--endpoint", defaultValue = "http://127.0.0.1:4566", description = "S3 endpoint (default ${DEFAULT-VALUE}).")
    URI endpoint;

    @Option(names = "--access-key", defaultValue = "${env:AWS_ACCESS_KEY_ID:-${env:STRATUS_ROOT_ACCESS_KEY}}",
            description = "Access key (env AWS_ACCESS_KEY_ID or STRATUS_ROOT_ACCESS_KEY).")
    String accessKey;

    @Option(names = "--secret-key", defaultValue = "${env:AWS_SECRET_ACCESS_KEY:-${env:STRATUS_ROOT_SECRET_KEY}}",
            description = "Secret key (env AWS_SECRET_ACCESS_KEY or STRATUS_ROOT_SECRET_KEY).")
    String secretKey;

    @Option(names = "--region", defaultValue = "us-east-1", description = "Signing region (default ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--server-pid", defaultValue = "-1",
            description = "Server process id on this machine: adds its CPU and peak memory to each row.")
    long serverPid;

    @Mixin
    WorkloadOptions workloadOptions;

    @Override
    public Integer call() throws Exception {
        if (accessKey == null || secretKey == null) {
            System.err.println("bench s3: give --access-key and --secret-key (or set AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)");
            return 2;
        }
        Workload workload = workloadOptions.toWorkload(DEFAULTS);
        S3Target target = new S3Target(endpoint.toString(), endpoint, accessKey, secretKey, region);
        Progress progress = workloadOptions.quiet() ? Progress.none() : Progress.toStderr();
        ServerProbe probe = serverPid > 0 ? ServerProbe.forPid(serverPid) : ServerProbe.none();
        String started = Instant.now().toString();
        System.out.println("bench s3 against " + target + ", " + Durations.format(workload.duration()) + " per operation");
        System.out.println(ResultTable.header());
        List<StepResult> results;
        try (BenchRunner runner = new BenchRunner(target, workload, probe, progress, Clock.systemUTC(), row -> {
            progress.done();
            System.out.println(ResultTable.row(row));
        })) {
            results = runner.runAll();
        }
        long errors = results.stream().mapToLong(StepResult::errors).sum();
        results.stream().filter(r -> r.firstError() != null).forEach(r -> System.out.println(
                "first error of " + r.operation().label() + " " + ByteSizes.format(r.size()) + " c" + r.concurrency()
                        + ": " + r.firstError()));
        if (workloadOptions.json() != null) {
            new JsonReport().put("tool", "stratus bench s3").put("started", started)
                    .put("targets", List.of(new TargetReport(target.name(), endpoint.toString(), serverPid, results,
                            -1, -1, List.of(), 0, -1, probe.peakRssBytes())))
                    .write(workloadOptions.json());
            System.out.println("results written to " + workloadOptions.json());
        }
        return errors == 0 ? 0 : 1;
    }

    static List<ObjectStep> crossProduct(List<Long> sizes, List<Integer> concurrencies) {
        List<ObjectStep> steps = new ArrayList<>();
        for (long size : sizes) {
            for (int c : concurrencies) {
                steps.add(new ObjectStep(size, c, Workload.OBJECT_OPERATIONS));
            }
        }
        return steps;
    }
}
