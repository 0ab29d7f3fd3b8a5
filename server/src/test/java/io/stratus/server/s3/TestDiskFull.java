package io.stratus.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.stratus.server.StratusConfig;
import io.stratus.server.StratusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A full disk, simulated with a free-space reserve larger than the disk (--min-free-bytes): writes
 * fail with a 5xx S3 error, nothing partial appears, and earlier data stays readable.
 */
class TestDiskFull extends S3TestBase {
    @Test
    void writesFailCleanlyAndReadsGoOn(@TempDir Path dir) throws Exception {
        String bucket = newBucket();
        byte[] big = new byte[2 * 1024 * 1024];
        s3.putObject(b -> b.bucket(bucket).key("before"), RequestBody.fromBytes(big));
        s3.close();
        server.close();
        long total = Files.getFileStore(dataDir).getTotalSpace();
        StratusConfig full = config(dataDir);
        server = StratusServer.start(new StratusConfig(full.dataDir(), full.host(), 0, full.region(), ACCESS_KEY, SECRET_KEY, total * 2, true));
        s3 = client(true);
        int status = errorStatus(() -> s3.putObject(b -> b.bucket(bucket).key("after"), RequestBody.fromBytes(big)));
        assertThat(status).isGreaterThanOrEqualTo(500);
        assertThat(errorStatus(() -> s3.headObject(b -> b.bucket(bucket).key("after")))).isEqualTo(404);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("before")).asByteArray()).isEqualTo(big);
        try (var tmp = Files.list(dataDir.resolve("tmp"))) {
            assertThat(tmp.count()).isZero();
        }
    }
}
