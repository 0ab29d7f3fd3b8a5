package io.stratus.storage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The object data files: {@code data/ab/cd/<32 hex>} (two fan-out levels from the generated id)
 * and {@code tmp/<32 hex>} while a file is being written. Knows how to make a file durable
 * (fsync it, rename it into place, fsync the directory) and which files are still in flight, so
 * the orphan sweep never deletes a file between its rename and its metadata commit.
 */
final class DataFiles {
    private static final Logger log = LoggerFactory.getLogger(DataFiles.class);

    private final Path dataDir;
    private final Path tmpDir;
    private final Set<FileId> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<Path> durableDirs = ConcurrentHashMap.newKeySet();
    private final ExecutorService reclaimer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "stratus-reclaim");
        thread.setDaemon(true);
        return thread;
    });
    /** Writes and flushes behind uploads ({@link StagedFileWriter}, {@link FlushBehind}); an upload has at most one task queued. */
    private final ExecutorService diskWriter = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "stratus-disk-write");
        thread.setDaemon(true);
        return thread;
    });
    private final Object reclaimLock = new Object();
    private CompletableFuture<Void> reclaimed = CompletableFuture.completedFuture(null);

    private final DirectIo directIo;

    DataFiles(Path dataDir, Path tmpDir) {
        this(dataDir, tmpDir, false);
    }

    /** @param directWrites write temp files with O_DIRECT where the file system allows it */
    DataFiles(Path dataDir, Path tmpDir, boolean directWrites) {
        this.dataDir = dataDir;
        this.tmpDir = tmpDir;
        this.directIo = new DirectIo(tmpDir, directWrites);
    }

    Path dataDir() {
        return dataDir;
    }

    Path tmpDir() {
        return tmpDir;
    }

    Path dataPath(FileId id) {
        String hex = id.hex();
        return dataDir.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }

    Path tempPath(FileId id) {
        return tmpDir.resolve(id.hex());
    }

    /** Creates a new temp file under a fresh id, registered in flight until {@link #release}. */
    SpooledBody.TempFile createTemp() throws StorageException {
        return openTemp(null, null);
    }

    /** Whether {@link #createTemp(ByteBuffer, ByteBuffer)} is on and supported (probed once). */
    boolean directWrites() {
        return directIo.alignment() > 0;
    }

    /**
     * As {@link #createTemp()}, opened with O_DIRECT and written through a {@link StagedFileWriter}
     * that owns the given staging buffers from now on. Only when {@link #directWrites()}.
     *
     * @param spare a second staging buffer to write behind with, or null
     */
    SpooledBody.TempFile createTemp(ByteBuffer staging, ByteBuffer spare) throws StorageException {
        requireNonNull(staging, "staging is null");
        return openTemp(staging, spare);
    }

    private SpooledBody.TempFile openTemp(ByteBuffer staging, ByteBuffer spare) throws StorageException {
        while (true) {
            FileId id = FileId.random();
            inFlight.add(id);
            Path path = tempPath(id);
            try {
                if (staging == null) {
                    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    return new SpooledBody.TempFile(id, path, channel, null);
                }
                FileChannel channel = FileChannel.open(path, DirectIo.CREATE_DIRECT);
                StagedFileWriter writer = new StagedFileWriter(channel, directIo.alignment(), staging, spare, diskWriter);
                return new SpooledBody.TempFile(id, path, channel, writer);
            } catch (FileAlreadyExistsException e) {
                inFlight.remove(id);
                // 128 random bits collided with a leftover: draw again.
            } catch (IOException e) {
                inFlight.remove(id);
                throw DiskErrors.map(e, "creating a temp file");
            }
        }
    }

    /**
     * Makes a finished temp file durable under data/: fsync its bytes, rename it into its fan-out
     * directory and fsync that directory so the rename survives a crash.
     */
    Path install(SpooledBody.TempFile temp) throws StorageException {
        Path target = dataPath(temp.id());
        try {
            temp.closeWriter();
            temp.channel().force(true);
            temp.channel().close();
            ensureDirectory(target.getParent());
            Files.move(temp.path(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw DiskErrors.map(e, "installing data file " + temp.id());
        }
        try {
            fsyncDirectory(target.getParent());
            return target;
        } catch (IOException e) {
            deleteQuietly(target);
            throw DiskErrors.map(e, "syncing the directory of data file " + temp.id());
        }
    }

    /** Background flushing of a temp file written through the page cache, on the disk-writer pool. */
    FlushBehind flushBehind(FileChannel channel) {
        return new FlushBehind(channel, diskWriter);
    }

    /** Abandons a temp file that will not be installed: closes and deletes it. */
    void discard(SpooledBody.TempFile temp) {
        temp.closeWriter();
        try {
            temp.channel().close();
        } catch (IOException e) {
            // we only wrote to it; nothing to recover
        }
        deleteQuietly(temp.path());
        release(temp.id());
    }

    boolean isInFlight(FileId id) {
        return inFlight.contains(id);
    }

    /** Called once the file's fate is settled: committed, or deleted. */
    void release(FileId id) {
        inFlight.remove(id);
    }

    /**
     * Deletes data files whose records are gone (already committed) on the reclaimer thread: the
     * filesystem frees a large file's extents in the unlink, tens of milliseconds that a DELETE or
     * an overwrite need not wait for. Nothing references the files any more, so the delay is
     * invisible except in free space; a crash before they go leaves them to the start-up sweep. A
     * failure is only logged.
     */
    void deleteInBackground(Collection<FileId> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<Path> paths = ids.stream().map(this::dataPath).toList();
        synchronized (reclaimLock) {
            // handleAsync, not thenRunAsync: one failed batch must not skip the ones queued after it.
            reclaimed = reclaimed.handleAsync((done, failure) -> {
                paths.forEach(DataFiles::deleteQuietly);
                return null;
            }, reclaimer);
        }
    }

    /** Completes once every file handed to {@link #deleteInBackground(Collection)} so far is deleted. */
    CompletableFuture<Void> reclaimed() {
        synchronized (reclaimLock) {
            return reclaimed;
        }
    }

    /** Finishes the pending deletions (they are quick one by one) and stops the reclaimer thread. */
    void close() {
        diskWriter.shutdown();
        reclaimer.shutdown();
        try {
            if (!reclaimer.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("data file deletions still pending at close; the next start-up's sweep removes them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // The next start-up's sweep removes it: nothing references it any more.
            log.warn("could not delete {}: {}", path, e.toString());
        }
    }

    /** Empties tmp/ (only unfinished writes of a previous run live there). Returns the count removed. */
    int clearTemp() throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmpDir)) {
            for (Path entry : entries) {
                deleteRecursively(entry);
                removed++;
            }
        }
        return removed;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                for (Path entry : entries) {
                    deleteRecursively(entry);
                }
            }
        }
        Files.deleteIfExists(path);
    }

    /**
     * Creates missing fan-out directories and fsyncs each one's parent, so the new entry is
     * durable before any file renamed into it is committed. A directory counts as durable only
     * after this process fsynced its parent once (cheap: once per directory per run), which also
     * covers a directory another thread created but has not yet synced.
     */
    private void ensureDirectory(Path dir) throws IOException {
        if (durableDirs.contains(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (!dataDir.equals(parent)) {
            ensureDirectory(parent);
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // created by another writer or an earlier run; syncing the parent again is harmless
        }
        fsyncDirectory(parent);
        durableDirs.add(dir);
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            // Windows cannot open a directory as a channel; there the rename is all we can do.
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
                throw e;
            }
        }
    }
}
