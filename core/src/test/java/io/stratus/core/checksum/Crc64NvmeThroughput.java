package io.stratus.core.checksum;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * Prints checksum throughput in GB/s; a measurement tool, not a test (no assertions, not run by
 * surefire). Run after {@code mvn -o -pl core test-compile}, with the aws-crt and slf4j-api jars
 * from the local Maven repository on the class path:
 * {@code java -cp core/target/classes:core/target/test-classes:AWS_CRT_JAR:SLF4J_API_JAR io.stratus.core.checksum.Crc64NvmeThroughput}
 */
public final class Crc64NvmeThroughput {
    private static final int ROUNDS = 5;
    private static final long BYTES_PER_ROUND = 2L << 30;

    private Crc64NvmeThroughput() {
    }

    public static void main(String[] args) {
        for (int size : new int[] {64 * 1024, 8 * 1024 * 1024}) {
            byte[] data = new byte[size];
            new Random(1).nextBytes(data);
            ByteBuffer direct = ByteBuffer.allocateDirect(size).put(data).flip();
            report("CRC64NVME native byte[]", size, () -> {
                Checksummer c = new NativeCrc64NvmeChecksummer();
                c.update(data, 0, data.length);
                return c.digest()[0];
            });
            report("CRC64NVME native direct", size, () -> {
                Checksummer c = new NativeCrc64NvmeChecksummer();
                c.update(direct.duplicate());
                return c.digest()[0];
            });
            report("CRC64NVME table byte[]", size, () -> {
                Checksummer c = new Crc64NvmeChecksummer();
                c.update(data, 0, data.length);
                return c.digest()[0];
            });
            report("CRC64NVME table direct", size, () -> {
                Checksummer c = new Crc64NvmeChecksummer();
                c.update(direct.duplicate());
                return c.digest()[0];
            });
            report("JDK MD5 byte[]", size, () -> {
                Checksummer c = Checksummers.md5();
                c.update(data, 0, data.length);
                return c.digest()[0];
            });
            report("JDK CRC32C byte[]", size, () -> {
                CRC32C c = new CRC32C();
                c.update(data, 0, data.length);
                return c.getValue();
            });
            report("JDK CRC32 byte[]", size, () -> {
                CRC32 c = new CRC32();
                c.update(data, 0, data.length);
                return c.getValue();
            });
        }
    }

    private interface Run {
        long once();
    }

    private static void report(String name, int size, Run run) {
        long iterations = Math.max(1, BYTES_PER_ROUND / size);
        long sink = 0;
        double best = 0;
        for (int round = -2; round < ROUNDS; round++) { // two warm-up rounds for the JIT
            long start = System.nanoTime();
            for (long i = 0; i < iterations; i++) {
                sink += run.once();
            }
            double gbPerSecond = (double) iterations * size / (System.nanoTime() - start);
            if (round >= 0) {
                best = Math.max(best, gbPerSecond);
            }
        }
        System.out.printf("%-20s %6d KiB  best %.2f GB/s  (sink %d)%n", name, size / 1024, best, sink & 1);
    }
}
