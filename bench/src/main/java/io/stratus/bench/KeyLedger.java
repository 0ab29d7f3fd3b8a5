package io.stratus.bench;

import java.util.Arrays;

/**
 * The keys each worker of a step wrote successfully, so that later operations of the step read
 * and delete exactly those. Slot {@code w} is touched only by worker {@code w}'s thread while a
 * step runs; the step's end (thread join) publishes it to the next step's threads.
 */
final class KeyLedger {
    private final String prefix;
    private final int[][] written;
    private final int[] counts;

    KeyLedger(String prefix, int workers) {
        this.prefix = prefix;
        this.written = new int[workers][];
        this.counts = new int[workers];
        for (int i = 0; i < workers; i++) {
            written[i] = new int[64];
        }
    }

    int workers() {
        return counts.length;
    }

    String key(int worker, int sequence) {
        return prefix + worker + '-' + sequence;
    }

    void add(int worker, int sequence) {
        int[] slot = written[worker];
        if (counts[worker] == slot.length) {
            slot = Arrays.copyOf(slot, slot.length * 2);
            written[worker] = slot;
        }
        slot[counts[worker]++] = sequence;
    }

    int count(int worker) {
        return counts[worker];
    }

    /** The {@code index}-th key the worker wrote. */
    String writtenKey(int worker, int index) {
        return key(worker, written[worker][index]);
    }

    /** Removes and returns the worker's most recently written key, or null when it has none left. */
    String pop(int worker) {
        if (counts[worker] == 0) {
            return null;
        }
        return key(worker, written[worker][--counts[worker]]);
    }

    long total() {
        long total = 0;
        for (int count : counts) {
            total += count;
        }
        return total;
    }

    /** The worker whose keys worker {@code worker} of a step with fewer keys should read: itself, or any with keys. */
    int sourceFor(int worker) {
        int home = worker % counts.length;
        if (counts[home] > 0) {
            return home;
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[(home + i) % counts.length] > 0) {
                return (home + i) % counts.length;
            }
        }
        return -1;
    }
}
