package io.stratus.core.checksum;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.crt.checksums.CRC64NVME;

/**
 * CRC-64/NVME computed by the AWS Common Runtime's native code, which folds the input with
 * carry-less multiplication (PCLMULQDQ, PMULL): about 25 times the rate of the table-driven
 * {@link Crc64Nvme} (50 against 2 GiB/s on our 2-core VM, see Crc64NvmeThroughput). Every object
 * written without a client checksum gets a CRC64NVME, so on a 64 MiB upload the table cost 15% of
 * the server's CPU.
 *
 * <p>The runtime extracts its shared library from its jar on first use (about 0.2 s). Where that
 * fails (a platform it has no build for, a temp directory mounted noexec), or where the operator
 * sets {@code -Dstratus.checksum.native=false}, {@link #AVAILABLE} is false and
 * {@link Checksummers} falls back to the Java table, which gives the same digests.
 */
final class NativeCrc64NvmeChecksummer implements Checksummer {
    private static final Logger LOG = LoggerFactory.getLogger(NativeCrc64NvmeChecksummer.class);

    /** The system property that turns the native code off (it is on unless this is "false"). */
    static final String PROPERTY = "stratus.checksum.native";

    /** CRC-64/NVME of "123456789", the catalogue's check value. */
    private static final long CHECK = 0xAE8B14860A799888L;

    /** Direct buffers are copied through a heap array of at most this size: the native call takes arrays. */
    private static final int SCRATCH = 32 * 1024;

    /** Whether the native code loaded here and gives the catalogue's check value. */
    static final boolean AVAILABLE = probe();

    private final CRC64NVME crc = new CRC64NVME();
    private byte[] scratch;

    @Override
    public void update(byte[] bytes, int offset, int length) {
        crc.update(bytes, offset, length);
    }

    @Override
    public void update(ByteBuffer bytes) {
        if (bytes.hasArray()) {
            crc.update(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            bytes.position(bytes.limit());
            return;
        }
        if (scratch == null) {
            scratch = new byte[Math.min(SCRATCH, Math.max(bytes.remaining(), 1))];
        }
        while (bytes.hasRemaining()) {
            int n = Math.min(bytes.remaining(), scratch.length);
            bytes.get(scratch, 0, n);
            crc.update(scratch, 0, n);
        }
    }

    @Override
    public byte[] digest() {
        return CrcCombine.toBytes(ChecksumAlgorithm.CRC64NVME, crc.getValue());
    }

    private static boolean probe() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            LOG.info("CRC64NVME: Java table ({}=false)", PROPERTY);
            return false;
        }
        try {
            CRC64NVME check = new CRC64NVME();
            check.update("123456789".getBytes(StandardCharsets.US_ASCII));
            if (check.getValue() != CHECK) {
                LOG.warn("CRC64NVME: the AWS Common Runtime gave {} for the check string; using the Java table",
                        Long.toHexString(check.getValue()));
                return false;
            }
            return true;
        } catch (LinkageError | RuntimeException e) {
            LOG.warn("CRC64NVME: the AWS Common Runtime's native code did not load ({}); using the Java table,"
                    + " about 25 times slower", e.toString());
            return false;
        }
    }
}
