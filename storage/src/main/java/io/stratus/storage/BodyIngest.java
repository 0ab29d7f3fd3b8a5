package io.stratus.storage;

import io.stratus.core.checksum.ChecksumAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads a request body exactly once, hashing it on the way (see {@link BodyDigester}), into memory
 * when it is small enough to inline or else into a temp file.
 *
 * <p>Exceptions thrown by the body stream itself (an I/O error, or e.g. a signature failure
 * raised by the auth layer's stream) propagate unchanged after clean-up; failures of our own disk
 * become {@link StorageException}s. The free-space reserve is checked before writing and every
 * few MiB while writing ({@link FreeSpaceGuard}).
 */
final class BodyIngest {
    private static final int BUFFER_SIZE = 256 * 1024;
    private static final long SPACE_CHECK_INTERVAL = 4L * 1024 * 1024;
    /** Bodies from this size up (and those of unknown length) are written with O_DIRECT where possible. */
    static final long DIRECT_MIN_LENGTH = 8L * 1024 * 1024;

    private final DataFiles files;
    private final FreeSpaceGuard space;
    private final StorageOptions options;

    BodyIngest(DataFiles files, FreeSpaceGuard space, StorageOptions options) {
        this.files = files;
        this.space = space;
        this.options = options;
    }

    /**
     * @param contentLength exact bytes the body must yield, or -1 to read to EOF
     * @param allowInline   false for multipart parts, which always get their own file
     */
    IngestedBody ingest(InputStream body, long contentLength, ChecksumAlgorithm algorithm, boolean allowInline) throws Exception {
        if (contentLength < -1) {
            throw new IllegalArgumentException("contentLength must be >= -1: " + contentLength);
        }
        int threshold = options.inlineThreshold();
        space.require(Math.max(contentLength, 0), allowInline && contentLength >= 0 && contentLength <= threshold);
        BodyDigester digester = new BodyDigester(algorithm, options.blockSize());
        if (!allowInline || contentLength > threshold) {
            return spool(body, contentLength, digester, null, 0);
        }
        // Read up to one byte more than can be inlined to learn which way the body goes.
        int capacity = contentLength >= 0 ? (int) contentLength : threshold + 1;
        byte[] memory = new byte[capacity];
        int n = readUpTo(body, memory);
        if (contentLength >= 0) {
            if (n < contentLength) {
                throw shortBody(contentLength, n);
            }
            expectEnd(body, contentLength);
        } else if (n > threshold) {
            return spool(body, contentLength, digester, memory, n);
        }
        byte[] bytes = n == memory.length ? memory : Arrays.copyOf(memory, n);
        digester.update(bytes, 0, bytes.length);
        return new IngestedBody.InMemory(bytes, digester.finish());
    }

    private SpooledBody spool(InputStream body, long contentLength, BodyDigester digester, byte[] head, int headLength) throws Exception {
        SpooledBody.TempFile temp = createTemp(contentLength);
        boolean done = false;
        try (Writer writer = new Writer(temp, digester)) {
            if (head != null) {
                writer.write(head, 0, headLength);
            }
            byte[] buffer = new byte[BUFFER_SIZE];
            long remaining = contentLength < 0 ? Long.MAX_VALUE : contentLength - headLength;
            while (remaining > 0) {
                int n = body.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    if (contentLength >= 0) {
                        throw shortBody(contentLength, digester.size());
                    }
                    break;
                }
                writer.write(buffer, 0, n);
                remaining -= n;
            }
            if (contentLength >= 0) {
                expectEnd(body, contentLength);
            }
            writer.finish();
            ComputedDigests digests = digester.finish();
            FileSegment segment = new FileSegment(temp.id(), digests.size(), digester.blockSize(), digester.blockCrcs());
            SpooledBody spooled = new SpooledBody(files, temp, segment, digests);
            done = true;
            return spooled;
        } finally {
            if (!done) {
                files.discard(temp);
            }
        }
    }

    /**
     * A temp file with O_DIRECT for a large body (see {@link StagedFileWriter}) when a staging
     * buffer is free, else one written through the page cache. Smaller bodies always go through
     * the cache: they gain little from skipping it and are the ones most often read right back.
     */
    private SpooledBody.TempFile createTemp(long contentLength) throws StorageException {
        boolean large = contentLength < 0 || contentLength >= DIRECT_MIN_LENGTH;
        if (!large || !files.directWrites()) {
            return files.createTemp();
        }
        ByteBuffer staging = BufferPool.STAGING.tryAcquire();
        if (staging == null) {
            return files.createTemp();
        }
        ByteBuffer spare = BufferPool.STAGING.tryAcquire();
        try {
            return files.createTemp(staging, spare);
        } catch (StorageException | RuntimeException e) {
            BufferPool.STAGING.release(staging);
            BufferPool.STAGING.release(spare);
            throw e;
        }
    }

    private static int readUpTo(InputStream body, byte[] into) throws IOException {
        int n = 0;
        while (n < into.length) {
            int read = body.read(into, n, into.length - n);
            if (read < 0) {
                break;
            }
            n += read;
        }
        return n;
    }

    /** A body that yields more than it declared is as broken as one that yields less. */
    private static void expectEnd(InputStream body, long contentLength) throws IOException, StorageException {
        if (body.read() != -1) {
            throw new StorageException(StorageError.INCOMPLETE_BODY,
                    "Request body is longer than its declared length of " + contentLength + " bytes");
        }
    }

    private static StorageException shortBody(long expected, long actual) {
        return new StorageException(StorageError.INCOMPLETE_BODY,
                "Request body ended after " + actual + " of " + expected + " declared bytes");
    }

    /** Hashes and appends to the temp file, re-checking the free-space reserve as it grows. */
    private final class Writer implements AutoCloseable {
        private final SpooledBody.TempFile temp;
        private final BodyDigester digester;
        private long sinceSpaceCheck;
        /** Page-cache writes only: a direct write has nothing in the cache to flush. */
        private final FlushBehind flushBehind;

        Writer(SpooledBody.TempFile temp, BodyDigester digester) {
            this.temp = temp;
            this.digester = digester;
            this.flushBehind = temp.direct() == null ? files.flushBehind(temp.channel()) : null;
        }

        void write(byte[] bytes, int offset, int length) throws StorageException {
            digester.update(bytes, offset, length);
            try {
                if (temp.direct() != null) {
                    temp.direct().write(bytes, offset, length);
                } else {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                    while (buffer.hasRemaining()) {
                        temp.channel().write(buffer);
                    }
                    flushBehind.written(length);
                }
            } catch (IOException e) {
                throw DiskErrors.map(e, "writing " + temp.path());
            }
            sinceSpaceCheck += length;
            if (sinceSpaceCheck >= SPACE_CHECK_INTERVAL) {
                sinceSpaceCheck = 0;
                space.require(0, false);
            }
        }

        void finish() throws StorageException {
            try {
                if (temp.direct() == null) {
                    flushBehind.finish();
                } else {
                    temp.direct().finish();
                }
            } catch (IOException e) {
                throw DiskErrors.map(e, "writing " + temp.path());
            }
        }

        /** Ends the background work on the file: a pending flush, a direct upload's staging buffers. */
        @Override
        public void close() {
            if (flushBehind != null) {
                flushBehind.close();
            }
            temp.closeWriter();
        }
    }
}
