package io.stratus.core.checksum;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stratus.core.util.Hex;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The two CRC64NVME implementations, the native one (AWS Common Runtime) that Checksummers hands
 * out where it loads and the Java table it falls back to, give the same digests; TestChecksummers
 * covers whichever of them is in use.
 */
class TestCrc64NvmeImplementations {
    @Test
    void nativeCodeLoadsOnTheLinuxPlatformsWeShipFor() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        assumeTrue(os.contains("linux") && (arch.equals("amd64") || arch.equals("aarch64")),
                "the runtime is only required to load on Linux x86-64 and arm64");
        assertThat(NativeCrc64NvmeChecksummer.AVAILABLE).isTrue();
        assertThat(Checksummers.loadCrc64Nvme()).isEqualTo("native");
        assertThat(Checksummers.create(ChecksumAlgorithm.CRC64NVME)).isInstanceOf(NativeCrc64NvmeChecksummer.class);
    }

    @Test
    void theJavaTableGivesTheKnownAnswers() {
        assertThat(hex(Crc64NvmeChecksummer::new, "123456789".getBytes(US_ASCII))).isEqualTo("ae8b14860a799888");
        assertThat(hex(Crc64NvmeChecksummer::new, new byte[0])).isEqualTo("0000000000000000");
        assertThat(hex(Crc64NvmeChecksummer::new, new byte[32])).isEqualTo("cf3473434d4ecf3b");
        assertThat(hex(Crc64NvmeChecksummer::new, "aaaaaaaaaa".getBytes(US_ASCII))).isEqualTo("0c1a80036d65c555");
    }

    /** Arrays at any offset, heap and direct buffers, and splits at random points, up to 5 scratch arrays long. */
    @Test
    void nativeAndTableAgreeOnRandomInputsAndSplits() {
        assumeTrue(NativeCrc64NvmeChecksummer.AVAILABLE, "native CRC64NVME code not loaded here");
        Random random = new Random(29);
        for (int trial = 0; trial < 200; trial++) {
            int length = trial < 100 ? random.nextInt(300) : random.nextInt(160 * 1024);
            byte[] data = new byte[length + 16];
            random.nextBytes(data);
            int offset = random.nextInt(16);
            byte[] expected = oneShot(new Crc64NvmeChecksummer(), data, offset, length);
            if (length < 300) {
                assertThat(CrcCombine.toLong(expected))
                        .isEqualTo(TestChecksummers.bitwiseCrc64Nvme(data, offset, length));
            }
            assertThat(oneShot(new NativeCrc64NvmeChecksummer(), data, offset, length))
                    .as("array, trial %d, length %d", trial, length).isEqualTo(expected);

            ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data);
            direct.position(offset).limit(offset + length);
            Checksummer fromDirect = new NativeCrc64NvmeChecksummer();
            fromDirect.update(direct);
            assertThat(direct.position()).isEqualTo(offset + length);
            assertThat(fromDirect.digest()).as("direct buffer, trial %d", trial).isEqualTo(expected);

            Checksummer split = new NativeCrc64NvmeChecksummer();
            int position = offset;
            while (position < offset + length) {
                int n = Math.min(offset + length - position, random.nextInt(70 * 1024) + 1);
                if (random.nextBoolean()) {
                    split.update(data, position, n);
                } else {
                    split.update(direct.duplicate().limit(position + n).position(position));
                }
                position += n;
            }
            assertThat(split.digest()).as("split, trial %d", trial).isEqualTo(expected);
        }
    }

    private static byte[] oneShot(Checksummer checksummer, byte[] data, int offset, int length) {
        checksummer.update(data, offset, length);
        return checksummer.digest();
    }

    private static String hex(Supplier<Checksummer> implementation, byte[] data) {
        return Hex.encode(oneShot(implementation.get(), data, 0, data.length));
    }
}
