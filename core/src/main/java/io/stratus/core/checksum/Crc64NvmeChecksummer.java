package io.stratus.core.checksum;

import java.nio.ByteBuffer;

/** CRC-64/NVME (the CRC AWS calls CRC64NVME). Placeholder until the table-driven version lands. */
final class Crc64NvmeChecksummer implements Checksummer {
    @Override
    public void update(byte[] bytes, int offset, int length) {
        throw new UnsupportedOperationException("CRC64NVME not yet implemented");
    }

    @Override
    public void update(ByteBuffer bytes) {
        throw new UnsupportedOperationException("CRC64NVME not yet implemented");
    }

    @Override
    public byte[] digest() {
        throw new UnsupportedOperationException("CRC64NVME not yet implemented");
    }
}
