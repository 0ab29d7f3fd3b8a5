package io.stratus.storage;

import static java.util.Objects.requireNonNull;

import io.stratus.kv.KvBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the metadata of small (inline) object writes on one thread, many writes per synced
 * batch, and completes each writer's future once its batch is durable.
 *
 * <p>Why: a synchronous writer waits in RocksDB's write group for the leader's fsync, then wakes,
 * then wakes the event loop with its response. On a virtual machine each of those wake-ups costs
 * more than the write itself: a 4 KiB PUT spent about half its server CPU switching threads. Here
 * the caller hands its write over and returns; one thread stages all queued writes into one batch,
 * commits it with one fsync, and completes the futures (whose callbacks send the responses).
 *
 * <p>Each write is checked and staged exactly as a synchronous put does it, under its key's lock:
 * the bucket still exists, the write condition holds against the current record, and the usage
 * shard of the key's stripe moves by the write's delta. A batch takes at most one write per key
 * stripe, because a usage shard's new value is computed from its last committed value; a second
 * write to a stripe (the same key, or a key sharing its stripe) waits for the next batch, as does
 * a write whose key is locked elsewhere. Only the first write of a batch waits for its lock (the
 * thread holds none then), so this thread can never be part of a lock cycle.
 *
 * <p>A write is acknowledged only after its batch committed. When a commit fails, every write of
 * the batch fails with the error, and none of them changed anything (the batch is atomic).
 */
final class GroupCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

    /** Writes per batch at most: bounds the time the keys of a batch stay locked. */
    static final int MAX_BATCH = 256;

    /** One queued write: {@code record} replaces whatever {@code key} holds, if {@code condition} allows. */
    record Write(String bucketName, BucketRecord bucket, String key, ObjectRecord record, WriteCondition condition,
                 CompletableFuture<ObjectInfo> done) {
        Write {
            requireNonNull(bucketName, "bucketName is null");
            requireNonNull(bucket, "bucket is null");
            requireNonNull(key, "key is null");
            requireNonNull(record, "record is null");
            requireNonNull(done, "done is null");
        }
    }

    /** A write staged into the current batch, holding its key's lock. */
    private record Staged(Write write, StorageLocks.KeyLock lock, ObjectWrites.Staged change) {
    }

    private final MetaTables meta;
    private final LocalBucketStore buckets;
    private final DataFiles files;
    private final StorageLocks locks;
    private final ObjectWrites writes;
    private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;

    GroupCommitter(MetaTables meta, LocalBucketStore buckets, DataFiles files, StorageLocks locks, ObjectWrites writes) {
        this.meta = requireNonNull(meta, "meta is null");
        this.buckets = requireNonNull(buckets, "buckets is null");
        this.files = requireNonNull(files, "files is null");
        this.locks = requireNonNull(locks, "locks is null");
        this.writes = requireNonNull(writes, "writes is null");
        this.thread = new Thread(this::run, "stratus-group-commit");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues the write; its future completes with the stored object, or fails with a StorageException. */
    CompletableFuture<ObjectInfo> submit(Write write) {
        requireNonNull(write, "write is null");
        if (closing) {
            write.done().completeExceptionally(closed());
            return write.done();
        }
        queue.add(write);
        if (closing && queue.remove(write)) {
            // close() began between the check and the add, and its thread may have finished already.
            write.done().completeExceptionally(closed());
        }
        return write.done();
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
                Write write = round.get(i);
                int stripe = StorageLocks.stripe(write.bucket().id(), write.key());
                if (stripes.get(stripe)) {
                    deferred.add(write);
                    continue;
                }
                StorageLocks.KeyLock lock = staged.isEmpty()
                        ? locks.lockKey(write.bucket().id(), write.key())
                        : locks.tryLockKey(write.bucket().id(), write.key());
                if (lock == null) {
                    deferred.add(write);
                    continue;
                }
                try {
                    buckets.requireStill(write.bucketName(), write.bucket());
                    ObjectRecord current = meta.object(write.bucket().id(), write.key());
                    ObjectWrites.checkCondition(write.condition(), current, write.bucketName(), write.key());
                    ObjectWrites.Staged change = writes.stageReplace(batch, lock, write.bucket().id(), write.key(),
                            current, write.record());
                    stripes.set(stripe);
                    staged.add(new Staged(write, lock, change));
                } catch (StorageException e) {
                    // Refused before anything of this write went into the batch: only this write fails.
                    lock.close();
                    write.done().completeExceptionally(e);
                } catch (RuntimeException | Error e) {
                    // The batch may hold part of this write: drop the batch, fail this write, and
                    // stage the others again in the next one.
                    lock.close();
                    log.error("staging a write of {}/{} failed", write.bucketName(), write.key(), e);
                    write.done().completeExceptionally(
                            new StorageException(StorageError.INTERNAL, "Staging the write failed: " + e, e));
                    staged.forEach(s -> deferred.add(s.write()));
                    deferred.addAll(round.subList(i + 1, round.size()));
                    return; // (finally releases the staged writes' locks)
                }
            }
            if (!staged.isEmpty()) {
                try {
                    meta.commit(batch);
                    staged.forEach(s -> s.change().usage().apply());
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
            } else {
                files.deleteInBackground(s.change().obsoleteFiles());
                s.write().done().complete(s.write().record().toInfo(s.write().bucketName(), s.write().key()));
            }
        }
    }

    private static StorageException closed() {
        return new StorageException(StorageError.INTERNAL, "The storage engine is closing");
    }
}
