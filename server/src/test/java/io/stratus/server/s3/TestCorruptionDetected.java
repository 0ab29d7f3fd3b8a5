package io.stratus.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stratus.server.StratusMain;
import io.stratus.server.StratusServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;

/** A byte flipped on disk is never served: GET fails, scrub names the object. */
class TestCorruptionDetected extends S3TestBase {
    @Test
    void flippedByteFailsTheReadAndScrubReportsIt() throws Exception {
        String bucket = newBucket();
        byte[] data = new byte[3 * 1024 * 1024];
        new Random(1).nextBytes(data);
        s3.putObject(b -> b.bucket(bucket).key("victim"), RequestBody.fromBytes(data));
        put(bucket, "healthy", "fine");
        s3.close();
        server.close();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir.resolve("data"))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSize(1);
        try (RandomAccessFile raf = new RandomAccessFile(files.get(0).toFile(), "rw")) {
            raf.seek(2 * 1024 * 1024 + 5);
            int b = raf.read();
            raf.seek(2 * 1024 * 1024 + 5);
            raf.write(b ^ 0xff);
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(out, true));
            exit = new CommandLine(new StratusMain()).execute("scrub", "--data-dir", dataDir.toString());
        } finally {
            System.setOut(previous);
        }
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("DAMAGED s3://" + bucket + "/victim").contains("1 damaged");

        server = StratusServer.start(config(dataDir));
        s3 = client(true);
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("victim"))).isInstanceOf(Exception.class);
        // The intact first blocks can still be read by range; the healthy object is unaffected.
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("victim").range("bytes=0-1023")).asByteArray())
                .isEqualTo(java.util.Arrays.copyOf(data, 1024));
        assertThat(get(bucket, "healthy")).isEqualTo("fine");
    }
}
