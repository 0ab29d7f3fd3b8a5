package io.stratus.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import io.stratus.auth.Credential;
import io.stratus.http.HttpMetrics;
import io.stratus.http.HttpServer;
import io.stratus.http.HttpServerConfig;
import io.stratus.iam.ldap.LdapConfig;
import io.stratus.iam.ldap.LdapSignIn;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/** AssumeRoleWithLDAPIdentity against UnboundID's in-memory directory speaking real LDAP on a port. */
class TestLdapSignIn {
    private static final String BASE = "dc=example,dc=com";
    private static final String ADMINS = "cn=admins,ou=groups," + BASE;
    private static final String DEVS = "cn=devs,ou=groups," + BASE;
    private static final String TRUST = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"000000000000"},"Action":"sts:AssumeRole"}]}""";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static InMemoryDirectoryServer directory;
    private static Path dataDir;
    private static Identity identity;
    private static HttpServer server;
    private static URI endpoint;
    private static LdapConfig config;

    @BeforeAll
    static void start() throws Exception {
        InMemoryDirectoryServerConfig dirConfig = new InMemoryDirectoryServerConfig(BASE);
        dirConfig.addAdditionalBindCredentials("cn=svc," + BASE, "svc-secret");
        dirConfig.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
        dirConfig.setSchema(null);
        directory = new InMemoryDirectoryServer(dirConfig);
        directory.add("dn: " + BASE, "objectClass: domain", "dc: example");
        directory.add("dn: ou=people," + BASE, "objectClass: organizationalUnit", "ou: people");
        directory.add("dn: ou=groups," + BASE, "objectClass: organizationalUnit", "ou: groups");
        for (String user : List.of("alice", "bob", "carol", "dave")) {
            directory.add("dn: uid=" + user + ",ou=people," + BASE, "objectClass: inetOrgPerson", "uid: " + user,
                    "cn: " + user, "sn: " + user, "userPassword: " + user + "-pw");
        }
        directory.modify("dn: uid=dave,ou=people," + BASE, "changetype: modify", "add: nsAccountLock",
                "nsAccountLock: true");
        directory.add("dn: " + ADMINS, "objectClass: groupOfNames", "cn: admins", "member: uid=alice,ou=people," + BASE);
        directory.add("dn: " + DEVS, "objectClass: groupOfNames", "cn: devs", "member: uid=alice,ou=people," + BASE,
                "member: uid=bob,ou=people," + BASE, "member: uid=dave,ou=people," + BASE);
        directory.startListening();

        config = LdapConfig.fromEnvironment(Map.of(
                "STRATUS_LDAP_URL", "ldap://127.0.0.1:" + directory.getListenPort(),
                "STRATUS_LDAP_BIND_DN", "cn=svc," + BASE,
                "STRATUS_LDAP_BIND_PASSWORD", "svc-secret",
                "STRATUS_LDAP_USER_BASE", "ou=people," + BASE,
                "STRATUS_LDAP_USER_FILTER", "(uid={username})",
                "STRATUS_LDAP_GROUP_BASE", "ou=groups," + BASE,
                "STRATUS_LDAP_GROUP_FILTER", "(member={dn})",
                "STRATUS_LDAP_ROLE_MAP", ADMINS + "=Admin;" + DEVS + "=Dev")).orElseThrow();
        dataDir = Files.createTempDirectory("stratus-ldap-it");
        identity = Identity.open(dataDir.resolve("iam"), new Credential("AKIATESTROOT00000001", "secret",
                "arn:aws:iam::000000000000:root", null), "000000000000", "us-east-1", Clock.systemUTC(), Optional.of(config),
                Optional.empty());
        identity.store().roles().createRole("Admin", null, TRUST, null, null, Map.of(), null);
        identity.store().roles().createRole("Dev", null, TRUST, null, null, Map.of(), null);
        identity.store().roles().putRolePolicy("Dev", "read", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""");
        server = new HttpServer(HttpServerConfig.defaults("127.0.0.1", 0), List.of(identity.queryService()),
                new HttpMetrics());
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
        if (directory != null) {
            directory.shutDown(true);
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static HttpResponse<String> signIn(String username, String password, String roleArn) throws Exception {
        String form = "Action=AssumeRoleWithLDAPIdentity&Version=2011-06-15&LDAPUsername=" + enc(username)
                + "&LDAPPassword=" + enc(password) + (roleArn == null ? "" : "&RoleArn=" + enc(roleArn));
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String element(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void userInOneMappedGroupGetsThatRole() throws Exception {
        HttpResponse<String> response = signIn("bob", "bob-pw", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<AssumeRoleWithLDAPIdentityResult>");
        String accessKeyId = element(response.body(), "AccessKeyId");
        assertThat(accessKeyId).startsWith("ASIA");
        try (StsClient sts = StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(accessKeyId,
                        element(response.body(), "SecretAccessKey"), element(response.body(), "SessionToken"))))
                .httpClientBuilder(Apache5HttpClient.builder()).build()) {
            assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:sts::000000000000:assumed-role/Dev/bob");
        }
        Credential credential = identity.credentials().find(accessKeyId, element(response.body(), "SessionToken"))
                .orElseThrow();
        assertThat(identity.authorizer().decide(credential, "s3:GetObject", "arn:aws:s3:::b/k", Map.of()).allowed()).isTrue();
        assertThat(identity.authorizer().decide(credential, "s3:PutObject", "arn:aws:s3:::b/k", Map.of()).allowed()).isFalse();
    }

    @Test
    void userInTwoMappedGroupsChoosesWithRoleArn() throws Exception {
        HttpResponse<String> ambiguous = signIn("alice", "alice-pw", null);
        assertThat(ambiguous.statusCode()).isEqualTo(400);
        assertThat(element(ambiguous.body(), "Code")).isEqualTo("ValidationError");
        HttpResponse<String> admin = signIn("alice", "alice-pw", "arn:aws:iam::000000000000:role/Admin");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(element(admin.body(), "Arn")).isEqualTo("arn:aws:sts::000000000000:assumed-role/Admin/alice");
        HttpResponse<String> dev = signIn("alice", "alice-pw", "arn:aws:iam::000000000000:role/Dev");
        assertThat(element(dev.body(), "Arn")).isEqualTo("arn:aws:sts::000000000000:assumed-role/Dev/alice");
        assertThat(signIn("bob", "bob-pw", "arn:aws:iam::000000000000:role/Admin").statusCode()).isEqualTo(403);
    }

    @Test
    void refusals() throws Exception {
        for (String[] attempt : new String[][] {{"bob", "wrong-secret-pw"}, {"carol", "carol-pw"}, {"dave", "dave-pw"},
                {"nobody", "nobody-secret-pw"}, {"bob", ""}, {"*", "bob-pw"}}) {
            HttpResponse<String> response = signIn(attempt[0], attempt[1], null);
            assertThat(response.statusCode()).as(attempt[0]).isIn(400, 403);
            assertThat(response.body()).doesNotContain("AccessKeyId").doesNotContain(attempt[1].isEmpty() ? "\u0000" : attempt[1]);
        }
        assertThat(element(signIn("bob", "wrong", null).body(), "Code")).isEqualTo("AccessDenied");
        assertThat(element(signIn("carol", "carol-pw", null).body(), "Code")).isEqualTo("AccessDenied");
    }

    @Test
    void unreachableDirectoryIsAClearError() {
        LdapConfig unreachable = new LdapConfig(URI.create("ldap://127.0.0.1:1"), false, null, null, "ou=people," + BASE,
                null, null, null, Map.of());
        assertThatThrownBy(() -> new LdapSignIn(unreachable).signIn("bob", "bob-pw"))
                .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.code()).isEqualTo("ServiceUnavailable"));
        assertThat(config.toString()).doesNotContain("svc-secret");
    }
}
