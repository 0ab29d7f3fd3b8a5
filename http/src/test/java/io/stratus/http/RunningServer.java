package io.stratus.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** A real server on an ephemeral loopback port, stopped by close(). */
final class RunningServer implements AutoCloseable {
    final HttpServer server;
    final HttpMetrics metrics;
    final int port;

    private RunningServer(HttpServer server, HttpMetrics metrics, int port) {
        this.server = server;
        this.metrics = metrics;
        this.port = port;
    }

    static HttpServerConfig config() {
        return HttpServerConfig.defaults("127.0.0.1", 0).withWorkers(8, 16);
    }

    static RunningServer start(HttpService... services) {
        return start(config(), services);
    }

    static RunningServer start(HttpServerConfig config, HttpService... services) {
        HttpMetrics metrics = new HttpMetrics();
        HttpServer server = new HttpServer(config, List.of(services), metrics);
        return new RunningServer(server, metrics, server.start());
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    RawConnection connect() throws IOException {
        return new RawConnection(port);
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(5));
    }
}
