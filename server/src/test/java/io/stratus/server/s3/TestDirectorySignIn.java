package io.stratus.server.s3;

import static io.stratus.server.s3.IdentityClients.basic;
import static io.stratus.server.s3.IdentityClients.failure;
import static io.stratus.server.s3.IdentityClients.iam;
import static io.stratus.server.s3.IdentityClients.s3;
import static io.stratus.server.s3.IdentityClients.sts;
import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import io.stratus.server.StratusConfig;
import io.stratus.server.StratusServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Directory sign-in through the real server: UnboundID's in-memory directory speaks LDAP on a port,
 * two of its groups map to two roles (STRATUS_LDAP_ROLE_MAP), and each group's users get their
 * role's permissions on S3 with the credentials AssumeRoleWithLDAPIdentity hands out.
 */
class TestDirectorySignIn {
    private static final String ROOT_KEY = "AKIATESTROOT00000001";
    private static final String ROOT_SECRET = "test-secret-key-0123456789abcdefghijklmn";
    private static final String BASE = "dc=example,dc=com";
    private static final String READERS = "cn=readers,ou=groups," + BASE;
    private static final String WRITERS = "cn=writers,ou=groups," + BASE;
    private static final String BUCKET = "team-photos";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static InMemoryDirectoryServer directory;
    private static Path dataDir;
    private static StratusServer server;
    private static URI endpoint;

    @BeforeAll
    static void start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.addAdditionalBindCredentials("cn=svc," + BASE, "svc-secret");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
        config.setSchema(null);
        directory = new InMemoryDirectoryServer(config);
        directory.add("dn: " + BASE, "objectClass: domain", "dc: example");
        directory.add("dn: ou=people," + BASE, "objectClass: organizationalUnit", "ou: people");
        directory.add("dn: ou=groups," + BASE, "objectClass: organizationalUnit", "ou: groups");
        for (String user : List.of("rita", "will", "nora")) {
            directory.add("dn: uid=" + user + ",ou=people," + BASE, "objectClass: inetOrgPerson", "uid: " + user,
                    "cn: " + user, "sn: " + user, "userPassword: " + user + "-directory-pw");
        }
        directory.add("dn: " + READERS, "objectClass: groupOfNames", "cn: readers", "member: uid=rita,ou=people," + BASE);
        directory.add("dn: " + WRITERS, "objectClass: groupOfNames", "cn: writers", "member: uid=will,ou=people," + BASE);
        directory.startListening();

        dataDir = Files.createTempDirectory("stratus-ldap-it");
        server = startServer(dataDir, "ldap://127.0.0.1:" + directory.getListenPort());
        endpoint = URI.create("http://localhost:" + server.port());
        AwsCredentials root = basic(ROOT_KEY, ROOT_SECRET);
        try (IamClient rootIam = iam(endpoint, root); S3Client rootS3 = s3(endpoint, root)) {
            rootS3.createBucket(b -> b.bucket(BUCKET));
            rootS3.putObject(b -> b.bucket(BUCKET).key("album/1.jpg"), RequestBody.fromString("photo"));
            String trust = """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"000000000000"},
                     "Action":"sts:AssumeRole"}]}""";
            rootIam.createRole(b -> b.roleName("PhotoReader").assumeRolePolicyDocument(trust));
            rootIam.putRolePolicy(b -> b.roleName("PhotoReader").policyName("read").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",
                     "Resource":"arn:aws:s3:::%s/*"}]}""".formatted(BUCKET)));
            rootIam.createRole(b -> b.roleName("PhotoWriter").assumeRolePolicyDocument(trust));
            rootIam.putRolePolicy(b -> b.roleName("PhotoWriter").policyName("write").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],
                     "Resource":"arn:aws:s3:::%s/*"}]}""".formatted(BUCKET)));
        }
    }

    /** A server whose directory sign-in points at {@code ldapUrl}, configured as an operator would, by environment. */
    private static StratusServer startServer(Path dir, String ldapUrl) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("STRATUS_LDAP_URL", ldapUrl);
        env.put("STRATUS_LDAP_BIND_DN", "cn=svc," + BASE);
        env.put("STRATUS_LDAP_BIND_PASSWORD", "svc-secret");
        env.put("STRATUS_LDAP_USER_BASE", "ou=people," + BASE);
        env.put("STRATUS_LDAP_USER_FILTER", "(uid={username})");
        env.put("STRATUS_LDAP_GROUP_BASE", "ou=groups," + BASE);
        env.put("STRATUS_LDAP_GROUP_FILTER", "(member={dn})");
        env.put("STRATUS_LDAP_ROLE_MAP", READERS + "=PhotoReader;" + WRITERS + "=PhotoWriter");
        return StratusServer.start(StratusConfig.forDataDir(dir, 0).withRootCredentials(ROOT_KEY, ROOT_SECRET),
                Clock.systemUTC(), env);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (directory != null) {
            directory.shutDown(true);
        }
        S3TestBase.deleteTree(dataDir);
    }

    /** MinIO's AssumeRoleWithLDAPIdentity: an unsigned STS form post; the directory password is the credential. */
    private static HttpResponse<String> signIn(URI target, String username, String password) throws Exception {
        String form = "Action=AssumeRoleWithLDAPIdentity&Version=2011-06-15&LDAPUsername=" + encode(username)
                + "&LDAPPassword=" + encode(password);
        return HTTP.send(HttpRequest.newBuilder(target.resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static AwsCredentials credentialsOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AwsSessionCredentials.create(element(response.body(), "AccessKeyId"),
                element(response.body(), "SecretAccessKey"), element(response.body(), "SessionToken"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String element(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void eachMappedGroupGetsItsRolesPermissionsOnS3() throws Exception {
        AwsCredentials rita = credentialsOf(signIn(endpoint, "rita", "rita-directory-pw"));
        AwsCredentials will = credentialsOf(signIn(endpoint, "will", "will-directory-pw"));
        assertThat(rita.accessKeyId()).startsWith("ASIA");
        try (StsClient ritaSts = sts(endpoint, rita); StsClient willSts = sts(endpoint, will)) {
            assertThat(ritaSts.getCallerIdentity().arn())
                    .isEqualTo("arn:aws:sts::000000000000:assumed-role/PhotoReader/rita");
            assertThat(willSts.getCallerIdentity().arn())
                    .isEqualTo("arn:aws:sts::000000000000:assumed-role/PhotoWriter/will");
        }
        try (S3Client reader = s3(endpoint, rita); S3Client writer = s3(endpoint, will)) {
            assertThat(reader.getObjectAsBytes(b -> b.bucket(BUCKET).key("album/1.jpg")).asUtf8String())
                    .isEqualTo("photo");
            assertThat(failure(() -> reader.putObject(b -> b.bucket(BUCKET).key("album/2.jpg"),
                    RequestBody.fromString("mine")))).isEqualTo("AccessDenied/403");
            writer.putObject(b -> b.bucket(BUCKET).key("album/3.jpg"), RequestBody.fromString("new"));
            assertThat(reader.getObjectAsBytes(b -> b.bucket(BUCKET).key("album/3.jpg")).asUtf8String())
                    .isEqualTo("new");
            // Neither role may touch another bucket.
            assertThat(failure(() -> writer.createBucket(b -> b.bucket("will-own")))).isEqualTo("AccessDenied/403");
        }
    }

    @Test
    void wrongPasswordAndUnmappedUserGetAClearErrorAndNoCredentials() throws Exception {
        HttpResponse<String> wrongPassword = signIn(endpoint, "rita", "not-rita-directory-pw");
        assertThat(wrongPassword.statusCode()).isEqualTo(403);
        assertThat(element(wrongPassword.body(), "Code")).isEqualTo("AccessDenied");
        assertThat(element(wrongPassword.body(), "Message")).isEqualTo("LDAP authentication failed");
        assertThat(wrongPassword.body()).doesNotContain("AccessKeyId").doesNotContain("not-rita-directory-pw");

        HttpResponse<String> unmapped = signIn(endpoint, "nora", "nora-directory-pw");
        assertThat(unmapped.statusCode()).isEqualTo(403);
        assertThat(element(unmapped.body(), "Code")).isEqualTo("AccessDenied");
        assertThat(element(unmapped.body(), "Message")).contains("nora").contains("not in any group mapped to a role");
        assertThat(unmapped.body()).doesNotContain("AccessKeyId").doesNotContain("nora-directory-pw");
    }

    @Test
    void unreachableDirectoryGetsAClearErrorAndNoCredentials() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path otherDir = Files.createTempDirectory("stratus-ldap-down");
        try (StratusServer unreachable = startServer(otherDir, "ldap://127.0.0.1:" + closedPort)) {
            HttpResponse<String> response = signIn(URI.create("http://localhost:" + unreachable.port()), "rita",
                    "rita-directory-pw");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(element(response.body(), "Code")).isEqualTo("ServiceUnavailable");
            assertThat(element(response.body(), "Message")).startsWith("The directory is unavailable");
            assertThat(response.body()).doesNotContain("AccessKeyId").doesNotContain("rita-directory-pw");
        } finally {
            S3TestBase.deleteTree(otherDir);
        }
    }
}
