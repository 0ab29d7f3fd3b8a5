package io.stratus.storage.disk;

import io.stratus.core.checksum.ChecksumAlgorithm;
import io.stratus.core.checksum.Checksummer;
import io.stratus.core.checksum.Checksummers;
import io.stratus.storage.ComputedDigests;
import io.stratus.storage.StorageError;
import io.stratus.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Streams one request body to its resting place while hashing it: MD5 (ETag), the requested S3
 * checksum, and CRC32C per block (verified on every read). Bodies up to the inline threshold stay
 * in memory; larger ones go to a temp file that is fsynced before {@link #publish} renames it.
 * Exceptions thrown by the body stream propagate unchanged after the temp file is removed.
 */
final class Ingest implements AutoCloseable {
    private static final int IO_BUFFER = 256 * 1024;
    private static final long SPACE_CHECK_INTERVAL = 8L * 1024 * 1024;

    private final DataFiles files;
    private final int inlineThreshold;
    private final int blockSize;
    private Path temp;
    private String name;
    private Segment segment;
    private ComputedDigests digests;
    private boolean published;

    Ingest(DataFiles files, int inlineThreshold, int blockSize) {
        this.files = files;
        this.inlineThreshold = inlineThreshold;
        this.blockSize = blockSize;
    }

    /** Reads the whole body. {@code contentLength} -1 = until EOF. */
    void read(InputStream body, long contentLength, ChecksumAlgorithm algorithm) throws Exception {
        Checksummer md5 = Checksummers.md5();
        Checksummer sum = algorithm == null ? null : algorithm.newChecksummer();
        byte[] buf = new byte[IO_BUFFER];
        // Fill up to the inline threshold first: most objects end there and never touch a file.
        int inlineLimit = contentLength >= 0 && contentLength > inlineThreshold ? 0 : inlineThreshold + 1;
        byte[] head = new byte[Math.min(inlineLimit, IO_BUFFER + inlineThreshold)];
        int headLen = 0;
        while (headLen < inlineLimit) {
            int n = body.read(head, headLen, inlineLimit - headLen);
            if (n < 0) {
                break;
            }
            headLen += n;
            checkNotLonger(headLen, contentLength);
        }
        if (headLen <= inlineThreshold && inlineLimit > 0) {
            checkExact(headLen, contentLength);
            byte[] bytes = Arrays.copyOf(head, headLen);
            md5.update(bytes);
            if (sum != null) {
                sum.update(bytes);
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes);
            segment = new Segment.Inline(bytes, (int) crc.getValue());
            digests = new ComputedDigests(headLen, md5.digest(), sum == null ? null : sum.digestBase64());
            return;
        }
        files.checkFreeSpace();
        name = files.newName();
        temp = files.tempPath(name);
        long total = 0;
        long nextSpaceCheck = SPACE_CHECK_INTERVAL;
        BlockCrcs crcs = new BlockCrcs(blockSize);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (headLen > 0) {
                total += write(out, head, headLen, md5, sum, crcs);
            }
            int n;
            while ((n = body.read(buf, 0, buf.length)) >= 0) {
                if (n == 0) {
                    continue;
                }
                total += write(out, buf, n, md5, sum, crcs);
                checkNotLonger(total, contentLength);
                if (total >= nextSpaceCheck) {
                    files.checkFreeSpace();
                    nextSpaceCheck += SPACE_CHECK_INTERVAL;
                }
            }
            checkExact(total, contentLength);
            out.force(true);
        } catch (IOException e) {
            if (isDiskFull(e)) {
                throw new StorageException(StorageError.INSUFFICIENT_STORAGE, "No space left on the data directory", e);
            }
            throw e;
        }
        segment = new Segment.File(name, total, blockSize, crcs.finish());
        digests = new ComputedDigests(total, md5.digest(), sum == null ? null : sum.digestBase64());
    }

    private static int write(FileChannel out, byte[] b, int len, Checksummer md5, Checksummer sum, BlockCrcs crcs)
            throws IOException {
        md5.update(b, 0, len);
        if (sum != null) {
            sum.update(b, 0, len);
        }
        crcs.update(b, 0, len);
        ByteBuffer bb = ByteBuffer.wrap(b, 0, len);
        while (bb.hasRemaining()) {
            out.write(bb);
        }
        return len;
    }

    private static boolean isDiskFull(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No space left") || m.contains("Disk quota exceeded");
    }

    private static void checkNotLonger(long read, long contentLength) throws StorageException {
        if (contentLength >= 0 && read > contentLength) {
            throw new StorageException(StorageError.INCOMPLETE_BODY, "The body is longer than its declared length");
        }
    }

    private static void checkExact(long read, long contentLength) throws StorageException {
        if (contentLength >= 0 && read != contentLength) {
            throw new StorageException(StorageError.INCOMPLETE_BODY,
                    "You did not provide the number of bytes specified by the Content-Length HTTP header.");
        }
    }

    Segment segment() {
        return segment;
    }

    ComputedDigests digests() {
        return digests;
    }

    /** Makes a file-backed body durable at its final name (no-op for inline bodies). */
    void publish() throws IOException {
        if (temp != null) {
            files.publish(temp, name);
            published = true;
        }
    }

    /** Deletes what this ingest wrote unless it was published and then handed to a committed record. */
    void discardPublished() {
        if (published) {
            files.delete(name);
        }
    }

    @Override
    public void close() {
        if (temp != null && !published) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // swept at the next start
            }
        }
    }

    /** CRC32C of each fixed-size block of a stream. */
    static final class BlockCrcs {
        private final int blockSize;
        private final CRC32C crc = new CRC32C();
        private int inBlock;
        private int[] values = new int[16];
        private int count;

        BlockCrcs(int blockSize) {
            this.blockSize = blockSize;
        }

        void update(byte[] b, int off, int len) {
            while (len > 0) {
                int take = Math.min(len, blockSize - inBlock);
                crc.update(b, off, take);
                inBlock += take;
                off += take;
                len -= take;
                if (inBlock == blockSize) {
                    add();
                }
            }
        }

        private void add() {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = (int) crc.getValue();
            crc.reset();
            inBlock = 0;
        }

        int[] finish() {
            if (inBlock > 0) {
                add();
            }
            return Arrays.copyOf(values, count);
        }
    }
}
