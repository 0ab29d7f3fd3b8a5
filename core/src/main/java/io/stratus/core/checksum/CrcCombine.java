package io.stratus.core.checksum;

import static java.util.Objects.requireNonNull;

/**
 * Combines CRCs of adjacent byte ranges without touching the bytes: S3's FULL_OBJECT multipart
 * checksum is the CRC of the whole object, built from the parts' CRCs and lengths.
 *
 * <p>Why this works: for a reflected CRC whose preset equals its final xor (true of CRC32, CRC32C
 * and CRC64NVME: all ones), {@code crc(A || B) = crc(A) * x^(8 * len(B)) mod P  xor  crc(B)}
 * over GF(2); the preset and final-xor terms cancel. Multiplying by {@code x^(8n)} costs
 * O(log n) multiplications using a table of {@code x^(2^k) mod P}.
 *
 * <p>Values are handled as unsigned longs: a 32-bit CRC lives in the low 32 bits.
 */
public final class CrcCombine {
    private static final ReflectedField CRC32 = new ReflectedField(0xEDB88320L, 32);
    private static final ReflectedField CRC32C = new ReflectedField(0x82F63B78L, 32);
    private static final ReflectedField CRC64NVME = new ReflectedField(Crc64Nvme.REFLECTED_POLY, 64);

    private CrcCombine() {
    }

    /**
     * The CRC of {@code A || B}, given {@code crcA}, {@code crcB} and the length of B in bytes.
     * The CRC of empty input is 0 for all three algorithms, so folding parts into 0 works.
     *
     * @throws IllegalArgumentException for a non-CRC algorithm, a negative length, or a CRC
     *     value wider than the algorithm (a sign-extended int, typically)
     */
    public static long combine(ChecksumAlgorithm alg, long crcA, long crcB, long lengthB) {
        ReflectedField field = field(alg);
        if (lengthB < 0) {
            throw new IllegalArgumentException("lengthB is negative: " + lengthB);
        }
        field.checkFits(crcA, "crcA");
        field.checkFits(crcB, "crcB");
        return field.multiply(crcA, field.xPow8n(lengthB)) ^ crcB;
    }

    /** The unsigned value of a 4- or 8-byte big-endian CRC digest. */
    public static long toLong(byte[] digest) {
        requireNonNull(digest, "digest is null");
        if (digest.length != 4 && digest.length != 8) {
            throw new IllegalArgumentException("CRC digest must be 4 or 8 bytes, got " + digest.length);
        }
        long value = 0;
        for (byte b : digest) {
            value = (value << 8) | (b & 0xff);
        }
        return value;
    }

    /** The big-endian digest bytes of {@code crc}: 4 bytes for the 32-bit CRCs, 8 for CRC64NVME. */
    public static byte[] toBytes(ChecksumAlgorithm alg, long crc) {
        ReflectedField field = field(alg);
        field.checkFits(crc, "crc");
        byte[] out = new byte[alg.digestLength()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = (byte) crc;
            crc >>>= 8;
        }
        return out;
    }

    private static ReflectedField field(ChecksumAlgorithm alg) {
        requireNonNull(alg, "alg is null");
        return switch (alg) {
            case CRC32 -> CRC32;
            case CRC32C -> CRC32C;
            case CRC64NVME -> CRC64NVME;
            case SHA1, SHA256 -> throw new IllegalArgumentException(alg + " is not a CRC; it cannot be combined");
        };
    }

    /**
     * Polynomials modulo P in the reflected bit order CRC registers use: the coefficient of
     * {@code x^0} is the register's top bit and that of {@code x^(width-1)} is bit 0.
     */
    private static final class ReflectedField {
        /** Lengths up to 2^63 bytes need x^(2^k) for k up to 3 + 62. */
        private static final int POWERS = 3 + 63;

        private final long poly;
        private final long one;
        private final long mask;
        /** {@code x^(2^k) mod P} for k in [0, POWERS). */
        private final long[] powersOfTwo;

        ReflectedField(long poly, int width) {
            this.poly = poly;
            this.one = 1L << (width - 1);
            this.mask = width == 64 ? -1L : (1L << width) - 1;
            this.powersOfTwo = new long[POWERS];
            powersOfTwo[0] = one >>> 1; // x^1
            for (int k = 1; k < POWERS; k++) {
                powersOfTwo[k] = multiply(powersOfTwo[k - 1], powersOfTwo[k - 1]);
            }
        }

        /** a * b mod P: shift-and-add over a's terms from x^0 upward, b stepping by x each time. */
        long multiply(long a, long b) {
            long product = 0;
            for (long term = one; ; term >>>= 1) {
                if ((a & term) != 0) {
                    product ^= b;
                }
                if ((a & (term - 1)) == 0) {
                    return product;
                }
                b = (b & 1) != 0 ? (b >>> 1) ^ poly : b >>> 1;
            }
        }

        /** x^(8n) mod P, from the binary expansion of n. */
        long xPow8n(long n) {
            long result = one;
            for (int k = 3; n != 0; k++, n >>>= 1) {
                if ((n & 1) != 0) {
                    result = multiply(powersOfTwo[k], result);
                }
            }
            return result;
        }

        void checkFits(long crc, String name) {
            if ((crc & ~mask) != 0) {
                throw new IllegalArgumentException(name + " does not fit the CRC width: 0x" + Long.toHexString(crc));
            }
        }
    }
}
