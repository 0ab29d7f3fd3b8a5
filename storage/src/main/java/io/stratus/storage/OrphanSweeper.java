package io.stratus.storage;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background walk of data/ after open that deletes files no record references: leftovers of a
 * crash between a file's rename and its metadata commit, or between a commit and the deletion of
 * the files it released. A file is deleted only if it is older than the open (so it cannot be a
 * write of this run), not in flight, and absent from the files table.
 */
final class OrphanSweeper {
    private static final Logger log = LoggerFactory.getLogger(OrphanSweeper.class);

    private final DataFiles files;
    private final MetaTables meta;
    private final Instant cutoff;
    private final CompletableFuture<Integer> done = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean stopped;

    OrphanSweeper(DataFiles files, MetaTables meta, Instant cutoff) {
        this.files = files;
        this.meta = meta;
        this.cutoff = cutoff;
        this.thread = new Thread(this::run, "stratus-orphan-sweep");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Completes with the number of files removed (or exceptionally if the walk failed). */
    CompletableFuture<Integer> done() {
        return done;
    }

    /** Stops the walk and waits (briefly) for the thread to leave the metadata store. */
    void stop() {
        stopped = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("orphan sweep did not stop within 10 s");
        }
    }

    private void run() {
        AtomicInteger removed = new AtomicInteger();
        try {
            Files.walkFileTree(files.dataDir(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (stopped) {
                        return FileVisitResult.TERMINATE;
                    }
                    Optional<FileId> id = FileId.parse(file.getFileName().toString());
                    if (id.isEmpty() || !attributes.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attributes.lastModifiedTime().toInstant().isBefore(cutoff)
                            && !files.isInFlight(id.get())
                            && !meta.fileReferenced(id.get())) {
                        DataFiles.deleteQuietly(file);
                        removed.incrementAndGet();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // A file deleted by a concurrent write while we walk: not an error.
                    return FileVisitResult.CONTINUE;
                }
            });
            if (removed.get() > 0) {
                log.info("removed {} orphaned data files", removed.get());
            }
            done.complete(removed.get());
        } catch (IOException | RuntimeException e) {
            if (!stopped) {
                log.warn("orphan sweep of {} failed: {}", files.dataDir(), e.toString());
            }
            done.completeExceptionally(e);
        }
    }
}
