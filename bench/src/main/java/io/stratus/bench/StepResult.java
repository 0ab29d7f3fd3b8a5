package io.stratus.bench;

import static java.util.Objects.requireNonNull;

/**
 * One row of results: an operation at one object size and concurrency against one target.
 * Rates count successful operations only; {@code errors} counts failed ones (non-2xx or I/O).
 *
 * @param target the store measured ("stratus", "s3proxy", or the endpoint)
 * @param size object size in bytes (LIST: the page size)
 * @param listKeys keys in the bucket a LIST row listed from; 0 for other operations
 * @param serverCpuPercent the server process's CPU over the step, 100 = one core; -1 when unknown or
 *     the step was under half a second
 * @param clientCpuPercent the bench process's CPU over the step, 100 = one core; -1 for steps under half a second
 * @param serverRssPeakBytes the highest resident set size sampled during the step; -1 when unknown
 * @param firstError the first failure's description, or null
 */
public record StepResult(
        String target,
        Operation operation,
        long size,
        int concurrency,
        long listKeys,
        long ops,
        long errors,
        long bytes,
        double seconds,
        double opsPerSecond,
        double mibPerSecond,
        double p50Ms,
        double p90Ms,
        double p99Ms,
        double maxMs,
        double serverCpuPercent,
        double clientCpuPercent,
        long serverRssPeakBytes,
        String firstError) {

    public StepResult {
        requireNonNull(target, "target is null");
        requireNonNull(operation, "operation is null");
    }

    public static StepResult of(String target, Operation operation, long size, int concurrency, long listKeys,
            long ops, long errors, long bytes, double seconds, LatencyHistogram latencies, double serverCpuPercent,
            double clientCpuPercent, long serverRssPeakBytes, String firstError) {
        double opsPerSecond = seconds > 0 ? ops / seconds : 0;
        double mibPerSecond = seconds > 0 ? bytes / seconds / ByteSizes.MIB : 0;
        return new StepResult(target, operation, size, concurrency, listKeys, ops, errors, bytes, seconds, opsPerSecond,
                mibPerSecond, millis(latencies.percentileNanos(0.50)), millis(latencies.percentileNanos(0.90)),
                millis(latencies.percentileNanos(0.99)), millis(latencies.maxNanos()), serverCpuPercent,
                clientCpuPercent, serverRssPeakBytes, firstError);
    }

    /** Same operation, size, concurrency and listing size: the rows a comparison puts side by side. */
    public boolean sameStep(StepResult other) {
        return operation == other.operation && size == other.size && concurrency == other.concurrency
                && listKeys == other.listKeys;
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
