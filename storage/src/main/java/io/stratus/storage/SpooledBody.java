package io.stratus.storage;

import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A body written to a temp file. Its life: written (in tmp/), then {@link #install installed}
 * (fsynced and renamed into data/), then {@link #markCommitted committed} (a metadata record
 * references it). Closing before the commit deletes the file wherever it is.
 */
final class SpooledBody implements IngestedBody {
    private final DataFiles files;
    private final TempFile temp;
    private final FileSegment segment;
    private final ComputedDigests digests;
    private Path installedAt;
    private boolean committed;
    private boolean closed;

    SpooledBody(DataFiles files, TempFile temp, FileSegment segment, ComputedDigests digests) {
        this.files = files;
        this.temp = temp;
        this.segment = segment;
        this.digests = digests;
    }

    @Override
    public ComputedDigests digests() {
        return digests;
    }

    FileSegment segment() {
        return segment;
    }

    FileId fileId() {
        return temp.id();
    }

    /** fsync, rename into data/, fsync the directory. */
    void install() throws StorageException {
        installedAt = files.install(temp);
    }

    /** The metadata commit referencing this file succeeded: it is no longer ours to delete. */
    void markCommitted() {
        committed = true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (committed) {
            files.release(temp.id());
        } else if (installedAt == null) {
            files.discard(temp);
        } else {
            DataFiles.deleteQuietly(installedAt);
            files.release(temp.id());
        }
    }

    /**
     * A temp file being written.
     *
     * @param direct the writer of an O_DIRECT file, which every write must go through; null for
     *               a file written through the page cache
     */
    record TempFile(FileId id, Path path, FileChannel channel, StagedFileWriter direct) {
        /** Waits for a direct write still in flight and frees the staging buffers; idempotent. */
        void closeWriter() {
            if (direct != null) {
                direct.close();
            }
        }
    }
}
