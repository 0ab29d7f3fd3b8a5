package io.stratus.core.checksum;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * Factory of {@link Checksummer}s: the JDK's intrinsified CRC32/CRC32C and message digests, and
 * our own table-driven CRC64NVME (the JDK has none).
 */
public final class Checksummers {
    private Checksummers() {
    }

    public static Checksummer create(ChecksumAlgorithm algorithm) {
        return switch (algorithm) {
            case CRC32 -> new Crc32Checksummer(new CRC32());
            case CRC32C -> new Crc32Checksummer(new CRC32C());
            case CRC64NVME -> new Crc64NvmeChecksummer();
            case SHA1 -> messageDigest("SHA-1");
            case SHA256 -> messageDigest("SHA-256");
        };
    }

    /** MD5, for ETags and Content-MD5; not an S3 checksum algorithm but computed the same way. */
    public static Checksummer md5() {
        return messageDigest("MD5");
    }

    private static Checksummer messageDigest(String name) {
        try {
            return new DigestChecksummer(MessageDigest.getInstance(name));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + name, e);
        }
    }

    private static final class Crc32Checksummer implements Checksummer {
        private final Checksum crc;

        Crc32Checksummer(Checksum crc) {
            this.crc = crc;
        }

        @Override
        public void update(byte[] bytes, int offset, int length) {
            crc.update(bytes, offset, length);
        }

        @Override
        public void update(ByteBuffer bytes) {
            crc.update(bytes);
        }

        @Override
        public byte[] digest() {
            long v = crc.getValue();
            return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }
    }

    private static final class DigestChecksummer implements Checksummer {
        private final MessageDigest digest;

        DigestChecksummer(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void update(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }

        @Override
        public void update(ByteBuffer bytes) {
            digest.update(bytes);
        }

        @Override
        public byte[] digest() {
            return digest.digest();
        }
    }
}
