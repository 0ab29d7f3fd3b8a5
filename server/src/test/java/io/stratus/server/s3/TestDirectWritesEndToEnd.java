package io.stratus.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.stratus.server.StratusServer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * With --direct-writes true, large bodies go to disk with O_DIRECT (where the test's file system
 * takes it): what the SDK reads back, whole and in ranges, and the ETags must be exactly what a
 * page-cache write gives, for a single PUT and for a multipart upload mixing direct and ordinary parts.
 */
class TestDirectWritesEndToEnd extends S3TestBase {
    private static final int MIB = 1024 * 1024;

    @Test
    void largeBodiesWrittenDirectlyReadBackExactly() throws Exception {
        s3.close();
        server.close();
        server = StratusServer.start(config(dataDir).withDirectWrites(true));
        s3 = client(true);
        String bucket = newBucket();

        byte[] single = random(12 * MIB + 4097, 1);
        String etag = s3.putObject(b -> b.bucket(bucket).key("single"), RequestBody.fromBytes(single)).eTag();
        assertThat(etag).isEqualTo('"' + md5Hex(single) + '"');
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("single")).asByteArray()).isEqualTo(single);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("single").range("bytes=12582910-12586999")).asByteArray())
                .isEqualTo(java.util.Arrays.copyOfRange(single, 12582910, 12587000));

        byte[] first = random(9 * MIB + 1, 2);  // direct
        byte[] second = random(5 * MIB + 3, 3); // under the threshold: through the page cache
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("multi")).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket(bucket).key("multi").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(first)).eTag();
        String e2 = s3.uploadPart(b -> b.bucket(bucket).key("multi").uploadId(uploadId).partNumber(2),
                RequestBody.fromBytes(second)).eTag();
        assertThat(e1).isEqualTo('"' + md5Hex(first) + '"');
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("multi").uploadId(uploadId).multipartUpload(m -> m.parts(List.of(
                CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build()))));
        byte[] whole = new byte[first.length + second.length];
        System.arraycopy(first, 0, whole, 0, first.length);
        System.arraycopy(second, 0, whole, first.length, second.length);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("multi")).asByteArray()).isEqualTo(whole);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("multi")).contentLength()).isEqualTo(whole.length);
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String md5Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}
