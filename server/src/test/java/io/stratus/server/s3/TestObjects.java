package io.stratus.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.Tag;

class TestObjects extends S3TestBase {
    @Test
    void putGetHeadWithMetadata() {
        String bucket = newBucket();
        s3.putObject(b -> b.bucket(bucket).key("doc.txt").contentType("text/plain").contentEncoding("identity")
                        .contentDisposition("attachment; filename=\"doc.txt\"").cacheControl("max-age=60")
                        .metadata(Map.of("color", "blue", "owner", "ana")).storageClass("STANDARD_IA")
                        .tagging("project=x&stage=dev"),
                RequestBody.fromString("hello world"));
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("doc.txt"));
        assertThat(got.asUtf8String()).isEqualTo("hello world");
        GetObjectResponse r = got.response();
        assertThat(r.contentType()).isEqualTo("text/plain");
        assertThat(r.contentDisposition()).isEqualTo("attachment; filename=\"doc.txt\"");
        assertThat(r.cacheControl()).isEqualTo("max-age=60");
        assertThat(r.metadata()).containsEntry("color", "blue").containsEntry("owner", "ana");
        assertThat(r.eTag()).isEqualTo("\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");
        assertThat(r.tagCount()).isEqualTo(2);
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("doc.txt"));
        assertThat(head.contentLength()).isEqualTo(11);
        assertThat(head.storageClassAsString()).isEqualTo("STANDARD_IA");
        assertThat(head.lastModified()).isBefore(Instant.now().plusSeconds(2));
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("doc.txt")).tagSet())
                .extracting(Tag::key).containsExactlyInAnyOrder("project", "stage");
    }

    @Test
    void keysAreDataNotPaths() {
        String bucket = newBucket();
        List<String> keys = List.of("with space", "plus+sign", "percent%20", "ünïcødé/日本", "../../etc/passwd",
                "a/../../b", "./dot", "..", "trailing/", "q?x=1&y", "#hash", "tab\there");
        for (String key : keys) {
            put(bucket, key, "v:" + key);
        }
        for (String key : keys) {
            assertThat(get(bucket, key)).isEqualTo("v:" + key);
        }
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(keys.size());
    }

    @Test
    void keyTooLongAndMetadataTooLarge() {
        String bucket = newBucket();
        String longKey = "k".repeat(1025);
        assertThat(errorCode(() -> put(bucket, longKey, "x"))).isEqualTo("KeyTooLongError");
        put(bucket, "k".repeat(1024), "ok");
        assertThat(errorCode(() -> s3.putObject(b -> b.bucket(bucket).key("m").metadata(Map.of("big", "x".repeat(2100))),
                RequestBody.fromString("x")))).isEqualTo("MetadataTooLarge");
        assertThat(errorStatus(() -> s3.headObject(b -> b.bucket(bucket).key("m")))).isEqualTo(404);
    }

    @Test
    void rangesAndPartialContent() {
        String bucket = newBucket();
        put(bucket, "r", "0123456789");
        assertThat(range(bucket, "bytes=2-5")).isEqualTo("2345");
        assertThat(range(bucket, "bytes=7-")).isEqualTo("789");
        assertThat(range(bucket, "bytes=-3")).isEqualTo("789");
        assertThat(range(bucket, "bytes=5-100")).isEqualTo("56789");
        GetObjectResponse r = s3.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=2-5")).response();
        assertThat(r.contentRange()).isEqualTo("bytes 2-5/10");
        assertThat(errorCode(() -> range(bucket, "bytes=10-"))).isEqualTo("InvalidRange");
        assertThat(errorStatus(() -> range(bucket, "bytes=20-30"))).isEqualTo(416);
        // Unparseable or overflowing ranges are ignored, as S3 does.
        assertThat(range(bucket, "bytes=99999999999999999999999-")).isEqualTo("0123456789");
    }

    private static String range(String bucket, String range) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key("r").range(range)).asUtf8String();
    }

    @Test
    void largeObjectRoundTripsAcrossBlocks() {
        String bucket = newBucket();
        byte[] data = new byte[5 * 1024 * 1024 + 123];
        new Random(7).nextBytes(data);
        s3.putObject(b -> b.bucket(bucket).key("big"), RequestBody.fromBytes(data));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("big")).asByteArray()).isEqualTo(data);
        byte[] mid = s3.getObjectAsBytes(b -> b.bucket(bucket).key("big").range("bytes=1048000-3000000")).asByteArray();
        assertThat(mid).isEqualTo(java.util.Arrays.copyOfRange(data, 1048000, 3000001));
    }

    @Test
    void conditionalGets() {
        String bucket = newBucket();
        put(bucket, "c", "content");
        String etag = s3.headObject(b -> b.bucket(bucket).key("c")).eTag();
        Instant modified = s3.headObject(b -> b.bucket(bucket).key("c")).lastModified();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("c").ifMatch(etag)).asUtf8String()).isEqualTo("content");
        assertThat(errorStatus(() -> s3.getObject(b -> b.bucket(bucket).key("c").ifMatch("\"nope\"")))).isEqualTo(412);
        assertThat(errorStatus(() -> s3.getObject(b -> b.bucket(bucket).key("c").ifNoneMatch(etag)))).isEqualTo(304);
        assertThat(errorStatus(() -> s3.getObject(b -> b.bucket(bucket).key("c").ifModifiedSince(modified.plusSeconds(5)))))
                .isEqualTo(304);
        assertThat(errorStatus(() -> s3.getObject(b -> b.bucket(bucket).key("c").ifUnmodifiedSince(modified.minusSeconds(60)))))
                .isEqualTo(412);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("c").ifModifiedSince(modified.minusSeconds(60))).asUtf8String())
                .isEqualTo("content");
    }

    @Test
    void responseHeaderOverrides() {
        String bucket = newBucket();
        put(bucket, "o", "x");
        GetObjectResponse r = s3.getObjectAsBytes(b -> b.bucket(bucket).key("o").responseContentType("image/png")
                .responseContentDisposition("inline").responseCacheControl("no-store")).response();
        assertThat(r.contentType()).isEqualTo("image/png");
        assertThat(r.contentDisposition()).isEqualTo("inline");
        assertThat(r.cacheControl()).isEqualTo("no-store");
    }

    @Test
    void conditionalWriteIfNoneMatchStar() {
        String bucket = newBucket();
        s3.putObject(b -> b.bucket(bucket).key("once").ifNoneMatch("*"), RequestBody.fromString("first"));
        assertThat(errorStatus(() -> s3.putObject(b -> b.bucket(bucket).key("once").ifNoneMatch("*"),
                RequestBody.fromString("second")))).isEqualTo(412);
        assertThat(get(bucket, "once")).isEqualTo("first");
    }

    @Test
    void deleteAndDeleteObjects() {
        String bucket = newBucket();
        for (int i = 0; i < 5; i++) {
            put(bucket, "d" + i, "x");
        }
        s3.deleteObject(b -> b.bucket(bucket).key("d0"));
        s3.deleteObject(b -> b.bucket(bucket).key("never-existed"));
        assertThat(errorCode(() -> get(bucket, "d0"))).isEqualTo("NoSuchKey");
        var verbose = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
                ObjectIdentifier.builder().key("d1").build(), ObjectIdentifier.builder().key("d2").build(),
                ObjectIdentifier.builder().key("missing").build())));
        assertThat(verbose.deleted()).hasSize(3);
        assertThat(verbose.errors()).isEmpty();
        var quiet = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.quiet(true).objects(
                ObjectIdentifier.builder().key("d3").build(), ObjectIdentifier.builder().key("d4").build())));
        assertThat(quiet.deleted()).isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).keyCount()).isZero();
    }

    @Test
    void copyObjectCopyAndReplaceMetadata() {
        String bucket = newBucket();
        s3.putObject(b -> b.bucket(bucket).key("src").contentType("text/csv").metadata(Map.of("a", "1")),
                RequestBody.fromString("a,b,c"));
        var copied = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("dst"));
        assertThat(copied.copyObjectResult().eTag()).isEqualTo(s3.headObject(b -> b.bucket(bucket).key("src")).eTag());
        HeadObjectResponse dst = s3.headObject(b -> b.bucket(bucket).key("dst"));
        assertThat(dst.contentType()).isEqualTo("text/csv");
        assertThat(dst.metadata()).containsEntry("a", "1");
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("dst2")
                .metadataDirective("REPLACE").contentType("application/json").metadata(Map.of("b", "2")));
        HeadObjectResponse dst2 = s3.headObject(b -> b.bucket(bucket).key("dst2"));
        assertThat(dst2.contentType()).isEqualTo("application/json");
        assertThat(dst2.metadata()).containsOnlyKeys("b");
        assertThat(get(bucket, "dst2")).isEqualTo("a,b,c");
        // Same key with REPLACE rewrites the metadata in place.
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("src")
                .metadataDirective("REPLACE").metadata(Map.of("c", "3")));
        assertThat(s3.headObject(b -> b.bucket(bucket).key("src")).metadata()).containsOnlyKeys("c");
        assertThat(get(bucket, "src")).isEqualTo("a,b,c");
        assertThat(errorCode(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket)
                .destinationKey("src")))).isEqualTo("InvalidRequest");
        assertThat(errorStatus(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket)
                .destinationKey("x").copySourceIfMatch("\"other\"")))).isEqualTo(412);
        assertThat(errorCode(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("nope").destinationBucket(bucket)
                .destinationKey("x")))).isEqualTo("NoSuchKey");
    }

    @Test
    void objectAttributes() {
        String bucket = newBucket();
        put(bucket, "attr", "12345");
        var attrs = s3.getObjectAttributes(b -> b.bucket(bucket).key("attr")
                .objectAttributes(ObjectAttributes.E_TAG, ObjectAttributes.OBJECT_SIZE, ObjectAttributes.STORAGE_CLASS,
                        ObjectAttributes.CHECKSUM));
        assertThat(attrs.objectSize()).isEqualTo(5);
        assertThat(attrs.eTag()).isEqualTo("827ccb0eea8a706c4c34a16891f84e7b");
        assertThat(attrs.storageClassAsString()).isEqualTo("STANDARD");
        assertThat(attrs.checksum()).isNotNull();
    }

    @Test
    void emptyObject() {
        String bucket = newBucket();
        s3.putObject(b -> b.bucket(bucket).key("empty"), RequestBody.empty());
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("empty")).asByteArray()).isEmpty();
        assertThat(s3.headObject(b -> b.bucket(bucket).key("empty")).eTag()).isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
    }

    @Test
    void overwriteReplacesContent() {
        String bucket = newBucket();
        put(bucket, "k", "one");
        put(bucket, "k", "two".repeat(100_000));
        assertThat(get(bucket, "k")).isEqualTo("two".repeat(100_000));
        put(bucket, "k", "three");
        assertThat(get(bucket, "k").getBytes(StandardCharsets.UTF_8)).hasSize(5);
    }
}
