package io.stratus.core.checksum;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * Factory of {@link Checksummer}s: the JDK's intrinsified CRC32/CRC32C and message digests, and
 * CRC64NVME (the JDK has none) from the AWS Common Runtime's native code, or from our own table
 * where that does not load.
 */
public final class Checksummers {
    private Checksummers() {
    }

    public static Checksummer create(ChecksumAlgorithm algorithm) {
        return switch (algorithm) {
            case CRC32 -> new Crc32Checksummer(new CRC32());
            case CRC32C -> new Crc32Checksummer(new CRC32C());
            case CRC64NVME -> NativeCrc64NvmeChecksummer.AVAILABLE
                    ? new NativeCrc64NvmeChecksummer() : new Crc64NvmeChecksummer();
            case SHA1 -> messageDigest("SHA-1");
            case SHA256 -> messageDigest("SHA-256");
        };
    }

    /**
     * Loads the native CRC64NVME code now (about 0.2 s, once per JVM) rather than on the first
     * upload, and says which implementation is in use: "native" or "java".
     */
    public static String loadCrc64Nvme() {
        return NativeCrc64NvmeChecksummer.AVAILABLE ? "native" : "java";
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
