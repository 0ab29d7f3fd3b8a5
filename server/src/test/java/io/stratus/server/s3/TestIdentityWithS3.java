package io.stratus.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/** IAM users and STS credentials, created over the wire, authorising S3 requests through the policy engine. */
class TestIdentityWithS3 extends S3TestBase {
    private static final String PER_USER_POLICY = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["s3:PutObject","s3:GetObject","s3:DeleteObject"],"Resource":"arn:aws:s3:::%1$s/${aws:username}/*"},
              {"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::%1$s",
               "Condition":{"StringLike":{"s3:prefix":"${aws:username}/*"}}}]}""";

    private static IamClient iam() {
        return IamClient.builder().endpointOverride(endpoint()).region(Region.AWS_GLOBAL).credentialsProvider(credentials()).build();
    }

    private static S3Client s3As(software.amazon.awssdk.auth.credentials.AwsCredentials c) {
        return S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(c)).build();
    }

    @Test
    void userLimitedToItsOwnPrefix() {
        String bucket = newBucket();
        put(bucket, "bob/secret.txt", "bob's");
        try (IamClient iam = iam()) {
            iam.createUser(b -> b.userName("alice"));
            iam.putUserPolicy(b -> b.userName("alice").policyName("own-prefix").policyDocument(PER_USER_POLICY.formatted(bucket)));
            AccessKey key = iam.createAccessKey(b -> b.userName("alice")).accessKey();
            try (S3Client alice = s3As(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()))) {
                alice.putObject(b -> b.bucket(bucket).key("alice/photo.jpg"), RequestBody.fromString("mine"));
                assertThat(alice.getObjectAsBytes(b -> b.bucket(bucket).key("alice/photo.jpg")).asUtf8String()).isEqualTo("mine");
                assertThat(alice.listObjectsV2(b -> b.bucket(bucket).prefix("alice/")).contents()).hasSize(1);
                assertThat(errorCode(() -> alice.putObject(b -> b.bucket(bucket).key("bob/x"), RequestBody.fromString("no"))))
                        .isEqualTo("AccessDenied");
                assertThat(errorCode(() -> alice.getObject(b -> b.bucket(bucket).key("bob/secret.txt")))).isEqualTo("AccessDenied");
                assertThat(errorCode(() -> alice.listObjectsV2(b -> b.bucket(bucket)))).isEqualTo("AccessDenied");
                assertThat(errorCode(() -> alice.deleteBucket(b -> b.bucket(bucket)))).isEqualTo("AccessDenied");
                // DeleteObjects is decided key by key: her own key goes, bob's is an AccessDenied entry.
                var deleted = alice.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
                        software.amazon.awssdk.services.s3.model.ObjectIdentifier.builder().key("alice/photo.jpg").build(),
                        software.amazon.awssdk.services.s3.model.ObjectIdentifier.builder().key("bob/secret.txt").build())));
                assertThat(deleted.deleted()).extracting(d -> d.key()).containsExactly("alice/photo.jpg");
                assertThat(deleted.errors()).extracting(e -> e.code()).containsExactly("AccessDenied");
                alice.putObject(b -> b.bucket(bucket).key("alice/photo.jpg"), RequestBody.fromString("mine"));
                // Copying someone else's object into her own prefix would be a read: denied too.
                assertThat(errorCode(() -> alice.copyObject(b -> b.sourceBucket(bucket).sourceKey("bob/secret.txt")
                        .destinationBucket(bucket).destinationKey("alice/stolen.txt")))).isEqualTo("AccessDenied");
            }
            try (StsClient sts = StsClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                    .build()) {
                assertThat(sts.getCallerIdentity().arn()).endsWith(":user/alice");
                var session = sts.getSessionToken().credentials();
                assertThat(session.accessKeyId()).startsWith("ASIA");
                try (S3Client temporary = s3As(AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(),
                        session.sessionToken()))) {
                    assertThat(temporary.getObjectAsBytes(b -> b.bucket(bucket).key("alice/photo.jpg")).asUtf8String()).isEqualTo("mine");
                    assertThat(errorCode(() -> temporary.getObject(b -> b.bucket(bucket).key("bob/secret.txt")))).isEqualTo("AccessDenied");
                }
            }
        }
        assertThat(get(bucket, "bob/secret.txt")).isEqualTo("bob's");
    }

    @Test
    void existingObjectTagConditionReadsTheStoredTags() {
        String bucket = newBucket();
        s3.putObject(b -> b.bucket(bucket).key("public.txt").tagging("classification=public"), RequestBody.fromString("open"));
        s3.putObject(b -> b.bucket(bucket).key("private.txt").tagging("classification=private"), RequestBody.fromString("shut"));
        put(bucket, "untagged.txt", "plain");
        try (IamClient iam = iam()) {
            iam.createUser(b -> b.userName("tess"));
            iam.putUserPolicy(b -> b.userName("tess").policyName("public-only").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",
                     "Resource":"arn:aws:s3:::%s/*",
                     "Condition":{"StringEquals":{"s3:ExistingObjectTag/classification":"public"}}}]}""".formatted(bucket)));
            AccessKey key = iam.createAccessKey(b -> b.userName("tess")).accessKey();
            try (S3Client tess = s3As(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()))) {
                assertThat(tess.getObjectAsBytes(b -> b.bucket(bucket).key("public.txt")).asUtf8String()).isEqualTo("open");
                assertThat(tess.headObject(b -> b.bucket(bucket).key("public.txt")).contentLength()).isEqualTo(4);
                assertThat(errorCode(() -> tess.getObject(b -> b.bucket(bucket).key("untagged.txt")))).isEqualTo("AccessDenied");
                assertThat(errorCode(() -> tess.getObject(b -> b.bucket(bucket).key("private.txt")))).isEqualTo("AccessDenied");
                // A missing object has no tags: denied, not NoSuchKey (nothing leaks about what exists).
                assertThat(errorCode(() -> tess.getObject(b -> b.bucket(bucket).key("absent.txt")))).isEqualTo("AccessDenied");
                // The policy allows s3:GetObject only; the tag does not stretch it to other actions.
                assertThat(errorCode(() -> tess.getObjectTagging(b -> b.bucket(bucket).key("public.txt"))))
                        .isEqualTo("AccessDenied");
                // Tags are read when the request is decided: retagging changes the answer at once.
                s3.putObjectTagging(b -> b.bucket(bucket).key("untagged.txt").tagging(t -> t.tagSet(
                        software.amazon.awssdk.services.s3.model.Tag.builder().key("classification").value("public").build())));
                assertThat(tess.getObjectAsBytes(b -> b.bucket(bucket).key("untagged.txt")).asUtf8String()).isEqualTo("plain");
                s3.deleteObjectTagging(b -> b.bucket(bucket).key("public.txt"));
                assertThat(errorCode(() -> tess.getObject(b -> b.bucket(bucket).key("public.txt")))).isEqualTo("AccessDenied");
            }
        }
    }

    @Test
    void publicReadBucketPolicyLetsAnonymousGetsThroughAndNothingElse() throws Exception {
        String bucket = newBucket();
        put(bucket, "public.txt", "hello world");
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*",
                  "Action":"s3:GetObject","Resource":"arn:aws:s3:::%s/*"}]}""".formatted(bucket);
        assertThat(errorCode(() -> s3.putBucketPolicy(b -> b.bucket(bucket).policy("{not json")))).isEqualTo("MalformedPolicy");
        assertThat(errorCode(() -> s3.getBucketPolicy(b -> b.bucket(bucket)))).isEqualTo("NoSuchBucketPolicy");
        s3.putBucketPolicy(b -> b.bucket(bucket).policy(policy));
        assertThat(s3.getBucketPolicy(b -> b.bucket(bucket)).policy()).contains("PublicRead");
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        var get = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint() + "/" + bucket + "/public.txt")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("hello world");
        var putAnon = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint() + "/" + bucket + "/evil.txt"))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(putAnon.statusCode()).isEqualTo(403);
        var listAnon = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint() + "/" + bucket)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(listAnon.statusCode()).isEqualTo(403);
        s3.deleteBucketPolicy(b -> b.bucket(bucket));
        var after = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint() + "/" + bucket + "/public.txt")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(403);
    }
}
