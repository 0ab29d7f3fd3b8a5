package io.stratus.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.stratus.server.StratusServer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Small reads are answered on the event loop from memory, everything else on a worker: every size
 * around the boundaries (one message, the inline limit, file data), whole and ranged, warm and
 * after a restart (cold block cache, so the memory-only attempt gives way to a worker), reads back
 * exactly, with the same headers either way.
 */
class TestReadPaths extends S3TestBase {
    private static final int[] SIZES = {0, 1, 4096, 65_535, 65_536, 65_537, 100_000, 131_072, 131_073, 300_000};

    @Test
    void everySizeReadsBackWarmAndCold() throws Exception {
        String bucket = newBucket();
        byte[][] data = new byte[SIZES.length][];
        Random random = new Random(11);
        for (int i = 0; i < SIZES.length; i++) {
            data[i] = new byte[SIZES[i]];
            random.nextBytes(data[i]);
            int n = i;
            s3.putObject(b -> b.bucket(bucket).key("obj-" + SIZES[n]), RequestBody.fromBytes(data[n]));
        }
        checkAll(bucket, data);

        s3.close();
        server.close();
        server = StratusServer.start(config(dataDir));
        s3 = client(true);
        checkAll(bucket, data); // cold: the first reads of each record miss the block cache
        checkAll(bucket, data); // warm again
    }

    @Test
    void errorsAndConditionalReadsAreTheSameOnEitherPath() {
        String bucket = newBucket();
        put(bucket, "k", "value");
        String etag = s3.headObject(b -> b.bucket(bucket).key("k")).eTag();
        assertThat(errorCode(() -> s3.getObject(b -> b.bucket(bucket).key("missing")))).isEqualTo("NoSuchKey");
        assertThat(errorStatus(() -> s3.headObject(b -> b.bucket(bucket).key("missing")))).isEqualTo(404);
        assertThat(errorStatus(() -> s3.getObject(b -> b.bucket(bucket).key("k").ifNoneMatch(etag)))).isEqualTo(304);
        assertThat(errorCode(() -> s3.getObject(b -> b.bucket(bucket).key("k").ifMatch("\"nope\""))))
                .isEqualTo("PreconditionFailed");
        assertThat(errorCode(() -> s3.getObject(b -> b.bucket("no-such-bucket-" + bucket).key("k"))))
                .isEqualTo("NoSuchBucket");
        assertThat(errorCode(() -> s3.getObject(b -> b.bucket(bucket).key("k").range("bytes=10-20"))))
                .isEqualTo("InvalidRange");
        assertThat(get(bucket, "k")).isEqualTo("value");
    }

    private static void checkAll(String bucket, byte[][] data) {
        for (int i = 0; i < SIZES.length; i++) {
            String key = "obj-" + SIZES[i];
            byte[] expected = data[i];
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray()).as(key).isEqualTo(expected);
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            assertThat(head.contentLength()).as(key).isEqualTo(expected.length);
            assertThat(head.lastModified()).isBefore(Instant.now().plusSeconds(5));
            if (expected.length > 10) {
                int from = expected.length / 3;
                int to = expected.length - 2;
                assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=" + from + "-" + to)).asByteArray())
                        .as(key + " range").isEqualTo(Arrays.copyOfRange(expected, from, to + 1));
            }
        }
    }
}
