package io.stratus.bench;

/**
 * Latencies in nanoseconds, log-linear buckets with under 1 % error (64 sub-buckets per power of
 * two), fixed size: recording is an array increment. One per worker thread, merged at the end.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;
    private static final int BUCKETS = SUB * 64;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long max;

    public void record(long nanos) {
        long value = Math.max(0, nanos);
        counts[index(value)]++;
        count++;
        if (value > max) {
            max = value;
        }
    }

    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        max = Math.max(max, other.max);
    }

    public long count() {
        return count;
    }

    public long maxNanos() {
        return max;
    }

    /** The value at the given quantile (0..1), e.g. 0.99; 0 when empty. */
    public long percentileNanos(double quantile) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * count));
        if (rank >= count) {
            return max;
        }
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, representative(i));
            }
        }
        return max;
    }

    static int index(long value) {
        if (value < 2 * SUB) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value) - SUB_BITS;
        return (exponent + 1) * SUB + (int) ((value >>> exponent) - SUB);
    }

    private static long representative(int index) {
        if (index < 2 * SUB) {
            return index;
        }
        int exponent = index / SUB - 1;
        long lower = (long) (index % SUB + SUB) << exponent;
        return lower + (1L << exponent) / 2;
    }
}
