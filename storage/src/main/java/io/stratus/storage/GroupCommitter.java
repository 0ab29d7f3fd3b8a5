package io.stratus.storage;

import static java.util.Objects.requireNonNull;

import io.stratus.kv.KvBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the metadata of small (inline) object writes on one thread, many per synced batch,
 * and completes each caller's future once its batch is durable.
 *
 * <p>Why: a synchronous writer waits in RocksDB's write group for the leader's fsync, then wakes,
 * then wakes the event loop with its response. On a virtual machine each of those wake-ups costs
 * more than the write itself: a 4 KiB PUT spent about half its server CPU switching threads. Here
 * the caller hands its change over and returns; one thread stages all queued changes into one
 * batch, commits it with one fsync, and completes the futures (whose callbacks send the responses).
 *
 * <p>Each write (a "change" below) is checked and staged exactly as the synchronous put does it,
 * under its key's lock: the bucket still exists, its condition holds against the current record, and
 * the usage shard of the key's stripe moves by the change's delta. A batch takes at most one
 * change per key stripe, because a usage shard's new value is computed from its last committed
 * value; a second change in a stripe (the same key, or a key sharing its stripe) waits for the
 * next batch, as does a change whose key is locked elsewhere. Only the first change of a batch
 * waits for its lock (the thread holds none then), so this thread can never be part of a lock cycle.
 *
 * <p>A change is acknowledged only after its batch committed. When a commit fails, every change of
 * the batch fails with the error, and none of them took effect (the batch is atomic).
 */
final class GroupCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

    /** Writes per batch at most: bounds the time the keys of a batch stay locked. */
    static final int MAX_BATCH = 256;

    /** {@code record} replaces whatever {@code key} holds, if {@code condition} allows; completes with the stored object. */
    record Write(String bucketName, BucketRecord bucket, String key, ObjectRecord record, WriteCondition condition,
                 CompletableFuture<ObjectInfo> done) {
        Write {
            requireNonNull(bucketName, "bucketName is null");
            requireNonNull(bucket, "bucket is null");
            requireNonNull(key, "key is null");
            requireNonNull(record, "record is null");
            requireNonNull(done, "done is null");
        }

        /** Roughly the memory it holds while queued: its record (with an inline body), its key. */
        long weight() {
            return 256L + 2L * key.length() + record.size();
        }
    }

    /** A change staged into the current batch, holding its key's lock. */
    private record Staged(Write write, StorageLocks.KeyLock lock, ObjectWrites.Staged staged) {
    }

    private final MetaTables meta;
    private final LocalBucketStore buckets;
    private final DataFiles files;
    private final StorageLocks locks;
    private final ObjectWrites writes;
    private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    /** The weight of what is in {@link #queue}; above {@link #maxQueuedBytes} new changes are refused. */
    private final AtomicLong queuedBytes = new AtomicLong();
    private final long maxQueuedBytes;
    private final Thread thread;
    private volatile boolean closing;

    GroupCommitter(MetaTables meta, LocalBucketStore buckets, DataFiles files, StorageLocks locks, ObjectWrites writes,
                   long maxQueuedBytes) {
        this.meta = requireNonNull(meta, "meta is null");
        this.buckets = requireNonNull(buckets, "buckets is null");
        this.files = requireNonNull(files, "files is null");
        this.locks = requireNonNull(locks, "locks is null");
        this.writes = requireNonNull(writes, "writes is null");
        this.maxQueuedBytes = maxQueuedBytes;
        this.thread = new Thread(this::run, "stratus-group-commit");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues the change; its future completes once it is durable, or fails with a StorageException:
     * BUSY at once when the queue already holds more than its budget (a burst of connections each
     * with a small upload must not fill the heap; the client retries on 503 SlowDown).
     */
    CompletableFuture<ObjectInfo> submit(Write change) {
        requireNonNull(change, "change is null");
        if (closing) {
            change.done().completeExceptionally(closed());
            return change.done();
        }
        long weight = change.weight();
        long queued = queuedBytes.addAndGet(weight);
        if (queued > maxQueuedBytes && queued != weight) { // (an empty queue always takes one)
            queuedBytes.addAndGet(-weight);
            change.done().completeExceptionally(new StorageException(StorageError.BUSY,
                    "More writes are waiting to be committed than the server holds; retry"));
            return change.done();
        }
        queue.add(change);
        if (closing && queue.remove(change)) {
            // close() began between the check and the add, and its thread may have finished already.
            queuedBytes.addAndGet(-weight);
            change.done().completeExceptionally(closed());
        }
        return change.done();
    }

    /** Commits everything queued so far, then stops; later submissions fail. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Write left; (left = queue.poll()) != null; ) {
            left.done().completeExceptionally(closed());
        }
    }

    private void run() {
        List<Write> round = new ArrayList<>();
        ArrayDeque<Write> deferred = new ArrayDeque<>();
        boolean draining = false;
        while (true) {
            round.addAll(deferred);
            deferred.clear();
            int retried = round.size();
            if (round.isEmpty() && !draining) {
                try {
                    round.add(queue.take());
                } catch (InterruptedException e) {
                    // close(): commit what is queued, then stop.
                    draining = true;
                    Thread.interrupted();
                }
            }
            queue.drainTo(round, MAX_BATCH - round.size());
            for (Write taken : round.subList(retried, round.size())) {
                queuedBytes.addAndGet(-taken.weight());
            }
            if (round.isEmpty()) {
                return; // draining, and nothing is left
            }
            commitRound(round, deferred);
            round.clear();
        }
    }

    /** Stages what it can of {@code round} into one batch and commits it; the rest goes to {@code deferred}. */
    private void commitRound(List<Write> round, ArrayDeque<Write> deferred) {
        List<Staged> staged = new ArrayList<>(round.size());
        BitSet stripes = new BitSet(StorageLocks.KEY_STRIPES);
        StorageException commitFailure = null;
        try (KvBatch batch = meta.newBatch()) {
            for (int i = 0; i < round.size(); i++) {
                Write change = round.get(i);
                long bucketId = change.bucket().id();
                int stripe = StorageLocks.stripe(bucketId, change.key());
                if (stripes.get(stripe)) {
                    deferred.add(change);
                    continue;
                }
                StorageLocks.KeyLock lock = staged.isEmpty()
                        ? locks.lockKey(bucketId, change.key())
                        : locks.tryLockKey(bucketId, change.key());
                if (lock == null) {
                    deferred.add(change);
                    continue;
                }
                try {
                    ObjectWrites.Staged stagedChange = stage(batch, lock, change);
                    stripes.set(stripe);
                    staged.add(new Staged(change, lock, stagedChange));
                } catch (StorageException e) {
                    // Refused before anything of this change went into the batch: only this change fails.
                    lock.close();
                    change.done().completeExceptionally(e);
                } catch (RuntimeException | Error e) {
                    // The batch may hold part of this change: drop the batch, fail this change, and
                    // stage the others again in the next one.
                    lock.close();
                    log.error("staging a change of {}/{} failed", change.bucketName(), change.key(), e);
                    change.done().completeExceptionally(
                            new StorageException(StorageError.INTERNAL, "Staging the change failed: " + e, e));
                    staged.forEach(s -> deferred.add(s.write()));
                    deferred.addAll(round.subList(i + 1, round.size()));
                    return; // (finally releases the staged changes' locks)
                }
            }
            if (!staged.isEmpty()) {
                try {
                    meta.commit(batch);
                    staged.forEach(s -> s.staged().usage().apply());
                } catch (StorageException e) {
                    commitFailure = e;
                } catch (RuntimeException e) {
                    commitFailure = new StorageException(StorageError.INTERNAL, "Metadata commit failed: " + e, e);
                }
            }
        } finally {
            staged.forEach(s -> s.lock().close());
        }
        // Locks are released: the futures' callbacks (the responses) run without holding any.
        for (Staged s : staged) {
            if (commitFailure != null) {
                s.write().done().completeExceptionally(commitFailure);
                continue;
            }
            files.deleteInBackground(s.staged().obsoleteFiles());
            s.write().done().complete(s.write().record().toInfo(s.write().bucketName(), s.write().key()));
        }
    }

    /** Checks the write against the key's current record and stages it, exactly as the synchronous put does. */
    private ObjectWrites.Staged stage(KvBatch batch, StorageLocks.KeyLock lock, Write write) throws StorageException {
        long bucketId = write.bucket().id();
        buckets.requireStill(write.bucketName(), write.bucket());
        ObjectRecord current = meta.object(bucketId, write.key());
        ObjectWrites.checkCondition(write.condition(), current, write.bucketName(), write.key());
        return writes.stageReplace(batch, lock, bucketId, write.key(), current, write.record());
    }

    private static StorageException closed() {
        return new StorageException(StorageError.INTERNAL, "The storage engine is closing");
    }
}
