package io.stratus.storage;

import io.stratus.core.checksum.ChecksumAlgorithm;
import io.stratus.core.checksum.Checksummers;
import io.stratus.core.io.BodySink;
import io.stratus.core.util.Hex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Shared helpers for the storage tests. */
final class StorageTesting {
    private StorageTesting() {
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static PutObjectRequest putRequest(String bucket, String key, byte[] body) {
        return new PutObjectRequest(bucket, key, ObjectMetadata.empty(), new ByteArrayInputStream(body), body.length,
                ChecksumAlgorithm.CRC32C, PreCommitCheck.NONE, WriteCondition.NONE);
    }

    static ObjectInfo put(StorageEngine engine, String bucket, String key, byte[] body) throws Exception {
        return engine.objects().put(putRequest(bucket, key, body));
    }

    static byte[] read(StorageEngine engine, String bucket, String key) throws Exception {
        long size = engine.objects().head(bucket, key).size();
        return read(engine, bucket, key, 0, size);
    }

    static byte[] read(StorageEngine engine, String bucket, String key, long offset, long length) throws Exception {
        try (ObjectBody body = engine.objects().open(bucket, key, offset, length)) {
            CollectingSink sink = new CollectingSink();
            body.writeTo(sink);
            return sink.bytes();
        }
    }

    static String md5Hex(byte[] bytes) {
        var md5 = Checksummers.md5();
        md5.update(bytes);
        return Hex.encode(md5.digest());
    }

    static String crc32cBase64(byte[] bytes) {
        var crc = ChecksumAlgorithm.CRC32C.newChecksummer();
        crc.update(bytes);
        return crc.digestBase64();
    }

    /** Regular files under {@code root/sub} (relative names), sorted. */
    /** The data files once the background deletions queued so far have run. */
    static Set<String> dataFiles(LocalStorageEngine engine, Path root) throws IOException {
        engine.reclaimed().join();
        return filesUnder(root, "data");
    }

    static Set<String> filesUnder(Path root, String sub) throws IOException {
        Path dir = root.resolve(sub);
        Set<String> names = new TreeSet<>();
        if (!Files.exists(dir)) {
            return names;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.filter(Files::isRegularFile).forEach(p -> names.add(dir.relativize(p).toString()));
        }
        return names;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * A sink that keeps every byte it is given and counts how it was given them. Lent buffers are
     * held, unread, until {@link #bytes()}: their content then shows whether the reader reused a
     * buffer it had lent (as a socket write still in progress would), and only then are they released.
     */
    static final class CollectingSink implements BodySink {
        private final List<Object> pieces = new ArrayList<>();
        private final List<Runnable> releases = new ArrayList<>();
        int transfers;
        int writes;
        int lent;

        @Override
        public void write(ByteBuffer bytes) {
            writes++;
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            pieces.add(copy);
        }

        @Override
        public void writeOwned(ByteBuffer bytes, Runnable release) {
            lent++;
            pieces.add(bytes);
            releases.add(release);
        }

        @Override
        public void transferFile(FileChannel file, long position, long count) throws IOException {
            transfers++;
            ByteBuffer buffer = ByteBuffer.allocate((int) count);
            while (buffer.hasRemaining()) {
                if (file.read(buffer, position + buffer.position()) < 0) {
                    throw new IOException("file ended early");
                }
            }
            pieces.add(buffer.array());
        }

        /** Everything received, in order; releases the lent buffers. */
        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Object piece : pieces) {
                if (piece instanceof ByteBuffer buffer) {
                    byte[] copy = new byte[buffer.remaining()];
                    buffer.duplicate().get(copy);
                    out.writeBytes(copy);
                } else {
                    out.writeBytes((byte[]) piece);
                }
            }
            releases.forEach(Runnable::run);
            releases.clear();
            return out.toByteArray();
        }
    }

    /** Yields zeros, then throws the given exception (as an auth layer's verifying stream would). */
    static final class FailingStream extends InputStream {
        private final Exception failure;
        private int left;

        FailingStream(int failAfter, Exception failure) {
            this.left = failAfter;
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                if (failure instanceof IOException io) {
                    throw io;
                }
                throw (RuntimeException) failure;
            }
            int n = Math.min(len, left);
            Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
