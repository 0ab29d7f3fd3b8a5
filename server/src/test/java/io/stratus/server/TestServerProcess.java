package io.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real command line in a child process: generated root credentials printed once and reused,
 * the ready line, health and metrics endpoints, and a clean stop on SIGTERM.
 */
class TestServerProcess {
    private static final Pattern READY = Pattern.compile("ready at (http://\\S+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    record Started(Process process, URI endpoint, List<String> output) {
    }

    private static Started start(Path dataDir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StratusMain.class.getName(), "server", "--data-dir", dataDir.toString(), "--port", "0");
        pb.environment().remove("STRATUS_ROOT_ACCESS_KEY");
        pb.environment().remove("STRATUS_ROOT_SECRET_KEY");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line);
            Matcher m = READY.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return new Started(p, URI.create(m.group(1)), lines);
            }
        }
        throw new AssertionError("server exited before ready: " + lines);
    }

    @Test
    void startsPrintsCredentialsOnceServesHealthAndStopsOnSigterm(@TempDir Path dataDir) throws Exception {
        Started first = start(dataDir);
        try {
            assertThat(String.join("\n", first.output())).contains("AWS_ACCESS_KEY_ID=AKIA").contains("AWS_SECRET_ACCESS_KEY=");
            Path credentials = dataDir.resolve("root-credentials");
            assertThat(Files.getPosixFilePermissions(credentials))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(first.endpoint().resolve("/_stratus/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"s3\"");
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(first.endpoint().resolve("/_stratus/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("stratus_requests_total").contains("stratus_storage_objects");
        } finally {
            first.process().destroy(); // SIGTERM
        }
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

        Started second = start(dataDir);
        try {
            assertThat(String.join("\n", second.output())).doesNotContain("AWS_SECRET_ACCESS_KEY=");
        } finally {
            second.process().destroy();
            second.process().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
