package io.stratus.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real command line in a child process: generated root credentials printed once and reused,
 * the ready line, health and metrics endpoints, and a clean stop on SIGTERM.
 */
class TestServerProcess {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void startsPrintsCredentialsOnceServesHealthAndStopsOnSigterm(@TempDir Path dataDir) throws Exception {
        ChildServer first = ChildServer.start(dataDir, null, null);
        try {
            assertThat(String.join("\n", first.output)).contains("AWS_ACCESS_KEY_ID=AKIA").contains("AWS_SECRET_ACCESS_KEY=");
            Path credentials = dataDir.resolve("root-credentials");
            assertThat(Files.getPosixFilePermissions(credentials))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(first.endpoint.resolve("/_stratus/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"s3\"");
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(first.endpoint.resolve("/_stratus/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("stratus_requests_total").contains("stratus_storage_objects");
        } finally {
            first.process.destroy(); // SIGTERM
        }
        assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        ChildServer second = ChildServer.start(dataDir, null, null);
        try {
            assertThat(String.join("\n", second.output)).doesNotContain("AWS_SECRET_ACCESS_KEY=");
        } finally {
            second.process.destroy();
            second.process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
