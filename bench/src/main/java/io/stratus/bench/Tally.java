package io.stratus.bench;

/**
 * What one worker of a step did: written by the thread that runs the worker, read for the progress
 * line while the step runs (hence the volatile counters) and summed once it has ended.
 */
class Tally {
    final LatencyHistogram latencies = new LatencyHistogram();
    volatile long ops;
    volatile long errors;
    volatile long bytes;
    /** When the worker's last operation ended ({@link System#nanoTime()}). */
    volatile long finished;
    String firstError;
    int consecutiveErrors;

    void succeeded(long nanos, long moved) {
        latencies.record(nanos);
        bytes += moved;
        ops++;
        consecutiveErrors = 0;
    }

    void failed(String message) {
        errors++;
        consecutiveErrors++;
        if (firstError == null) {
            firstError = message;
        }
    }
}
