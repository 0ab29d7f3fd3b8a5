package io.stratus.http;

import io.netty.channel.DefaultFileRegion;
import java.nio.channels.FileChannel;

/**
 * A zero-copy range of a file the caller owns. Unlike its parent it never closes the channel: the
 * storage engine opened it, sends several regions of it, and closes it after the response
 * finished. It must be a {@link DefaultFileRegion}: the native epoll transport uses
 * {@code sendfile} only for those (any other FileRegion is copied through a heap buffer), and both
 * transports check that the file still covers the range instead of spinning on a truncated one.
 */
final class FileChannelRegion extends DefaultFileRegion {
    FileChannelRegion(FileChannel file, long position, long count) {
        super(file, position, count);
    }

    @Override
    protected void deallocate() {
        // Nothing to free: the caller owns and closes the FileChannel.
    }
}
