package io.stratus.server.s3;

import static io.stratus.server.s3.IdentityClients.basic;
import static io.stratus.server.s3.IdentityClients.failure;
import static io.stratus.server.s3.IdentityClients.iam;
import static io.stratus.server.s3.IdentityClients.s3;
import static io.stratus.server.s3.IdentityClients.session;
import static io.stratus.server.s3.IdentityClients.sts;
import static org.assertj.core.api.Assertions.assertThat;

import io.stratus.server.StratusConfig;
import io.stratus.server.StratusServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * STS temporary credentials used against S3 through the real server: session policies narrow an
 * assumed role, and expired, tampered or token-less temporary keys are refused with AWS's errors
 * (the server runs on a clock the test can move, instead of sleeping out a 15-minute session).
 */
class TestTemporaryCredentials {
    private static final String ROOT_KEY = "AKIATESTROOT00000001";
    private static final String ROOT_SECRET = "test-secret-key-0123456789abcdefghijklmn";
    private static final AwsCredentials ROOT = basic(ROOT_KEY, ROOT_SECRET);
    private static final SettableClock CLOCK = new SettableClock();

    private static Path dataDir;
    private static StratusServer server;
    private static URI endpoint;
    private static S3Client rootS3;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("stratus-sts-it");
        server = StratusServer.start(StratusConfig.forDataDir(dataDir, 0).withRootCredentials(ROOT_KEY, ROOT_SECRET),
                CLOCK, Map.of());
        endpoint = URI.create("http://localhost:" + server.port());
        rootS3 = s3(endpoint, ROOT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (rootS3 != null) {
            rootS3.close();
        }
        if (server != null) {
            server.close();
        }
        S3TestBase.deleteTree(dataDir);
    }

    @AfterEach
    void realTime() {
        CLOCK.shift(Duration.ZERO);
    }

    private static String newBucket() {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 13);
        rootS3.createBucket(b -> b.bucket(name));
        return name;
    }

    private static boolean exists(String bucket, String key) {
        return rootS3.listObjectsV2(b -> b.bucket(bucket).prefix(key)).contents().stream()
                .anyMatch(o -> o.key().equals(key));
    }

    @Test
    void sessionPolicyNarrowsAnAssumedRoleForS3() {
        String bucket = newBucket();
        String roleArn;
        AccessKey gina;
        try (IamClient rootIam = iam(endpoint, ROOT)) {
            rootIam.createUser(b -> b.userName("gina"));
            rootIam.putUserPolicy(b -> b.userName("gina").policyName("assume").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"""));
            gina = rootIam.createAccessKey(b -> b.userName("gina")).accessKey();
            roleArn = rootIam.createRole(b -> b.roleName("bucket-editor").assumeRolePolicyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                     "Principal":{"AWS":"arn:aws:iam::000000000000:user/gina"},"Action":"sts:AssumeRole"}]}"""))
                    .role().arn();
            rootIam.putRolePolicy(b -> b.roleName("bucket-editor").policyName("edit").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],
                     "Resource":"arn:aws:s3:::%s/*"}]}""".formatted(bucket)));
        }
        String sessionPolicy = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*",
                 "Resource":"arn:aws:s3:::%s/inside/*"}]}""".formatted(bucket);
        try (StsClient ginaSts = sts(endpoint, basic(gina.accessKeyId(), gina.secretAccessKey()))) {
            Credentials narrowed = ginaSts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("narrow")
                    .policy(sessionPolicy)).credentials();
            Credentials whole = ginaSts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("whole")).credentials();
            assertThat(narrowed.accessKeyId()).startsWith("ASIA");
            try (S3Client narrow = s3(endpoint, session(narrowed)); S3Client full = s3(endpoint, session(whole))) {
                narrow.putObject(b -> b.bucket(bucket).key("inside/a.txt"), RequestBody.fromString("in"));
                assertThat(narrow.getObjectAsBytes(b -> b.bucket(bucket).key("inside/a.txt")).asUtf8String())
                        .isEqualTo("in");
                // The role itself may write outside/: only the session policy stands in the way.
                full.putObject(b -> b.bucket(bucket).key("outside/b.txt"), RequestBody.fromString("out"));
                assertThat(failure(() -> narrow.putObject(b -> b.bucket(bucket).key("outside/c.txt"),
                        RequestBody.fromString("no")))).isEqualTo("AccessDenied/403");
                assertThat(failure(() -> narrow.getObject(b -> b.bucket(bucket).key("outside/b.txt"))))
                        .isEqualTo("AccessDenied/403");
                // Neither the session policy's s3:* nor the role allows what the role lacks.
                assertThat(failure(() -> narrow.deleteObject(b -> b.bucket(bucket).key("inside/a.txt"))))
                        .isEqualTo("AccessDenied/403");
            }
        }
        assertThat(exists(bucket, "outside/c.txt")).isFalse();
        assertThat(exists(bucket, "inside/a.txt")).isTrue();
    }

    @Test
    void expiredCredentialsFailWithExpiredToken() throws Exception {
        String bucket = newBucket();
        rootS3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
        // Issued ten minutes "ago" for the shortest session (15 minutes): it expires five minutes from now.
        CLOCK.shift(Duration.ofMinutes(-10));
        Credentials temporary;
        try (StsClient rootSts = sts(endpoint, ROOT)) {
            temporary = rootSts.getSessionToken(b -> b.durationSeconds(900)).credentials();
        }
        URI presignedGet;
        try (S3Client valid = s3(endpoint, session(temporary)); S3Presigner presigner = presigner(session(temporary))) {
            assertThat(valid.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("v");
            presignedGet = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofHours(1))
                    .getObjectRequest(g -> g.bucket(bucket).key("k"))).url().toURI();
        }

        CLOCK.shift(Duration.ofMinutes(10));
        try (S3Client expired = s3(endpoint, session(temporary)); StsClient expiredSts = sts(endpoint, session(temporary))) {
            assertThat(failure(() -> expired.getObject(b -> b.bucket(bucket).key("k")))).isEqualTo("ExpiredToken/400");
            assertThat(failure(() -> expired.putObject(b -> b.bucket(bucket).key("late"), RequestBody.fromString("x"))))
                    .isEqualTo("ExpiredToken/400");
            assertThat(failure(expiredSts::getCallerIdentity)).isEqualTo("ExpiredToken/403");
        }
        HttpResponse<String> viaUrl = HttpClient.newHttpClient().send(HttpRequest.newBuilder(presignedGet).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(viaUrl.statusCode()).isEqualTo(400);
        assertThat(viaUrl.body()).contains("<Code>ExpiredToken</Code>");
        assertThat(exists(bucket, "late")).isFalse();
    }

    @Test
    void tamperedTokensAndTokenlessTemporaryKeysAreRefused() {
        String bucket = newBucket();
        rootS3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
        Credentials first;
        Credentials second;
        try (StsClient rootSts = sts(endpoint, ROOT)) {
            first = rootSts.getSessionToken(b -> b.durationSeconds(900)).credentials();
            second = rootSts.getSessionToken(b -> b.durationSeconds(900)).credentials();
        }
        String token = first.sessionToken();
        int middle = token.length() / 2;
        String tampered = token.substring(0, middle) + (token.charAt(middle) == 'A' ? 'B' : 'A')
                + token.substring(middle + 1);
        AwsCredentials[] refusedAsInvalidToken = {
            AwsSessionCredentials.create(first.accessKeyId(), first.secretAccessKey(), tampered),
            AwsSessionCredentials.create(first.accessKeyId(), first.secretAccessKey(), "not-a-token"),
            // a genuine token, but another session's: it does not name this key id
            AwsSessionCredentials.create(first.accessKeyId(), first.secretAccessKey(), second.sessionToken()),
        };
        for (AwsCredentials credentials : refusedAsInvalidToken) {
            try (S3Client client = s3(endpoint, credentials)) {
                assertThat(failure(() -> client.getObject(b -> b.bucket(bucket).key("k")))).isEqualTo("InvalidToken/400");
                assertThat(failure(() -> client.putObject(b -> b.bucket(bucket).key("forged"),
                        RequestBody.fromString("x")))).isEqualTo("InvalidToken/400");
            }
        }
        // An ASIA key id without its token is unknown, as AWS answers it.
        try (S3Client tokenless = s3(endpoint, basic(first.accessKeyId(), first.secretAccessKey()));
             StsClient tokenlessSts = sts(endpoint, basic(first.accessKeyId(), first.secretAccessKey()))) {
            assertThat(failure(() -> tokenless.getObject(b -> b.bucket(bucket).key("k"))))
                    .isEqualTo("InvalidAccessKeyId/403");
            assertThat(failure(tokenlessSts::getCallerIdentity)).isEqualTo("InvalidClientTokenId/403");
        }
        try (StsClient tamperedSts = sts(endpoint, refusedAsInvalidToken[0])) {
            assertThat(failure(tamperedSts::getCallerIdentity)).isEqualTo("InvalidClientTokenId/403");
        }
        // The untouched credentials still work: nothing above was a fluke of the session itself.
        try (S3Client genuine = s3(endpoint, session(first))) {
            assertThat(genuine.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("v");
        }
        assertThat(exists(bucket, "forged")).isFalse();
    }

    private static S3Presigner presigner(AwsCredentials credentials) {
        return S3Presigner.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }
}
