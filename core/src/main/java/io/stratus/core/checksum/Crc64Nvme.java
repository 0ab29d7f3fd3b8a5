package io.stratus.core.checksum;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Table-driven CRC-64/NVME over the raw CRC register (no init or final inversion here; the
 * checksummer adds those). Slice-by-16: each step folds 16 input bytes with 16 independent table
 * loads, so the loop is bound by load throughput rather than by one long dependency chain.
 *
 * <p>The CRC is reflected (LSB-first), so the register lines up with little-endian longs: the
 * first input byte sits in the register's low byte. That is why input is read as little-endian
 * longs regardless of platform or buffer order.
 */
final class Crc64Nvme {
    /** The NVMe polynomial 0xAD93D23594C93659, bit-reversed for LSB-first processing. */
    static final long REFLECTED_POLY = 0x9A6C9329AC4BC9B5L;

    private static final int SLICES = 16;

    /**
     * {@code TABLE[k * 256 + b]} is the register contribution of byte {@code b} followed by
     * {@code k} zero bytes. One flat static final array: the JIT sees its length as a constant,
     * which lets it drop most bounds checks in the hot loop.
     */
    private static final long[] TABLE = buildTable();

    private static final VarHandle ARRAY_LONGS_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Reads by absolute index and ignores the buffer's own byte order, which we must not touch. */
    private static final VarHandle BUFFER_LONGS_LE =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Crc64Nvme() {
    }

    /** Advances {@code register} over {@code bytes[offset, offset + length)}. */
    static long update(long register, byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        long[] t = TABLE;
        long crc = register;
        int i = offset;
        int end = offset + length;
        for (int blockEnd = end - SLICES; i <= blockEnd; i += SLICES) {
            long lo = crc ^ (long) ARRAY_LONGS_LE.get(bytes, i);
            long hi = (long) ARRAY_LONGS_LE.get(bytes, i + 8);
            crc = fold16(t, lo, hi);
        }
        for (; i < end; i++) {
            crc = (crc >>> 8) ^ t[(int) (crc ^ bytes[i]) & 0xff];
        }
        return crc;
    }

    /** Advances {@code register} over the buffer's remaining bytes and moves its position to its limit. */
    static long update(long register, ByteBuffer buffer) {
        int position = buffer.position();
        int limit = buffer.limit();
        long crc;
        if (buffer.hasArray()) {
            crc = update(register, buffer.array(), buffer.arrayOffset() + position, limit - position);
        } else {
            crc = updateByIndex(register, buffer, position, limit);
        }
        buffer.position(limit);
        return crc;
    }

    /** Direct and read-only buffers: absolute reads, so neither position nor order changes midway. */
    private static long updateByIndex(long register, ByteBuffer buffer, int from, int to) {
        long[] t = TABLE;
        long crc = register;
        int i = from;
        for (int blockEnd = to - SLICES; i <= blockEnd; i += SLICES) {
            long lo = crc ^ (long) BUFFER_LONGS_LE.get(buffer, i);
            long hi = (long) BUFFER_LONGS_LE.get(buffer, i + 8);
            crc = fold16(t, lo, hi);
        }
        for (; i < to; i++) {
            crc = (crc >>> 8) ^ t[(int) (crc ^ buffer.get(i)) & 0xff];
        }
        return crc;
    }

    /**
     * The register after 16 bytes, given {@code lo} (register xor bytes 0..7) and {@code hi}
     * (bytes 8..15). Byte j of the block is followed by 15 - j more bytes, hence its table slice.
     */
    private static long fold16(long[] t, long lo, long hi) {
        return t[15 * 256 + ((int) lo & 0xff)]
                ^ t[14 * 256 + ((int) (lo >>> 8) & 0xff)]
                ^ t[13 * 256 + ((int) (lo >>> 16) & 0xff)]
                ^ t[12 * 256 + ((int) (lo >>> 24) & 0xff)]
                ^ t[11 * 256 + ((int) (lo >>> 32) & 0xff)]
                ^ t[10 * 256 + ((int) (lo >>> 40) & 0xff)]
                ^ t[9 * 256 + ((int) (lo >>> 48) & 0xff)]
                ^ t[8 * 256 + (int) (lo >>> 56)]
                ^ t[7 * 256 + ((int) hi & 0xff)]
                ^ t[6 * 256 + ((int) (hi >>> 8) & 0xff)]
                ^ t[5 * 256 + ((int) (hi >>> 16) & 0xff)]
                ^ t[4 * 256 + ((int) (hi >>> 24) & 0xff)]
                ^ t[3 * 256 + ((int) (hi >>> 32) & 0xff)]
                ^ t[2 * 256 + ((int) (hi >>> 40) & 0xff)]
                ^ t[256 + ((int) (hi >>> 48) & 0xff)]
                ^ t[(int) (hi >>> 56)];
    }

    private static long[] buildTable() {
        long[] t = new long[SLICES * 256];
        for (int b = 0; b < 256; b++) {
            long crc = b;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ REFLECTED_POLY : crc >>> 1;
            }
            t[b] = crc;
        }
        // Appending a zero byte to a message shifts its register one byte and folds the low byte.
        for (int k = 1; k < SLICES; k++) {
            for (int b = 0; b < 256; b++) {
                long prev = t[(k - 1) * 256 + b];
                t[k * 256 + b] = (prev >>> 8) ^ t[(int) prev & 0xff];
            }
        }
        return t;
    }
}
