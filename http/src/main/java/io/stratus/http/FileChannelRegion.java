package io.stratus.http;

import static java.util.Objects.requireNonNull;

import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A zero-copy range of a file the caller owns. Unlike Netty's DefaultFileRegion it never closes
 * the channel: the storage engine opened it and closes it after the response finished.
 */
final class FileChannelRegion extends AbstractReferenceCounted implements FileRegion {
    private final FileChannel file;
    private final long position;
    private final long count;
    private final Runnable onProgress;
    private long transferred;

    FileChannelRegion(FileChannel file, long position, long count, Runnable onProgress) {
        this.file = requireNonNull(file, "file is null");
        this.onProgress = requireNonNull(onProgress, "onProgress is null");
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("negative position or count");
        }
        this.position = position;
        this.count = count;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    @Deprecated
    public long transfered() {
        return transferred;
    }

    @Override
    public long transferred() {
        return transferred;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long transferTo(WritableByteChannel target, long offset) throws IOException {
        long remaining = count - offset;
        if (remaining <= 0) {
            return 0;
        }
        long written = file.transferTo(position + offset, remaining, target);
        if (written > 0) {
            transferred += written;
            onProgress.run();
        } else if (file.size() < position + count) {
            // transferTo returns 0 forever past the end of the file; without this check the
            // event loop would spin on a file that was truncated under us.
            throw new IOException("file is shorter than the range being sent: size " + file.size()
                    + ", range ends at " + (position + count));
        }
        return written;
    }

    @Override
    protected void deallocate() {
        // Nothing to free: the caller owns and closes the FileChannel.
    }

    @Override
    public FileChannelRegion retain() {
        super.retain();
        return this;
    }

    @Override
    public FileChannelRegion retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public FileChannelRegion touch() {
        return this;
    }

    @Override
    public FileChannelRegion touch(Object hint) {
        return this;
    }
}
