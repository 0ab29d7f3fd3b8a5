package io.stratus.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;

class TestMultipart extends S3TestBase {
    private static final int MIB = 1024 * 1024;

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void uploadCompleteAndReadBack() throws Exception {
        String bucket = newBucket();
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp").contentType("video/mp4")).uploadId();
        byte[] p1 = random(5 * MIB, 1);
        byte[] p2 = random(5 * MIB, 2);
        byte[] p3 = random(1234, 3);
        List<CompletedPart> parts = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        MessageDigest md5s = MessageDigest.getInstance("MD5");
        int n = 1;
        for (byte[] p : List.of(p1, p2, p3)) {
            int number = n++;
            String etag = s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(uploadId).partNumber(number),
                    RequestBody.fromBytes(p)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            all.write(p);
            md5s.update(MessageDigest.getInstance("MD5").digest(p));
        }
        assertThat(s3.listParts(b -> b.bucket(bucket).key("mp").uploadId(uploadId)).parts())
                .extracting(Part::partNumber).containsExactly(1, 2, 3);
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads())
                .extracting(MultipartUpload::uploadId).containsExactly(uploadId);
        var done = s3.completeMultipartUpload(b -> b.bucket(bucket).key("mp").uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
        assertThat(done.eTag()).isEqualTo("\"" + HexFormat.of().formatHex(md5s.digest()) + "-3\"");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("mp")).asByteArray()).isEqualTo(all.toByteArray());
        assertThat(s3.headObject(b -> b.bucket(bucket).key("mp")).contentType()).isEqualTo("video/mp4");
        var part2 = s3.getObjectAsBytes(b -> b.bucket(bucket).key("mp").partNumber(2));
        assertThat(part2.asByteArray()).isEqualTo(p2);
        assertThat(part2.response().partsCount()).isEqualTo(3);
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        assertThat(errorCode(() -> s3.listParts(b -> b.bucket(bucket).key("mp").uploadId(uploadId)))).isEqualTo("NoSuchUpload");
    }

    @Test
    void completionRules() {
        String bucket = newBucket();
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("r")).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket(bucket).key("r").uploadId(uploadId).partNumber(1), RequestBody.fromString("small")).eTag();
        String e2 = s3.uploadPart(b -> b.bucket(bucket).key("r").uploadId(uploadId).partNumber(2), RequestBody.fromString("last")).eTag();
        assertThat(errorCode(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("r").uploadId(uploadId)
                .multipartUpload(m -> m.parts(part(1, e1), part(2, e2)))))).isEqualTo("EntityTooSmall");
        assertThat(errorCode(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("r").uploadId(uploadId)
                .multipartUpload(m -> m.parts(part(2, e2), part(1, e1)))))).isEqualTo("InvalidPartOrder");
        assertThat(errorCode(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("r").uploadId(uploadId)
                .multipartUpload(m -> m.parts(part(1, "\"0000\"")))))).isEqualTo("InvalidPart");
        assertThat(errorCode(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("r").uploadId(uploadId)
                .multipartUpload(m -> m.parts(part(7, e1)))))).isEqualTo("InvalidPart");
        // A single small part is a valid (last) part.
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("r").uploadId(uploadId).multipartUpload(m -> m.parts(part(2, e2))));
        assertThat(get(bucket, "r")).isEqualTo("last");
    }

    private static CompletedPart part(int n, String etag) {
        return CompletedPart.builder().partNumber(n).eTag(etag).build();
    }

    @Test
    void abortRemovesUpload() {
        String bucket = newBucket();
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("a")).uploadId();
        s3.uploadPart(b -> b.bucket(bucket).key("a").uploadId(uploadId).partNumber(1), RequestBody.fromString("x"));
        s3.abortMultipartUpload(b -> b.bucket(bucket).key("a").uploadId(uploadId));
        assertThat(errorCode(() -> s3.uploadPart(b -> b.bucket(bucket).key("a").uploadId(uploadId).partNumber(2),
                RequestBody.fromString("y")))).isEqualTo("NoSuchUpload");
        assertThat(errorCode(() -> s3.abortMultipartUpload(b -> b.bucket(bucket).key("a").uploadId("bogus")))).isEqualTo("NoSuchUpload");
        assertThat(errorCode(() -> get(bucket, "a"))).isEqualTo("NoSuchKey");
    }

    @Test
    void uploadPartCopyWithRange() {
        String bucket = newBucket();
        byte[] src = random(6 * MIB, 9);
        s3.putObject(b -> b.bucket(bucket).key("src"), RequestBody.fromBytes(src));
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("dst")).uploadId();
        var c1 = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("dst")
                .uploadId(uploadId).partNumber(1).copySourceRange("bytes=0-" + (5 * MIB - 1)));
        var c2 = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("dst")
                .uploadId(uploadId).partNumber(2).copySourceRange("bytes=" + (5 * MIB) + "-" + (6 * MIB - 1)));
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("dst").uploadId(uploadId).multipartUpload(m -> m.parts(
                part(1, c1.copyPartResult().eTag()), part(2, c2.copyPartResult().eTag()))));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("dst")).asByteArray()).isEqualTo(src);
    }

    @Test
    void compositeAndFullObjectChecksums() {
        String bucket = newBucket();
        byte[] p1 = random(5 * MIB, 11);
        byte[] p2 = random(100, 12);
        for (ChecksumType type : new ChecksumType[] {ChecksumType.COMPOSITE, ChecksumType.FULL_OBJECT}) {
            String key = "ck-" + type;
            String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32_C).checksumType(type)).uploadId();
            var r1 = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(1)
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32_C), RequestBody.fromBytes(p1));
            var r2 = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(2)
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32_C), RequestBody.fromBytes(p2));
            var done = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(
                    CompletedPart.builder().partNumber(1).eTag(r1.eTag()).checksumCRC32C(r1.checksumCRC32C()).build(),
                    CompletedPart.builder().partNumber(2).eTag(r2.eTag()).checksumCRC32C(r2.checksumCRC32C()).build())));
            assertThat(done.checksumType()).isEqualTo(type);
            if (type == ChecksumType.COMPOSITE) {
                assertThat(done.checksumCRC32C()).endsWith("-2");
            } else {
                byte[] whole = new byte[p1.length + p2.length];
                System.arraycopy(p1, 0, whole, 0, p1.length);
                System.arraycopy(p2, 0, whole, p1.length, p2.length);
                java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                crc.update(whole);
                long v = crc.getValue();
                String expected = java.util.Base64.getEncoder().encodeToString(
                        new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
                assertThat(done.checksumCRC32C()).isEqualTo(expected);
            }
            var head = s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
            assertThat(head.checksumCRC32C()).isEqualTo(done.checksumCRC32C());
            // Reading it back with the SDK's response checksum validation on must succeed.
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED)).asByteArray())
                    .hasSize(p1.length + p2.length);
        }
    }
}
