package io.stratus.bench;

import static java.util.Objects.requireNonNull;

import io.stratus.bench.http.HttpConnection;
import io.stratus.bench.http.HttpResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * Runs one step: {@code concurrency} workers, each with its own keep-alive connection, do their
 * task's operations back to back until the duration is over (operations in flight then finish and
 * count) or the task has no more work. Single-request operations ({@link RequestTask}) are all
 * driven by one event-loop thread ({@link EventLoopWorkers}); operations of several exchanges
 * ({@link WorkerTask}) get a thread per worker. The calling thread shows progress, samples the
 * server's memory and CPU, and sees that no request outlives the request timeout.
 */
final class StepExecutor {
    private static final long SAMPLE_MILLIS = 100;
    /** A worker stops after this many failed operations in a row. */
    static final int MAX_CONSECUTIVE_ERRORS = 100;
    /** How long a worker waits after an I/O error before it reconnects and goes on. */
    static final long PAUSE_AFTER_IO_ERROR_MILLIS = 10;
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

    /** A worker's operations when each is one request; called from the event-loop thread only. */
    interface RequestTask {
        /** The next operation's request, or null when this worker has no more work. */
        Request next();

        /** Checks the response to the request {@link #next()} gave last; returns the payload bytes it moved. */
        long complete(HttpResponse response) throws RequestFailedException;
    }

    /** One operation of several exchanges; a worker's task is called from its thread only. */
    interface WorkerTask {
        long NO_MORE_WORK = -1;

        /** Performs one operation; returns the payload bytes it moved, or {@link #NO_MORE_WORK}. */
        long execute(HttpConnection connection) throws IOException, RequestFailedException;
    }

    record Outcome(long ops, long errors, long bytes, double seconds, LatencyHistogram latencies, double serverCpuPercent,
            double clientCpuPercent, long serverRssPeakBytes, String firstError) {
    }

    /** The workers of one step, however they are run. */
    interface StepWorkers {
        /** Starts the workers; returns once each has its connection, so that connecting is not timed. */
        void prepare() throws InterruptedException;

        /** Lets the workers go; they start operations until {@code deadline} ({@link System#nanoTime()}). */
        void go(long deadline);

        boolean isRunning();

        /** Called at every sample: aborts requests running longer than the timeout. */
        void abortOverdue(long now);

        void join() throws InterruptedException;

        List<? extends Tally> tallies();
    }

    /**
     * Runs single-request operations on one event-loop thread.
     *
     * @param duration how long to start new operations; null to run until every task has no more work
     */
    Outcome runRequests(String label, int concurrency, Duration duration, IntFunction<RequestTask> tasks)
            throws InterruptedException {
        return measure(label, concurrency, duration, new EventLoopWorkers(pool, concurrency, tasks, requestTimeout));
    }

    /**
     * Runs operations of several exchanges on a thread per worker.
     *
     * @param duration how long to start new operations; null to run until every task has no more work
     */
    Outcome run(String label, int concurrency, Duration duration, IntFunction<WorkerTask> tasks)
            throws InterruptedException {
        return measure(label, concurrency, duration, new ThreadWorkers(concurrency, tasks));
    }

    private Outcome measure(String label, int concurrency, Duration duration, StepWorkers workers)
            throws InterruptedException {
        workers.prepare();
        long serverCpuStart = probe.cpuNanos();
        long clientCpuStart = clientCpuNanos();
        long rssPeak = probe.rssBytes();
        long start = System.nanoTime();
        long deadline = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        workers.go(deadline);
        while (workers.isRunning()) {
            Thread.sleep(SAMPLE_MILLIS);
            long now = System.nanoTime();
            rssPeak = Math.max(rssPeak, probe.rssBytes());
            workers.abortOverdue(now);
            progress.update(progressLine(labelPrefix + label, concurrency, workers.tallies(), now - start, duration,
                    now >= deadline));
        }
        workers.join();
        long end = start;
        for (Tally tally : workers.tallies()) {
            end = Math.max(end, tally.finished);
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
        for (Tally tally : workers.tallies()) {
            latencies.add(tally.latencies);
            ops += tally.ops;
            errors += tally.errors;
            bytes += tally.bytes;
            if (firstError == null) {
                firstError = tally.firstError;
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

    private static String progressLine(String label, int concurrency, List<? extends Tally> tallies, long elapsedNanos,
            Duration duration, boolean stopping) {
        long ops = 0;
        long errors = 0;
        long bytes = 0;
        for (Tally tally : tallies) {
            ops += tally.ops;
            errors += tally.errors;
            bytes += tally.bytes;
        }
        double seconds = elapsedNanos / 1e9;
        String time = duration == null ? String.format(Locale.ROOT, "%.1fs", seconds)
                : String.format(Locale.ROOT, "%.1f/%ss", seconds, duration.toMillis() / 1000.0);
        return String.format(Locale.ROOT, "%s c%d  %s%s  %d ops  %.0f ops/s  %.1f MiB/s  errors %d", label,
                concurrency, time, stopping ? " (finishing)" : "", ops, ops / seconds,
                bytes / seconds / ByteSizes.MIB, errors);
    }

    /** How a request that outlived the request timeout is reported, whoever aborted it. */
    static String timedOutMessage(Duration requestTimeout) {
        return "request timed out after " + requestTimeout.toSeconds() + "s";
    }

    private static long clientCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** A thread per worker, each blocking on its connection. */
    private final class ThreadWorkers implements StepWorkers {
        private final CountDownLatch gate = new CountDownLatch(1);
        private final List<Worker> workers;

        ThreadWorkers(int concurrency, IntFunction<WorkerTask> tasks) {
            workers = new ArrayList<>(concurrency);
            for (int i = 0; i < concurrency; i++) {
                workers.add(new Worker(tasks.apply(i), gate));
            }
        }

        @Override
        public void prepare() throws InterruptedException {
            for (int i = 0; i < workers.size(); i++) {
                Worker worker = workers.get(i);
                worker.thread = new Thread(worker, "bench-" + i);
                worker.thread.setDaemon(true);
                worker.thread.start();
            }
            for (Worker worker : workers) {
                worker.ready.await();
            }
        }

        @Override
        public void go(long deadline) {
            for (Worker worker : workers) {
                worker.deadline = deadline;
            }
            gate.countDown();
        }

        @Override
        public boolean isRunning() {
            for (Worker worker : workers) {
                if (worker.thread.isAlive()) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void abortOverdue(long now) {
            for (Worker worker : workers) {
                HttpConnection connection = worker.connection;
                long requestStart = connection == null ? 0 : connection.requestStartNanos();
                if (requestStart != 0 && now - requestStart > requestTimeout.toNanos()) {
                    worker.timedOut = true;
                    connection.close();
                }
            }
        }

        @Override
        public void join() throws InterruptedException {
            for (Worker worker : workers) {
                worker.thread.join();
            }
        }

        @Override
        public List<Worker> tallies() {
            return workers;
        }
    }

    private final class Worker extends Tally implements Runnable {
        private final WorkerTask task;
        private final CountDownLatch gate;
        private final CountDownLatch ready = new CountDownLatch(1);
        private Thread thread;
        private volatile HttpConnection connection;
        private volatile boolean stop;
        private volatile long deadline;
        private volatile boolean timedOut;

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
                    succeeded(System.nanoTime() - start, moved);
                } catch (RequestFailedException e) {
                    failed(e.getMessage());
                } catch (IOException | RuntimeException e) {
                    failed((timedOut ? timedOutMessage(requestTimeout) + ": " : "")
                            + e.getClass().getSimpleName() + ": " + e.getMessage());
                    timedOut = false;
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

        private void pauseAfterIoError() {
            try {
                Thread.sleep(PAUSE_AFTER_IO_ERROR_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop = true;
            }
        }
    }
}
