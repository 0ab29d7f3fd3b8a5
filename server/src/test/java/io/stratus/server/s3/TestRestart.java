package io.stratus.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.stratus.server.StratusServer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Data written before a stop reads back byte-exact after a start on the same data directory. */
class TestRestart extends S3TestBase {
    @Test
    void objectsBucketsAndUploadsSurviveRestart() throws Exception {
        String bucket = newBucket();
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(5).nextBytes(big);
        s3.putObject(b -> b.bucket(bucket).key("big"), RequestBody.fromBytes(big));
        put(bucket, "small", "tiny");
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("pending")).uploadId();
        s3.uploadPart(b -> b.bucket(bucket).key("pending").uploadId(uploadId).partNumber(1), RequestBody.fromString("part"));
        String etag = s3.headObject(b -> b.bucket(bucket).key("big")).eTag();

        s3.close();
        server.close();
        server = StratusServer.start(config(dataDir));
        s3 = client(true);

        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("big")).asByteArray()).isEqualTo(big);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("big")).eTag()).isEqualTo(etag);
        assertThat(get(bucket, "small")).isEqualTo("tiny");
        assertThat(s3.listParts(b -> b.bucket(bucket).key("pending").uploadId(uploadId)).parts()).hasSize(1);
        try (S3Client other = client(true)) {
            assertThat(other.listBuckets().buckets()).anyMatch(bk -> bk.name().equals(bucket));
        }
    }
}
