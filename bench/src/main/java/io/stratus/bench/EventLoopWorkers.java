package io.stratus.bench;

import static java.util.Objects.requireNonNull;

import io.stratus.bench.StepExecutor.RequestTask;
import io.stratus.bench.http.HttpConnection;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * The workers of a step of single-request operations, all driven by one thread over non-blocking
 * connections and a selector, as wrk and Go's net/http clients do. A thread per connection would
 * sleep in a read after every request; on a 2-core machine, waking it up again cost the server
 * about a fifth of its CPU per small GET (the kernel does the wake-up in the sender's system call)
 * and the client about twice the CPU per request of this loop.
 */
final class EventLoopWorkers implements StepExecutor.StepWorkers {
    /** How often overdue requests and paused workers are looked at. */
    private static final long SWEEP_MILLIS = 10;

    private final ConnectionPool pool;
    private final List<Slot> slots;
    private final Duration requestTimeout;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch gate = new CountDownLatch(1);
    private volatile long deadline;
    private Thread thread;
    private Selector selector;
    private int active;

    EventLoopWorkers(ConnectionPool pool, int concurrency, IntFunction<RequestTask> tasks, Duration requestTimeout) {
        this.pool = requireNonNull(pool, "pool is null");
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
        slots = new ArrayList<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            slots.add(new Slot(tasks.apply(i)));
        }
    }

    /** One worker: its task, its connection and the request it has in flight. */
    private static final class Slot extends Tally {
        private final RequestTask task;
        private HttpConnection connection;
        private boolean inFlight;
        private long started;
        /** Paused after an I/O error, until resumeAt. */
        private boolean paused;
        private long resumeAt;
        private boolean done;

        private Slot(RequestTask task) {
            this.task = requireNonNull(task, "task is null");
        }
    }

    @Override
    public void prepare() throws InterruptedException {
        thread = new Thread(this::run, "bench-loop");
        thread.setDaemon(true);
        thread.start();
        ready.await();
    }

    @Override
    public void go(long deadline) {
        this.deadline = deadline;
        gate.countDown();
    }

    @Override
    public boolean isRunning() {
        return thread.isAlive();
    }

    @Override
    public void abortOverdue(long now) {
        // The loop looks at its own requests' age: only its thread may touch the connections.
    }

    @Override
    public void join() throws InterruptedException {
        thread.join();
    }

    @Override
    public List<Slot> tallies() {
        return slots;
    }

    private void run() {
        try (Selector opened = Selector.open()) {
            selector = opened;
            for (Slot slot : slots) {
                try {
                    connect(slot);
                } catch (IOException e) {
                    slot.connection = null; // counted as an error when the worker starts
                }
            }
            ready.countDown();
            gate.await();
            active = slots.size();
            long now = System.nanoTime();
            for (Slot slot : slots) {
                startNext(slot, now);
            }
            long nextSweep = now;
            while (active > 0) {
                selector.select(SWEEP_MILLIS);
                for (SelectionKey key : selector.selectedKeys()) {
                    handle((Slot) key.attachment(), key);
                }
                selector.selectedKeys().clear();
                now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    sweep(now);
                    nextSweep = now + SWEEP_MILLIS * 1_000_000L;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            slots.get(0).failed("cannot open a selector: " + e.getMessage());
        } finally {
            ready.countDown();
            long now = System.nanoTime();
            for (Slot slot : slots) {
                if (!slot.done) {
                    slot.finished = now;
                }
                release(slot);
            }
        }
    }

    /** Fails requests older than the timeout, and starts workers whose pause after an error is over. */
    private void sweep(long now) {
        for (Slot slot : slots) {
            if (slot.inFlight && now - slot.started > requestTimeout.toNanos()) {
                ioFailed(slot, StepExecutor.timedOutMessage(requestTimeout), now);
            } else if (slot.paused && now - slot.resumeAt >= 0) {
                slot.paused = false;
                startNext(slot, now);
            }
        }
    }

    private void connect(Slot slot) throws IOException {
        HttpConnection connection = pool.acquire();
        try {
            connection.register(selector, slot);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
        slot.connection = connection;
    }

    /** The selector is closed by now, so the connection can go back to blocking use in the pool. */
    private void release(Slot slot) {
        HttpConnection connection = slot.connection;
        slot.connection = null;
        if (connection == null || slot.inFlight) {
            if (connection != null) {
                connection.close();
            }
            return;
        }
        try {
            connection.unregister();
            pool.release(connection);
        } catch (IOException e) {
            connection.close();
        }
    }

    /** Starts the worker's next operation, or retires the worker when it is done. */
    private void startNext(Slot slot, long now) {
        if (slot.done) {
            return;
        }
        if (now >= deadline || slot.consecutiveErrors >= StepExecutor.MAX_CONSECUTIVE_ERRORS) {
            retire(slot, now);
            return;
        }
        try {
            if (slot.connection == null || !slot.connection.isOpen()) {
                dropConnection(slot);
                connect(slot);
            }
            Request request = slot.task.next();
            if (request == null) {
                retire(slot, now);
                return;
            }
            slot.started = now;
            slot.inFlight = true;
            slot.connection.begin(request.head(), request.body(), request.bodyLength(), request.headRequest(),
                    request.mode());
            slot.connection.onWritable();
        } catch (IOException | RuntimeException e) {
            ioFailed(slot, e.getClass().getSimpleName() + ": " + e.getMessage(), now);
        }
    }

    private void handle(Slot slot, SelectionKey key) {
        if (!key.isValid() || !slot.inFlight) {
            return;
        }
        try {
            if (key.isWritable()) {
                slot.connection.onWritable();
            } else if (key.isReadable() && slot.connection.onReadable()) {
                slot.inFlight = false;
                long end = System.nanoTime();
                try {
                    long moved = slot.task.complete(slot.connection.response());
                    slot.succeeded(end - slot.started, moved);
                } catch (RequestFailedException e) {
                    slot.failed(e.getMessage());
                }
                startNext(slot, end);
            }
        } catch (IOException | RuntimeException e) {
            ioFailed(slot, e.getClass().getSimpleName() + ": " + e.getMessage(), System.nanoTime());
        }
    }

    /** The connection is dropped and the worker pauses a little before it tries again. */
    private void ioFailed(Slot slot, String message, long now) {
        slot.inFlight = false;
        slot.failed(message);
        dropConnection(slot);
        slot.paused = true;
        slot.resumeAt = now + StepExecutor.PAUSE_AFTER_IO_ERROR_MILLIS * 1_000_000L;
    }

    private void dropConnection(Slot slot) {
        if (slot.connection != null) {
            slot.connection.close();
            slot.connection = null;
        }
    }

    private void retire(Slot slot, long now) {
        slot.done = true;
        slot.finished = now;
        active--;
    }
}
