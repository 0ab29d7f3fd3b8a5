package io.stratus.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Services may answer body-less requests on the event loop; anything else still runs on a worker. */
@ExtendWith(NoLeaks.class)
class TestAnsweredOnEventLoop {
    /** Answers /now on the event loop, declines /later, fails on /broken; handle() names its thread. */
    private static final class TwoPathService implements HttpService {
        final AtomicReference<String> nowThread = new AtomicReference<>();

        @Override
        public boolean handles(HttpRequestHead head) {
            return true;
        }

        @Override
        public boolean handleNow(HttpExchange exchange) {
            if (exchange.path().equals("/broken")) {
                throw new IllegalStateException("simulated failure before responding");
            }
            if (!exchange.path().equals("/now")) {
                return false;
            }
            nowThread.set(Thread.currentThread().getName());
            try {
                exchange.respond(200, List.of(), "now".getBytes(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return true;
        }

        @Override
        public void handle(HttpExchange exchange) throws Exception {
            exchange.respond(200, List.of(), Thread.currentThread().getName().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void bodylessRequestsCanBeAnsweredWithoutAWorker() throws Exception {
        TwoPathService service = new TwoPathService();
        try (RunningServer server = RunningServer.start(service); RawConnection connection = server.connect()) {
            for (int i = 0; i < 3; i++) { // keep-alive: each answer frees the connection for the next
                connection.send("GET /now HTTP/1.1\r\nHost: x\r\n\r\n");
                RawResponse now = connection.readResponse();
                assertThat(now.status()).isEqualTo(200);
                assertThat(now.bodyText()).isEqualTo("now");
                assertThat(service.nowThread.get()).startsWith("stratus-http-io");

                connection.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(connection.readResponse().bodyText()).startsWith("stratus-http-worker");

                connection.send("GET /broken HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(connection.readResponse().bodyText()).startsWith("stratus-http-worker");
            }
        }
    }

    @Test
    void requestsWithABodyAlwaysGoToAWorker() throws Exception {
        TwoPathService service = new TwoPathService();
        try (RunningServer server = RunningServer.start(service); RawConnection connection = server.connect()) {
            connection.send("PUT /now HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
            RawResponse response = connection.readResponse();
            assertThat(response.bodyText()).startsWith("stratus-http-worker");
            assertThat(service.nowThread.get()).isNull();
        }
    }
}
