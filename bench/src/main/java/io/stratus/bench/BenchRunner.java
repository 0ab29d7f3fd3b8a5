package io.stratus.bench;

import static io.stratus.bench.BucketCalls.require;
import static io.stratus.bench.RequestHeads.encode;
import static io.stratus.bench.RequestHeads.objectPath;
import static java.util.Objects.requireNonNull;

import io.stratus.bench.StepExecutor.Outcome;
import io.stratus.bench.StepExecutor.RequestTask;
import io.stratus.bench.StepExecutor.WorkerTask;
import io.stratus.bench.Workload.ListSpec;
import io.stratus.bench.Workload.MultipartSpec;
import io.stratus.bench.Workload.ObjectStep;
import io.stratus.bench.http.HttpConnection.BodyMode;
import io.stratus.bench.http.HttpResponse;
import io.stratus.bench.http.Payload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Runs a {@link Workload} against one S3 endpoint and returns one {@link StepResult} per timed
 * operation. Objects go to a fresh bucket ({@code stratus-bench-<run id>}) that is emptied and
 * removed at the end; the listing bucket is named by the workload and may be kept for reuse.
 */
public final class BenchRunner implements AutoCloseable {
    private static final int CLEANUP_CONCURRENCY = 16;
    private static final int PAYLOAD_CHUNK = (int) ByteSizes.MIB;

    private final S3Target target;
    private final Workload workload;
    private final Progress progress;
    private final Consumer<StepResult> onResult;
    private final RequestHeads heads;
    private final ConnectionPool pool;
    private final BucketCalls calls;
    private final StepExecutor executor;
    private final Payload payload;
    private final RequestTasks tasks;
    private final String runId;
    private final String bucket;
    private boolean bucketCreated;
    private long listFilled;

    /**
     * @param onResult called with each row as soon as its step ends (for printing as it goes)
     */
    public BenchRunner(S3Target target, Workload workload, ServerProbe probe, Progress progress, Clock clock,
            Consumer<StepResult> onResult) {
        this.target = requireNonNull(target, "target is null");
        this.workload = requireNonNull(workload, "workload is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.onResult = requireNonNull(onResult, "onResult is null");
        this.heads = new RequestHeads(target, clock);
        this.pool = new ConnectionPool(target.address());
        this.calls = new BucketCalls(pool, heads);
        this.executor = new StepExecutor(pool, probe, progress, workload.requestTimeout(),
                target.name().contains("://") ? "" : target.name() + ": ");
        this.payload = Payload.random(PAYLOAD_CHUNK, 42);
        this.tasks = new RequestTasks(heads, payload);
        this.runId = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        this.bucket = "stratus-bench-" + runId;
    }

    /**
     * One unit of a run: the warm-up, one object step, the multipart steps, one listing size, or
     * the listing clean-up. `compare --interleave` alternates stores between phases.
     */
    @FunctionalInterface
    public interface Phase {
        List<StepResult> run(BenchRunner runner) throws IOException, InterruptedException;
    }

    /** The workload's phases, in order. */
    public static List<Phase> phases(Workload workload) {
        List<Phase> phases = new ArrayList<>();
        phases.add(runner -> {
            runner.warmUp();
            return List.of();
        });
        for (ObjectStep step : workload.steps()) {
            phases.add(runner -> runner.runObjectStep(step));
        }
        workload.multipart().ifPresent(spec -> phases.add(runner -> runner.runMultipart(spec)));
        workload.list().ifPresent(spec -> {
            for (long keys : spec.keyCounts()) {
                phases.add(runner -> runner.runListLevel(spec, keys));
            }
            phases.add(runner -> {
                runner.finishList(spec);
                return List.of();
            });
        });
        return phases;
    }

    /** Everything the workload asks for, then removes the objects bucket. */
    public List<StepResult> runAll() throws IOException, InterruptedException {
        List<StepResult> results = new ArrayList<>();
        try {
            for (Phase phase : phases(workload)) {
                results.addAll(phase.run(this));
            }
        } finally {
            removeBucket();
        }
        return results;
    }

    /** Forgets kept-alive connections (the server restarted). */
    public void resetConnections() {
        pool.clear();
    }

    @Override
    public void close() {
        pool.close();
    }

    // ---------------------------------------------------------------- object steps

    List<StepResult> runObjectStep(ObjectStep step) throws IOException, InterruptedException {
        ensureBucket();
        long size = step.size();
        int concurrency = step.concurrency();
        String label = ByteSizes.format(size);
        KeyLedger ledger = new KeyLedger("obj/" + label + "-c" + concurrency + "/", concurrency);
        List<StepResult> results = new ArrayList<>();
        try {
            if (step.operations().contains(Operation.PUT)) {
                results.add(timed(Operation.PUT, size, concurrency, 0, w -> tasks.put(bucket, ledger, w, size, Integer.MAX_VALUE)));
            } else {
                // Enough keys to read without a write step: 16MiB worth, at most 1000, at least one per worker.
                long wanted = Math.max(concurrency, Math.min(1000, 16 * ByteSizes.MIB / Math.max(size, 1)));
                int perWorker = (int) ((wanted + concurrency - 1) / concurrency);
                untimed("prepare " + label, concurrency, w -> tasks.put(bucket, ledger, w, size, perWorker));
            }
            if (ledger.total() > 0) {
                if (step.operations().contains(Operation.GET)) {
                    results.add(timed(Operation.GET, size, concurrency, 0, w -> tasks.read(bucket, ledger, w, size, false)));
                }
                if (step.operations().contains(Operation.HEAD)) {
                    results.add(timed(Operation.HEAD, size, concurrency, 0, w -> tasks.read(bucket, ledger, w, size, true)));
                }
                if (step.operations().contains(Operation.DELETE)) {
                    results.add(timed(Operation.DELETE, size, concurrency, 0, w -> deleteTask(ledger, w)));
                }
            }
        } finally {
            deleteLeftovers(ledger);
        }
        return results;
    }

    /** Untimed: the same code paths as the steps, so that the first step is not measured on a cold JIT. */
    void warmUp() throws IOException, InterruptedException {
        if (workload.warmup().isZero()) {
            return;
        }
        ensureBucket();
        int concurrency = 16;
        long size = 4 * ByteSizes.KIB;
        KeyLedger ledger = new KeyLedger("warmup/", concurrency);
        try {
            executor.runRequests("warm-up PUT", concurrency, workload.warmup(), w -> tasks.put(bucket, ledger, w, size, Integer.MAX_VALUE));
            if (ledger.total() > 0) {
                executor.runRequests("warm-up GET", concurrency, workload.warmup(), w -> tasks.read(bucket, ledger, w, size, false));
                executor.runRequests("warm-up HEAD", concurrency, workload.warmup().dividedBy(3), w -> tasks.read(bucket, ledger, w, size, true));
            }
        } finally {
            deleteLeftovers(ledger);
        }
    }

    private RequestTask deleteTask(KeyLedger ledger, int worker) {
        return tasks.deletes(bucket, () -> ledger.pop(worker));
    }

    private void deleteLeftovers(KeyLedger ledger) throws InterruptedException {
        ConcurrentLinkedQueue<String> keys = new ConcurrentLinkedQueue<>();
        for (int w = 0; w < ledger.workers(); w++) {
            for (String key = ledger.pop(w); key != null; key = ledger.pop(w)) {
                keys.add(key);
            }
        }
        deleteKeys(keys);
    }

    private void deleteKeys(ConcurrentLinkedQueue<String> keys) throws InterruptedException {
        if (keys.isEmpty()) {
            return;
        }
        untimed("cleanup", Math.min(CLEANUP_CONCURRENCY, keys.size()), w -> tasks.deletes(bucket, keys::poll));
    }

    // ---------------------------------------------------------------- multipart

    List<StepResult> runMultipart(MultipartSpec spec) throws IOException, InterruptedException {
        ensureBucket();
        List<StepResult> results = new ArrayList<>();
        for (int concurrency : spec.concurrencies()) {
            ConcurrentLinkedQueue<String> completed = new ConcurrentLinkedQueue<>();
            List<LatencyHistogram> completes = new ArrayList<>();
            String prefix = "mpu/" + ByteSizes.format(spec.objectSize()) + "-c" + concurrency + "/";
            try {
                Outcome outcome = executor.run("MULTIPART " + ByteSizes.format(spec.objectSize()), concurrency,
                        workload.duration(), w -> {
                            LatencyHistogram completeLatency = new LatencyHistogram();
                            synchronized (completes) {
                                completes.add(completeLatency);
                            }
                            return multipartTask(spec, prefix + w + "-", completeLatency, completed);
                        });
                results.add(report(Operation.MULTIPART, spec.objectSize(), concurrency, 0, outcome));
                LatencyHistogram completeLatency = new LatencyHistogram();
                completes.forEach(completeLatency::add);
                results.add(report(Operation.MULTIPART_COMPLETE, spec.objectSize(), concurrency, 0,
                        new Outcome(completeLatency.count(), 0, 0, outcome.seconds(), completeLatency, -1, -1, -1, null)));
            } finally {
                deleteKeys(completed);
            }
        }
        return results;
    }

    private WorkerTask multipartTask(MultipartSpec spec, String keyPrefix, LatencyHistogram completeLatency,
            ConcurrentLinkedQueue<String> completed) {
        int parts = spec.parts();
        String[] etags = new String[parts];
        int[] next = {0};
        return connection -> {
            String key = keyPrefix + next[0]++;
            String path = objectPath(bucket, key);
            HttpResponse response = connection.exchange(heads.build("POST", path, "uploads", 0), null, 0, false,
                    BodyMode.CAPTURE);
            require(response, "CreateMultipartUpload", key);
            String uploadId = response.element("UploadId");
            if (uploadId == null) {
                throw new RequestFailedException("CreateMultipartUpload returned no UploadId: " + response.bodyText());
            }
            String id = encode(uploadId, false);
            boolean done = false;
            try {
                for (int part = 1; part <= parts; part++) {
                    long length = Math.min(spec.partSize(), spec.objectSize() - (part - 1) * spec.partSize());
                    response = connection.exchange(heads.build("PUT", path, "partNumber=" + part + "&uploadId=" + id,
                            length), payload, length, false, BodyMode.CAPTURE_WITH_ETAG);
                    require(response, "UploadPart", key);
                    etags[part - 1] = response.etag();
                }
                byte[] xml = completeXml(etags);
                byte[] head = heads.build("POST", path, "uploadId=" + id, xml.length);
                byte[] request = new byte[head.length + xml.length];
                System.arraycopy(head, 0, request, 0, head.length);
                System.arraycopy(xml, 0, request, head.length, xml.length);
                long start = System.nanoTime();
                response = connection.exchange(request, null, 0, false, BodyMode.CAPTURE);
                require(response, "CompleteMultipartUpload", key);
                if (response.element("Code") != null) {
                    throw new RequestFailedException("CompleteMultipartUpload " + key + ": 200 with error "
                            + response.element("Code"));
                }
                completeLatency.record(System.nanoTime() - start);
                completed.add(key);
                done = true;
                return spec.objectSize();
            } finally {
                if (!done && connection.isOpen()) {
                    connection.exchange(heads.build("DELETE", path, "uploadId=" + id, -1), null, 0, false,
                            BodyMode.DISCARD);
                }
            }
        };
    }

    private static byte[] completeXml(String[] etags) {
        StringBuilder xml = new StringBuilder("<CompleteMultipartUpload>");
        for (int i = 0; i < etags.length; i++) {
            xml.append("<Part><PartNumber>").append(i + 1).append("</PartNumber><ETag>").append(etags[i])
                    .append("</ETag></Part>");
        }
        return xml.append("</CompleteMultipartUpload>").toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- listing

    /** Fills the listing bucket up to {@code keys} (only what it lacks), then LISTs at each concurrency. */
    List<StepResult> runListLevel(ListSpec spec, long keys) throws IOException, InterruptedException {
        List<StepResult> results = new ArrayList<>();
        if (listFilled == 0) {
            calls.createBucket(spec.bucket());
        }
        if (!calls.exists(spec.bucket(), listKey(keys - 1))) {
            results.add(fill(spec, listFilled, keys));
        } else {
            progress.message("  " + spec.bucket() + " already holds " + ByteSizes.formatCount(keys)
                    + " keys; not refilled");
        }
        if (listFilled == 0 && !workload.warmup().isZero()) {
            // Untimed, on the smallest bucket only: the first LIST step should not measure a cold JIT.
            executor.runRequests("warm-up LIST", 1, workload.warmup(), w -> tasks.list(spec, keys));
        }
        listFilled = Math.max(listFilled, keys);
        for (int concurrency : spec.concurrencies()) {
            results.add(timed(Operation.LIST, spec.pageSize(), concurrency, keys, w -> tasks.list(spec, keys)));
        }
        return results;
    }

    /** Empties and removes the listing bucket unless the spec keeps it. */
    void finishList(ListSpec spec) throws IOException, InterruptedException {
        if (spec.keepBucket() || listFilled == 0) {
            return;
        }
        AtomicLong next = new AtomicLong();
        long total = listFilled;
        untimed("emptying " + spec.bucket(), CLEANUP_CONCURRENCY, w -> tasks.deletes(spec.bucket(), () -> {
            long index = next.getAndIncrement();
            return index < total ? listKey(index) : null;
        }));
        calls.deleteBucket(spec.bucket());
        listFilled = 0;
    }

    private StepResult fill(ListSpec spec, long from, long to) throws InterruptedException {
        AtomicLong next = new AtomicLong(from);
        String label = "FILL " + spec.bucket() + " to " + ByteSizes.formatCount(to) + " keys";
        Outcome outcome = executor.runRequests(label, spec.fillConcurrency(), null, w -> tasks.emptyPuts(spec.bucket(), () -> {
            long index = next.getAndIncrement();
            return index < to ? listKey(index) : null;
        }));
        if (outcome.errors() > 0) {
            progress.message("  warning: " + outcome.errors() + " fill PUTs failed: " + outcome.firstError());
        }
        return report(Operation.FILL, 0, spec.fillConcurrency(), to, outcome);
    }

    /** key-00000000 .. key-99999999: fixed width, so byte order is numeric order. */
    static String listKey(long index) {
        String digits = Long.toString(index);
        return "key-" + "00000000".substring(Math.min(8, digits.length())) + digits;
    }

    // ---------------------------------------------------------------- plumbing

    private StepResult timed(Operation operation, long size, int concurrency, long listKeys,
            IntFunction<RequestTask> workerTasks) throws InterruptedException {
        String label = operation == Operation.LIST
                ? "LIST " + size + " of " + ByteSizes.formatCount(listKeys)
                : operation.label() + " " + ByteSizes.format(size);
        Outcome outcome = executor.runRequests(label, concurrency, workload.duration(), workerTasks);
        return report(operation, size, concurrency, listKeys, outcome);
    }

    private void untimed(String label, int concurrency, IntFunction<RequestTask> workerTasks)
            throws InterruptedException {
        Outcome outcome = executor.runRequests(label, concurrency, null, workerTasks);
        if (outcome.errors() > 0) {
            progress.message("  warning: " + label + ": " + outcome.errors() + " requests failed: "
                    + outcome.firstError());
        }
    }

    private StepResult report(Operation operation, long size, int concurrency, long listKeys, Outcome outcome) {
        StepResult result = StepResult.of(target.name(), operation, size, concurrency, listKeys, outcome.ops(),
                outcome.errors(), outcome.bytes(), outcome.seconds(), outcome.latencies(), outcome.serverCpuPercent(),
                outcome.clientCpuPercent(), outcome.serverRssPeakBytes(), outcome.firstError());
        onResult.accept(result);
        return result;
    }

    private void ensureBucket() throws IOException {
        if (!bucketCreated) {
            calls.createBucket(bucket);
            bucketCreated = true;
        }
    }

    /** Removes the (by then empty) objects bucket; what {@link #runAll()} ends with. */
    public void removeBucket() {
        if (bucketCreated) {
            try {
                calls.deleteBucket(bucket);
            } catch (IOException e) {
                progress.message("  warning: could not delete bucket " + bucket + ": " + e.getMessage());
            }
            bucketCreated = false;
        }
    }
}
