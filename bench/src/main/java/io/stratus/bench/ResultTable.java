package io.stratus.bench;

import java.util.List;
import java.util.Locale;

/** The text table of results: one row per operation, size and concurrency. */
public final class ResultTable {
    private static final String FORMAT = "%-14s %10s %5s %10s %9s %9s %9s %7s %8s %8s %9s";

    private ResultTable() {
    }

    public static String header() {
        return String.format(Locale.ROOT, FORMAT, "operation", "size", "conc", "ops/s", "MiB/s", "p50 ms", "p99 ms",
                "errors", "srv cpu", "cli cpu", "srv rss");
    }

    public static String row(StepResult r) {
        boolean rate = r.operation() != Operation.MULTIPART_COMPLETE;
        return String.format(Locale.ROOT, FORMAT, operation(r), size(r), r.concurrency(),
                rate ? number(r.opsPerSecond()) : "-", rate && r.bytes() > 0 ? number(r.mibPerSecond()) : "-",
                millis(r.p50Ms()), millis(r.p99Ms()), r.errors(), percent(r.serverCpuPercent()),
                percent(r.clientCpuPercent()), mib(r.serverRssPeakBytes()));
    }

    public static String render(List<StepResult> results) {
        StringBuilder out = new StringBuilder(header()).append('\n');
        for (StepResult result : results) {
            out.append(row(result)).append('\n');
        }
        return out.toString();
    }

    static String operation(StepResult r) {
        return switch (r.operation()) {
            case LIST -> "LIST of " + ByteSizes.formatCount(r.listKeys());
            case FILL -> "PUT-FILL " + ByteSizes.formatCount(r.listKeys());
            default -> r.operation().label();
        };
    }

    static String size(StepResult r) {
        return r.operation() == Operation.LIST ? r.size() + " keys" : ByteSizes.format(r.size());
    }

    static String number(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.2f", value);
    }

    static String millis(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.2f", value);
    }

    private static String percent(double value) {
        return value < 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", value);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "-" : String.format(Locale.ROOT, "%d MiB", (bytes + ByteSizes.MIB / 2) / ByteSizes.MIB);
    }
}
