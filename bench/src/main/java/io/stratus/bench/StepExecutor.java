package io.stratus.bench;

import static java.util.Objects.requireNonNull;

import io.stratus.bench.http.HttpConnection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * Runs one step: {@code concurrency} worker threads, each with its own keep-alive connection,
 * call their task back to back until the duration is over (operations in flight then finish and
 * count) or the task has no more work. The calling thread shows progress, samples the server's
 * memory, and aborts requests that exceed the request timeout.
 */
final class StepExecutor {
    private static final long SAMPLE_MILLIS = 100;
    private static final int MAX_CONSECUTIVE_ERRORS = 100;
    private static final long MIN_CPU_NANOS = 500_000_000L;

    private final ConnectionPool pool;
    private final ServerProbe probe;
    private final Progress progress;
    private final Duration requestTimeout;
    private final String labelPrefix;

    /** @param labelPrefix put before each step's label on the progress line, e.g. "stratus: " */
    StepExecutor(ConnectionPool pool, ServerProbe probe, Progress progress, Duration requestTimeout,
            String labelPrefix) {
        this.pool = requireNonNull(pool, "pool is null");
        this.probe = requireNonNull(probe, "probe is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
        this.labelPrefix = requireNonNull(labelPrefix, "labelPrefix is null");
    }

    /** One operation of one worker; a worker's task is called from its thread only. */
    interface WorkerTask {
        long NO_MORE_WORK = -1;

        /** Performs one operation; returns the payload bytes it moved, or {@link #NO_MORE_WORK}. */
        long execute(HttpConnection connection) throws IOException, RequestFailedException;
    }

    record Outcome(long ops, long errors, long bytes, double seconds, LatencyHistogram latencies, double serverCpuPercent,
            double clientCpuPercent, long serverRssPeakBytes, String firstError) {
    }

    /**
     * @param duration how long to start new operations; null to run until every task has no more work
     */
    Outcome run(String label, int concurrency, Duration duration, IntFunction<WorkerTask> tasks)
            throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        List<Worker> workers = new ArrayList<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            Worker worker = new Worker(tasks.apply(i), gate);
            worker.thread = new Thread(worker, "bench-" + i);
            worker.thread.setDaemon(true);
            workers.add(worker);
            worker.thread.start();
        }
        for (Worker worker : workers) {
            worker.ready.await();
        }
        long serverCpuStart = probe.cpuNanos();
        long clientCpuStart = clientCpuNanos();
        long rssPeak = probe.rssBytes();
        long start = System.nanoTime();
        long deadline = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        for (Worker worker : workers) {
            worker.deadline = deadline;
        }
        gate.countDown();
        long timeoutNanos = requestTimeout.toNanos();
        while (true) {
            boolean alive = false;
            for (Worker worker : workers) {
                alive |= worker.thread.isAlive();
            }
            if (!alive) {
                break;
            }
            Thread.sleep(SAMPLE_MILLIS);
            long now = System.nanoTime();
            boolean stopped = now >= deadline;
            rssPeak = Math.max(rssPeak, probe.rssBytes());
            for (Worker worker : workers) {
                HttpConnection connection = worker.connection;
                long requestStart = connection == null ? 0 : connection.requestStartNanos();
                if (requestStart != 0 && now - requestStart > timeoutNanos) {
                    worker.timedOut = true;
                    connection.close();
                }
            }
            progress.update(progressLine(labelPrefix + label, concurrency, workers, now - start, duration, stopped));
        }
        long end = start;
        for (Worker worker : workers) {
            worker.thread.join();
            end = Math.max(end, worker.finished);
        }
        long elapsed = Math.max(1, end - start);
        long serverCpuEnd = probe.cpuNanos();
        long clientCpuEnd = clientCpuNanos();
        progress.done();

        LatencyHistogram latencies = new LatencyHistogram();
        long ops = 0;
        long errors = 0;
        long bytes = 0;
        String firstError = null;
        for (Worker worker : workers) {
            latencies.add(worker.latencies);
            ops += worker.ops;
            errors += worker.errors;
            bytes += worker.bytes;
            if (firstError == null) {
                firstError = worker.firstError;
            }
        }
        double seconds = elapsed / 1e9;
        // /proc counts CPU in 10ms ticks: over a step much shorter than a second the share is noise.
        boolean cpuMeaningful = elapsed >= MIN_CPU_NANOS;
        double serverCpu = serverCpuStart < 0 || serverCpuEnd < 0 || !cpuMeaningful ? -1
                : 100.0 * (serverCpuEnd - serverCpuStart) / elapsed;
        double clientCpu = cpuMeaningful ? 100.0 * (clientCpuEnd - clientCpuStart) / elapsed : -1;
        return new Outcome(ops, errors, bytes, seconds, latencies, serverCpu, clientCpu, rssPeak, firstError);
    }

    private static String progressLine(String label, int concurrency, List<Worker> workers, long elapsedNanos,
            Duration duration, boolean stopping) {
        long ops = 0;
        long errors = 0;
        long bytes = 0;
        for (Worker worker : workers) {
            ops += worker.ops;
            errors += worker.errors;
            bytes += worker.bytes;
        }
        double seconds = elapsedNanos / 1e9;
        String time = duration == null ? String.format(Locale.ROOT, "%.1fs", seconds)
                : String.format(Locale.ROOT, "%.1f/%ss", seconds, duration.toMillis() / 1000.0);
        return String.format(Locale.ROOT, "%s c%d  %s%s  %d ops  %.0f ops/s  %.1f MiB/s  errors %d", label,
                concurrency, time, stopping ? " (finishing)" : "", ops, ops / seconds,
                bytes / seconds / ByteSizes.MIB, errors);
    }

    private static long clientCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private final class Worker implements Runnable {
        private final WorkerTask task;
        private final CountDownLatch gate;
        private final CountDownLatch ready = new CountDownLatch(1);
        private final LatencyHistogram latencies = new LatencyHistogram();
        private Thread thread;
        private volatile HttpConnection connection;
        private volatile boolean stop;
        private volatile long deadline;
        private volatile long finished;
        private volatile boolean timedOut;
        private volatile long ops;
        private volatile long errors;
        private volatile long bytes;
        private String firstError;

        private Worker(WorkerTask task, CountDownLatch gate) {
            this.task = task;
            this.gate = gate;
        }

        @Override
        public void run() {
            try {
                connection = pool.acquire();
            } catch (IOException e) {
                connection = null;
            }
            ready.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            int consecutiveErrors = 0;
            long start = System.nanoTime();
            while (!stop && start < deadline && consecutiveErrors < MAX_CONSECUTIVE_ERRORS) {
                try {
                    if (connection == null || !connection.isOpen()) {
                        connection = pool.acquire();
                    }
                    long moved = task.execute(connection);
                    if (moved == WorkerTask.NO_MORE_WORK) {
                        break;
                    }
                    long end = System.nanoTime();
                    latencies.record(end - start);
                    bytes += moved;
                    ops++;
                    consecutiveErrors = 0;
                } catch (RequestFailedException e) {
                    failed(e.getMessage());
                    consecutiveErrors++;
                } catch (IOException | RuntimeException e) {
                    failed((timedOut ? "request timed out after " + requestTimeout.toSeconds() + "s: " : "")
                            + e.getClass().getSimpleName() + ": " + e.getMessage());
                    timedOut = false;
                    consecutiveErrors++;
                    HttpConnection broken = connection;
                    connection = null;
                    if (broken != null) {
                        broken.close();
                    }
                    pauseAfterIoError();
                }
                start = System.nanoTime();
            }
            finished = System.nanoTime();
            pool.release(connection);
            connection = null;
        }

        private void failed(String message) {
            errors++;
            if (firstError == null) {
                firstError = message;
            }
        }

        private void pauseAfterIoError() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop = true;
            }
        }
    }
}
