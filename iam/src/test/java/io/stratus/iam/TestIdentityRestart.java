package io.stratus.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.stratus.auth.Credential;
import io.stratus.http.HttpRequestHead;
import io.stratus.iam.store.Records.AccessKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State survives a restart: users, keys, policies, bucket policies, and live session tokens (the sealing key). */
class TestIdentityRestart {
    private static final Credential ROOT = new Credential("AKIATESTROOT00000001", "secret",
            "arn:aws:iam::000000000000:root", null);

    @Test
    void everythingSurvivesARestart(@TempDir Path dir) {
        AccessKey key;
        try (Identity identity = Identity.open(dir, ROOT, "000000000000", "us-east-1", Clock.systemUTC())) {
            identity.store().users().createUser("kim", null, Map.of("team", "blue"), null);
            key = identity.store().users().createAccessKey("kim");
            identity.store().users().putUserPolicy("kim", "p", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*",
                     "Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue"}}}]}""");
            identity.bucketPolicies().put("b", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::b/*"}]}""");
        }
        assertThat(Files.exists(dir.resolve("sts-token.key"))).isTrue();
        try (Identity identity = Identity.open(dir, ROOT, "000000000000", "us-east-1", Clock.systemUTC())) {
            Credential kim = identity.credentials().find(key.accessKeyId(), null).orElseThrow();
            assertThat(kim.secretKey()).isEqualTo(key.secretAccessKey());
            assertThat(kim.principalArn()).isEqualTo("arn:aws:iam::000000000000:user/kim");
            assertThat(identity.authorizer().decide(kim, "s3:GetObject", "arn:aws:s3:::b/k", Map.of()).allowed()).isTrue();
            assertThat(identity.authorizer().decide(kim, "s3:DeleteObject", "arn:aws:s3:::b/k", Map.of()).allowed())
                    .isFalse();
            assertThat(identity.credentials().find("AKIANOTAKEY000000000", null)).isEmpty();
            assertThat(identity.credentials().find(ROOT.accessKeyId(), null)).contains(ROOT);
        }
    }

    @Test
    void handlesOnlyIamAndStsFormPosts(@TempDir Path dir) {
        try (Identity identity = Identity.open(dir, ROOT, "000000000000", "us-east-1", Clock.systemUTC())) {
            var service = identity.queryService();
            String form = "application/x-www-form-urlencoded; charset=utf-8";
            String iamAuth = "AWS4-HMAC-SHA256 Credential=AKIA/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=x";
            String s3Auth = "AWS4-HMAC-SHA256 Credential=AKIA/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=x";
            assertThat(service.handles(head("POST", "/", form, iamAuth))).isTrue();
            assertThat(service.handles(head("POST", "/", form, null))).isTrue();
            assertThat(service.handles(head("POST", "/", form, s3Auth))).isFalse();
            assertThat(service.handles(head("POST", "/bucket", form, iamAuth))).isFalse();
            assertThat(service.handles(head("GET", "/", null, iamAuth))).isFalse();
            assertThat(service.handles(head("POST", "/", "application/xml", iamAuth))).isFalse();
        }
    }

    private static HttpRequestHead head(String method, String path, String contentType, String authorization) {
        return new HttpRequestHead() {
            @Override
            public String method() {
                return method;
            }

            @Override
            public String rawPath() {
                return path;
            }

            @Override
            public String rawQuery() {
                return "";
            }

            @Override
            public String header(String name) {
                return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                    case "content-type" -> contentType;
                    case "authorization" -> authorization;
                    default -> null;
                };
            }

            @Override
            public List<String> headers(String name) {
                String value = header(name);
                return value == null ? List.of() : List.of(value);
            }

            @Override
            public List<Map.Entry<String, String>> headerEntries() {
                return List.of();
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public List<Map.Entry<String, String>> queryParameters() {
                return List.of();
            }

            @Override
            public String queryParameter(String name) {
                return null;
            }
        };
    }
}
