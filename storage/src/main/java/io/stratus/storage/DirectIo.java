package io.stratus.storage;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether temp files can be written with O_DIRECT, and with what alignment. Some file systems
 * (tmpfs, some network and FUSE mounts) refuse O_DIRECT, and the JDK requires buffers, positions
 * and lengths aligned to the file system's block size; so the first temp file probes once by
 * writing one aligned block, and the answer holds for the life of the process. Where the probe
 * fails, files are written through the page cache as before.
 */
final class DirectIo {
    private static final Logger log = LoggerFactory.getLogger(DirectIo.class);

    static final Set<OpenOption> CREATE_DIRECT =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);

    private final Path dir;
    private final boolean wanted;
    private volatile int alignment = -1;

    DirectIo(Path dir, boolean wanted) {
        this.dir = dir;
        this.wanted = wanted;
    }

    /** The alignment direct writes need, or 0 when temp files are written through the page cache. */
    int alignment() {
        int known = alignment;
        if (known < 0) {
            synchronized (this) {
                known = alignment;
                if (known < 0) {
                    known = wanted ? probe() : 0;
                    alignment = known;
                }
            }
        }
        return known;
    }

    private int probe() {
        Path probe = dir.resolve("direct-io-probe-" + ProcessHandle.current().pid());
        try {
            long blockSize = Files.getFileStore(dir).getBlockSize();
            // Buffers are page-aligned (BufferPool), so a larger block size cannot be served.
            if (blockSize <= 0 || blockSize > BufferPool.PAGE || Long.bitCount(blockSize) != 1
                    || BufferPool.STAGING.capacity() % blockSize != 0) {
                log.info("writing data through the page cache: block size {} of {} does not suit O_DIRECT", blockSize, dir);
                return 0;
            }
            ByteBuffer block = ByteBuffer.allocateDirect(2 * BufferPool.PAGE).alignedSlice(BufferPool.PAGE)
                    .limit((int) blockSize);
            try (FileChannel channel = FileChannel.open(probe, CREATE_DIRECT)) {
                while (block.hasRemaining()) {
                    channel.write(block);
                }
            }
            log.debug("temp files written with O_DIRECT, {}-byte alignment", blockSize);
            return (int) blockSize;
        } catch (IOException | UnsupportedOperationException e) {
            log.info("writing data through the page cache: {} refuses O_DIRECT ({})", dir, e.toString());
            return 0;
        } finally {
            DataFiles.deleteQuietly(probe);
        }
    }
}
