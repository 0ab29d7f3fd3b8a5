package io.stratus.core.checksum;

import java.nio.ByteBuffer;

/**
 * CRC-64/NVME, the CRC AWS calls CRC64NVME: reflected polynomial 0x9A6C9329AC4BC9B5, register
 * preset to all ones and inverted at the end; the digest is the value's 8 big-endian bytes.
 */
final class Crc64NvmeChecksummer implements Checksummer {
    private long register = ~0L;

    @Override
    public void update(byte[] bytes, int offset, int length) {
        register = Crc64Nvme.update(register, bytes, offset, length);
    }

    @Override
    public void update(ByteBuffer bytes) {
        register = Crc64Nvme.update(register, bytes);
    }

    @Override
    public byte[] digest() {
        return CrcCombine.toBytes(ChecksumAlgorithm.CRC64NVME, ~register);
    }
}
