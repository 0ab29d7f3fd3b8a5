package io.stratus.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.S3Object;

class TestBuckets extends S3TestBase {
    @Test
    void createListHeadDelete() {
        String bucket = newBucket();
        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains(bucket);
        assertThat(s3.headBucket(b -> b.bucket(bucket)).sdkHttpResponse().statusCode()).isEqualTo(200);
        s3.deleteBucket(b -> b.bucket(bucket));
        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).doesNotContain(bucket);
        assertThat(errorStatus(() -> s3.headBucket(b -> b.bucket(bucket)))).isEqualTo(404);
    }

    @Test
    void createTwiceIsAlreadyOwnedByYou() {
        String bucket = newBucket();
        assertThat(errorCode(() -> s3.createBucket(b -> b.bucket(bucket)))).isEqualTo("BucketAlreadyOwnedByYou");
    }

    @Test
    void invalidNamesAreRejected() throws Exception {
        // The SDK refuses most bad names client-side, so send them signed by hand.
        RawS3 raw = new RawS3(endpoint(), ACCESS_KEY, SECRET_KEY);
        for (String name : new String[] {"ab", "UpperCase", "under_score", "-leading", "trailing-", "a..b", "192.168.1.1",
                "xn--punycode", "bad-s3alias", "x".repeat(64)}) {
            var r = raw.send("PUT", "/" + name);
            assertThat(r.statusCode()).as(name).isEqualTo(400);
            assertThat(r.body()).as(name).contains("<Code>InvalidBucketName</Code>");
        }
        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).doesNotContain("ab", "UpperCase");
    }

    @Test
    void deleteNonEmptyBucketFails() {
        String bucket = newBucket();
        put(bucket, "k", "v");
        assertThat(errorCode(() -> s3.deleteBucket(b -> b.bucket(bucket)))).isEqualTo("BucketNotEmpty");
        s3.deleteObject(b -> b.bucket(bucket).key("k"));
        s3.deleteBucket(b -> b.bucket(bucket));
    }

    @Test
    void missingBucketIsNoSuchBucket() {
        assertThat(errorCode(() -> s3.listObjectsV2(b -> b.bucket("no-such-bucket-here")))).isEqualTo("NoSuchBucket");
        assertThat(errorCode(() -> s3.deleteBucket(b -> b.bucket("no-such-bucket-here")))).isEqualTo("NoSuchBucket");
        assertThat(errorCode(() -> put("no-such-bucket-here", "k", "v"))).isEqualTo("NoSuchBucket");
    }

    @Test
    void locationAndVersioningOfAPlainBucket() {
        String bucket = newBucket();
        BucketLocationConstraint location = s3.getBucketLocation(b -> b.bucket(bucket)).locationConstraint();
        // us-east-1 answers an empty LocationConstraint, which the SDK maps to null / UNKNOWN.
        assertThat(location == null || location == BucketLocationConstraint.UNKNOWN_TO_SDK_VERSION).isTrue();
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isNull();
    }

    /** Both "localhost" and "s3.localhost" are virtual-host domains: the longer one must win. */
    @Test
    void virtualHostStyleUnderTheS3Subdomain() {
        try (S3Client vhost = client(URI.create("http://s3.localhost:" + server.port()), false)) {
            String bucket = "vhost-s3-" + System.nanoTime();
            vhost.createBucket(b -> b.bucket(bucket));
            vhost.putObject(b -> b.bucket(bucket).key(bucket + "/file.txt"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("hello"));
            // Seen path style, the object is under the bucket the Host header named.
            assertThat(get(bucket, bucket + "/file.txt")).isEqualTo("hello");
            assertThat(vhost.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
                    .containsExactly(bucket + "/file.txt");
        }
    }

    @Test
    void virtualHostStyleWorks() {
        try (var vhost = client(false)) {
            String bucket = "vhost-" + System.nanoTime();
            vhost.createBucket(b -> b.bucket(bucket));
            vhost.putObject(b -> b.bucket(bucket).key("dir/file.txt"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("hello"));
            assertThat(vhost.getObjectAsBytes(b -> b.bucket(bucket).key("dir/file.txt")).asUtf8String()).isEqualTo("hello");
            assertThat(get(bucket, "dir/file.txt")).isEqualTo("hello");
            assertThat(vhost.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(1);
        }
    }
}
