package io.stratus.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stratus.auth.AuthContext;
import io.stratus.auth.AuthException;
import io.stratus.auth.Credential;
import io.stratus.http.HttpMetrics;
import io.stratus.http.HttpServer;
import io.stratus.http.HttpServerConfig;
import io.stratus.iam.policy.MalformedPolicyException;
import io.stratus.iam.policy.PolicyDecision;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** IAM and STS over the wire with the AWS SDK v2, against a real HttpServer on port 0. */
class TestIamSts {
    private static final String ROOT_KEY = "AKIATESTROOT00000001";
    private static final String ROOT_SECRET = "test-secret-key-0123456789abcdefghijklmn";
    private static final String ACCOUNT = "000000000000";
    private static final String ALLOW_ASSUME = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:GetFederationToken"],"Resource":"*"}]}""";

    private static Path dataDir;
    private static Identity identity;
    private static HttpMetrics metrics;
    private static HttpServer server;
    private static URI endpoint;

    @BeforeAll
    static void start() throws IOException {
        dataDir = Files.createTempDirectory("stratus-iam-it");
        identity = Identity.open(dataDir.resolve("iam"), new Credential(ROOT_KEY, ROOT_SECRET,
                "arn:aws:iam::" + ACCOUNT + ":root", null), ACCOUNT, "us-east-1", Clock.systemUTC());
        metrics = new HttpMetrics();
        server = new HttpServer(HttpServerConfig.defaults("127.0.0.1", 0), List.of(identity.queryService()), metrics);
        endpoint = URI.create("http://127.0.0.1:" + server.start());
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (identity != null) {
            identity.close();
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static IamClient iam(AwsCredentials credentials) {
        return IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(Apache5HttpClient.builder()).build();
    }

    private static StsClient sts(AwsCredentials credentials) {
        return StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(Apache5HttpClient.builder()).build();
    }

    private static AwsCredentials root() {
        return AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET);
    }

    private static AwsCredentials of(AccessKey key) {
        return AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
    }

    private static AwsCredentials of(Credentials temporary) {
        return AwsSessionCredentials.create(temporary.accessKeyId(), temporary.secretAccessKey(), temporary.sessionToken());
    }

    private static Credential credential(Credentials temporary) {
        return identity.credentials().find(temporary.accessKeyId(), temporary.sessionToken()).orElseThrow();
    }

    private static String errorCode(Runnable call) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            return e.awsErrorDetails().errorCode() + "/" + e.statusCode();
        }
        throw new AssertionError("expected the call to fail");
    }

    private static AccessKey newUser(IamClient rootIam, String name) {
        rootIam.createUser(b -> b.userName(name));
        return rootIam.createAccessKey(b -> b.userName(name)).accessKey();
    }

    @Test
    void usersKeysAndInlinePolicies() {
        try (IamClient rootIam = iam(root())) {
            AccessKey key = newUser(rootIam, "alice");
            assertThat(key.accessKeyId()).startsWith("AKIA");
            assertThat(rootIam.getUser(b -> b.userName("alice")).user().arn())
                    .isEqualTo("arn:aws:iam::000000000000:user/alice");
            assertThat(rootIam.listUsers().users()).extracting(u -> u.userName()).contains("alice");
            assertThat(rootIam.listAccessKeys(b -> b.userName("alice")).accessKeyMetadata()).hasSize(1);

            try (StsClient aliceSts = sts(of(key)); IamClient aliceIam = iam(of(key))) {
                GetCallerIdentityResponse me = aliceSts.getCallerIdentity();
                assertThat(me.arn()).isEqualTo("arn:aws:iam::000000000000:user/alice");
                assertThat(me.account()).isEqualTo(ACCOUNT);
                // no policy yet: implicitly denied
                assertThat(errorCode(() -> aliceIam.createUser(b -> b.userName("mallory")))).isEqualTo("AccessDenied/403");

                String policy = """
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},
                         {"Effect":"Deny","Action":"iam:DeleteUser","Resource":"*"}]}""";
                rootIam.putUserPolicy(b -> b.userName("alice").policyName("admin").policyDocument(policy));
                assertThat(rootIam.getUserPolicy(b -> b.userName("alice").policyName("admin")).policyDocument())
                        .contains("iam%3A%2A");
                assertThat(rootIam.listUserPolicies(b -> b.userName("alice")).policyNames()).containsExactly("admin");

                aliceIam.createUser(b -> b.userName("carol"));
                assertThat(errorCode(() -> aliceIam.deleteUser(b -> b.userName("carol")))).isEqualTo("AccessDenied/403");
                rootIam.deleteUser(b -> b.userName("carol"));
            }

            rootIam.updateAccessKey(b -> b.userName("alice").accessKeyId(key.accessKeyId()).status(StatusType.INACTIVE));
            try (StsClient aliceSts = sts(of(key))) {
                assertThat(errorCode(aliceSts::getCallerIdentity)).isEqualTo("InvalidClientTokenId/403");
            }
        }
    }

    @Test
    void errorsCarryIamCodes() {
        try (IamClient rootIam = iam(root())) {
            assertThat(errorCode(() -> rootIam.getUser(b -> b.userName("nobody")))).isEqualTo("NoSuchEntity/404");
            rootIam.createUser(b -> b.userName("dup"));
            assertThat(errorCode(() -> rootIam.createUser(b -> b.userName("dup")))).isEqualTo("EntityAlreadyExists/409");
            assertThat(errorCode(() -> rootIam.putUserPolicy(b -> b.userName("dup").policyName("p")
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\"}]}"))))
                    .isEqualTo("MalformedPolicyDocument/400");
            rootIam.createAccessKey(b -> b.userName("dup"));
            assertThat(errorCode(() -> rootIam.deleteUser(b -> b.userName("dup")))).isEqualTo("DeleteConflict/409");
        }
        try (StsClient stranger = sts(AwsBasicCredentials.create("AKIANOSUCHKEY0000000", "x"))) {
            assertThat(errorCode(stranger::getCallerIdentity)).isEqualTo("InvalidClientTokenId/403");
        }
    }

    @Test
    void madeUpActionsAreRefusedAndNeverBecomeMetricTags() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("Action=MadeUpAction" + i + "&Version=2010-05-08"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isBetween(400, 403);
        }
        try (IamClient rootIam = iam(root())) {
            rootIam.listUsers();
        }
        String scraped = metrics.scrape();
        assertThat(scraped).doesNotContain("MadeUpAction").contains("operation=\"unknown\",service=\"iam\"")
                .contains("operation=\"ListUsers\"");
    }

    @Test
    void managedPoliciesAndGroups() {
        try (IamClient rootIam = iam(root())) {
            AccessKey key = newUser(rootIam, "dave");
            String arn = rootIam.createPolicy(b -> b.policyName("photos-read").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*"}]}"""))
                    .policy().arn();
            assertThat(arn).isEqualTo("arn:aws:iam::000000000000:policy/photos-read");
            rootIam.createGroup(b -> b.groupName("readers"));
            rootIam.attachGroupPolicy(b -> b.groupName("readers").policyArn(arn));
            Credential dave = identity.credentials().find(key.accessKeyId(), null).orElseThrow();
            assertThat(decide(dave, "s3:GetObject", "arn:aws:s3:::photos/a.jpg").allowed()).isFalse();
            rootIam.addUserToGroup(b -> b.groupName("readers").userName("dave"));
            assertThat(decide(dave, "s3:GetObject", "arn:aws:s3:::photos/a.jpg").allowed()).isTrue();
            assertThat(decide(dave, "s3:PutObject", "arn:aws:s3:::photos/a.jpg").allowed()).isFalse();
            assertThat(errorCode(() -> rootIam.deletePolicy(b -> b.policyArn(arn)))).isEqualTo("DeleteConflict/409");
            rootIam.attachUserPolicy(b -> b.userName("dave").policyArn("arn:aws:iam::aws:policy/AmazonS3FullAccess"));
            assertThat(decide(dave, "s3:PutObject", "arn:aws:s3:::photos/a.jpg").allowed()).isTrue();
            assertThat(rootIam.listAttachedUserPolicies(b -> b.userName("dave")).attachedPolicies())
                    .extracting(p -> p.policyName()).containsExactly("AmazonS3FullAccess");
        }
    }

    @Test
    void perUserPrefixWithPolicyVariable() {
        try (IamClient rootIam = iam(root())) {
            AccessKey key = newUser(rootIam, "erin");
            rootIam.putUserPolicy(b -> b.userName("erin").policyName("own-prefix").policyDocument("""
                    {"Version":"2012-10-17","Statement":[
                      {"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::photos/${aws:username}/*"},
                      {"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::photos",
                       "Condition":{"StringLike":{"s3:prefix":"${aws:username}/*"}}}]}"""));
            Credential erin = identity.credentials().find(key.accessKeyId(), null).orElseThrow();
            assertThat(decide(erin, "s3:PutObject", "arn:aws:s3:::photos/erin/1.jpg").allowed()).isTrue();
            assertThat(decide(erin, "s3:PutObject", "arn:aws:s3:::photos/frank/1.jpg").allowed()).isFalse();
            assertThat(identity.authorizer().decide(erin, "s3:ListBucket", "arn:aws:s3:::photos",
                    Map.of("s3:prefix", "erin/")).allowed()).isTrue();
            assertThat(identity.authorizer().decide(erin, "s3:ListBucket", "arn:aws:s3:::photos",
                    Map.of("s3:prefix", "frank/")).allowed()).isFalse();
        }
    }

    @Test
    void assumeRoleWithTrustAndSessionPolicy() {
        try (IamClient rootIam = iam(root())) {
            AccessKey gina = newUser(rootIam, "gina");
            AccessKey hank = newUser(rootIam, "hank");
            rootIam.putUserPolicy(b -> b.userName("gina").policyName("assume").policyDocument(ALLOW_ASSUME));
            rootIam.putUserPolicy(b -> b.userName("hank").policyName("assume").policyDocument(ALLOW_ASSUME));
            String roleArn = rootIam.createRole(b -> b.roleName("s3-reader").assumeRolePolicyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:user/gina"},
                     "Action":"sts:AssumeRole"}]}""")).role().arn();
            rootIam.putRolePolicy(b -> b.roleName("s3-reader").policyName("read").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"}]}"""));

            try (StsClient ginaSts = sts(of(gina))) {
                AssumeRoleResponse assumed = ginaSts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1")
                        .durationSeconds(900));
                assertThat(assumed.credentials().accessKeyId()).startsWith("ASIA");
                assertThat(assumed.assumedRoleUser().arn())
                        .isEqualTo("arn:aws:sts::000000000000:assumed-role/s3-reader/s1");
                try (StsClient session = sts(of(assumed.credentials()))) {
                    assertThat(session.getCallerIdentity().arn())
                            .isEqualTo("arn:aws:sts::000000000000:assumed-role/s3-reader/s1");
                }
                Credential role = credential(assumed.credentials());
                assertThat(decide(role, "s3:GetObject", "arn:aws:s3:::any/k").allowed()).isTrue();
                assertThat(decide(role, "s3:PutObject", "arn:aws:s3:::any/k").allowed()).isFalse();

                // a session policy narrows the role to one bucket
                AssumeRoleResponse narrowed = ginaSts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("s2")
                        .policy("""
                                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::public/*"}]}"""));
                Credential narrow = credential(narrowed.credentials());
                assertThat(decide(narrow, "s3:GetObject", "arn:aws:s3:::public/k").allowed()).isTrue();
                assertThat(decide(narrow, "s3:GetObject", "arn:aws:s3:::private/k").allowed()).isFalse();
                assertThat(decide(narrow, "s3:PutObject", "arn:aws:s3:::public/k").allowed()).isFalse();

                assertThat(errorCode(() -> ginaSts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("s3")
                        .durationSeconds(7200)))).isEqualTo("ValidationError/400");
            }
            try (StsClient hankSts = sts(of(hank))) {
                assertThat(errorCode(() -> hankSts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("xx"))))
                        .isEqualTo("AccessDenied/403");
            }
        }
    }

    @Test
    void sessionTokenActsAsTheUserAndExpires() {
        try (IamClient rootIam = iam(root())) {
            AccessKey ivan = newUser(rootIam, "ivan");
            Credentials temporary;
            try (StsClient ivanSts = sts(of(ivan))) {
                temporary = ivanSts.getSessionToken(b -> b.durationSeconds(900)).credentials();
            }
            try (StsClient session = sts(of(temporary))) {
                assertThat(session.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::000000000000:user/ivan");
                assertThat(errorCode(() -> session.getSessionToken())).isEqualTo("AccessDenied/403");
            }
            // a forged token is refused, as STS words it
            try (StsClient forged = sts(AwsSessionCredentials.create(temporary.accessKeyId(),
                    temporary.secretAccessKey(), temporary.sessionToken() + "x"))) {
                assertThat(errorCode(forged::getCallerIdentity)).isEqualTo("InvalidClientTokenId/403");
            }
            try (StsClient withoutToken = sts(AwsBasicCredentials.create(temporary.accessKeyId(),
                    temporary.secretAccessKey()))) {
                assertThat(errorCode(withoutToken::getCallerIdentity)).isEqualTo("InvalidClientTokenId/403");
            }
            IamCredentials credentials = identity.credentials();
            assertThat(credentials.find(temporary.accessKeyId(), null)).isEmpty();
            assertThatThrownBy(() -> credentials.find("ASIAANOTHERKEY000000", temporary.sessionToken()))
                    .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.code()).isEqualTo("InvalidToken"));
            assertThatThrownBy(() -> credentials.find(temporary.accessKeyId(), "garbage"))
                    .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.code()).isEqualTo("InvalidToken"));
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(901));
            IamCredentials afterExpiry = new IamCredentials(credentials.root(), identity.store(), identity.sealer(), later);
            assertThatThrownBy(() -> afterExpiry.find(temporary.accessKeyId(), temporary.sessionToken()))
                    .isInstanceOfSatisfying(AuthException.class, e -> {
                        assertThat(e.code()).isEqualTo("ExpiredToken");
                        assertThat(e.httpStatus()).isEqualTo(400);
                    });
            try (StsClient stillValid = sts(of(temporary))) {
                // the server's own clock has not reached the expiry the token carries
                assertThat(stillValid.getCallerIdentity().arn()).endsWith(":user/ivan");
            }
        }
    }

    @Test
    void temporaryCredentialsVerifyWithoutTheStore(@org.junit.jupiter.api.io.TempDir Path elsewhere) {
        Credentials temporary;
        try (StsClient rootSts = sts(root())) {
            temporary = rootSts.getSessionToken(b -> b.durationSeconds(900)).credentials();
        }
        // A store that has never seen the session: only the sealing key is shared.
        try (io.stratus.iam.store.IamStore empty = new io.stratus.iam.store.IamStore(elsewhere, ACCOUNT,
                Clock.systemUTC())) {
            IamCredentials fresh = new IamCredentials(identity.credentials().root(), empty, identity.sealer(),
                    Clock.systemUTC());
            Credential credential = fresh.find(temporary.accessKeyId(), temporary.sessionToken()).orElseThrow();
            assertThat(credential.secretKey()).isEqualTo(temporary.secretAccessKey());
            assertThat(credential.principalArn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":root");
        }
    }

    @Test
    void federationTokenIsLimitedToItsPolicy() {
        try (IamClient rootIam = iam(root())) {
            AccessKey broker = newUser(rootIam, "broker");
            rootIam.putUserPolicy(b -> b.userName("broker").policyName("all").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"""));
            try (StsClient brokerSts = sts(of(broker))) {
                var token = brokerSts.getFederationToken(b -> b.name("app-user-1").policy("""
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::photos/app-user-1/*"}]}"""));
                assertThat(token.federatedUser().arn()).isEqualTo("arn:aws:sts::000000000000:federated-user/app-user-1");
                Credential federated = credential(token.credentials());
                assertThat(decide(federated, "s3:PutObject", "arn:aws:s3:::photos/app-user-1/a").allowed()).isTrue();
                assertThat(decide(federated, "s3:PutObject", "arn:aws:s3:::photos/other/a").allowed()).isFalse();
            }
        }
    }

    @Test
    void bucketPolicies() {
        BucketPolicies policies = identity.bucketPolicies();
        assertThatThrownBy(() -> policies.put("site", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"}]}"""))
                .isInstanceOf(MalformedPolicyException.class).hasMessageContaining("invalid resource");
        String publicRead = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"},
                 {"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::site/*"}]}""";
        policies.put("site", publicRead);
        assertThat(policies.get("site")).contains(publicRead);
        AuthContext anonymous = AuthContext.anonymousContext();
        assertThat(identity.authorizer().decide(anonymous, "s3:GetObject", "arn:aws:s3:::site/index.html", Map.of())
                .allowed()).isTrue();
        assertThat(identity.authorizer().decide(anonymous, "s3:PutObject", "arn:aws:s3:::site/index.html", Map.of())
                .allowed()).isFalse();
        assertThat(identity.authorizer().decide(anonymous, "s3:GetObject", "arn:aws:s3:::elsewhere/x", Map.of())
                .allowed()).isFalse();
        try (IamClient rootIam = iam(root())) {
            AccessKey judy = newUser(rootIam, "judy");
            rootIam.attachUserPolicy(b -> b.userName("judy").policyArn("arn:aws:iam::aws:policy/AmazonS3FullAccess"));
            Credential credential = identity.credentials().find(judy.accessKeyId(), null).orElseThrow();
            assertThat(decide(credential, "s3:DeleteObject", "arn:aws:s3:::site/x").outcome())
                    .isEqualTo(PolicyDecision.Outcome.EXPLICIT_DENY);
            assertThat(decide(credential, "s3:DeleteObject", "arn:aws:s3:::other/x").allowed()).isTrue();
        }
        // root is allowed everything
        assertThat(decide(identity.credentials().root(), "s3:DeleteObject", "arn:aws:s3:::site/x").allowed()).isTrue();
        policies.delete("site");
        assertThat(policies.get("site")).isEmpty();
    }

    private static PolicyDecision decide(Credential credential, String action, String resource) {
        return identity.authorizer().decide(credential, action, resource, Map.of());
    }
}
