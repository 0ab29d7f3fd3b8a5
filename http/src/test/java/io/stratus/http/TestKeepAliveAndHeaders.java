package io.stratus.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class TestKeepAliveAndHeaders {
    private static final Route ECHO = Route.at("/echo", exchange -> exchange.respond(200,
            List.of(Map.entry("Content-Type", "text/plain")),
            (exchange.remoteAddress().getPort() + " " + exchange.method() + " " + exchange.path())
                    .getBytes(StandardCharsets.UTF_8)));

    @Test
    void servesSeveralRequestsOnOneConnection() throws Exception {
        try (RunningServer server = RunningServer.start(ECHO); RawConnection connection = server.connect()) {
            for (int i = 0; i < 5; i++) {
                connection.send("GET /echo/" + i + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
                RawResponse response = connection.readResponse();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("Connection")).isNull();
                assertThat(response.bodyText()).isEqualTo(connection.socket.getLocalPort() + " GET /echo/" + i);
            }
        }
    }

    @Test
    void answersPipelinedRequestsInOrder() throws Exception {
        try (RunningServer server = RunningServer.start(ECHO); RawConnection connection = server.connect()) {
            connection.send("GET /echo/a HTTP/1.1\r\nHost: x\r\n\r\nGET /echo/b HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /echo/c HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(connection.readResponse().bodyText()).endsWith("/echo/a");
            assertThat(connection.readResponse().bodyText()).endsWith("/echo/b");
            assertThat(connection.readResponse().bodyText()).endsWith("/echo/c");
        }
    }

    @Test
    void closesWhenTheClientAsksTo() throws Exception {
        try (RunningServer server = RunningServer.start(ECHO); RawConnection connection = server.connect()) {
            connection.send("GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void keepsHttp10ConnectionOnlyWhenAsked() throws Exception {
        try (RunningServer server = RunningServer.start(ECHO); RawConnection connection = server.connect()) {
            connection.send("GET /echo/1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawResponse kept = connection.readResponse();
            assertThat(kept.header("Connection")).isEqualToIgnoringCase("keep-alive");
            connection.send("GET /echo/2 HTTP/1.0\r\n\r\n");
            RawResponse last = connection.readResponse();
            assertThat(last.bodyText()).endsWith("/echo/2");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void everyResponseCarriesRequestIdHostIdDateAndServer() throws Exception {
        Set<String> ids = new HashSet<>();
        try (RunningServer server = RunningServer.start(ECHO); RawConnection connection = server.connect()) {
            for (int i = 0; i < 20; i++) {
                connection.send("GET /" + (i % 2 == 0 ? "echo" : "missing") + " HTTP/1.1\r\nHost: x\r\n\r\n");
                RawResponse response = connection.readResponse();
                String id = response.header("x-amz-request-id");
                assertThat(id).matches("[0-9A-F]{16}");
                ids.add(id);
                assertThat(response.header("x-amz-id-2")).matches("[A-Za-z0-9+/]+={0,2}");
                assertThat(response.header("Server")).isEqualTo("Stratus");
                ZonedDateTime date = ZonedDateTime.parse(response.header("Date"), DateTimeFormatter.RFC_1123_DATE_TIME);
                assertThat(date).isNotNull();
                assertThat(response.header("Date")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
            }
        }
        assertThat(ids).hasSize(20);
    }

    @Test
    void unknownPathGets404XmlErrorAndKeepsConnection() throws Exception {
        try (RunningServer server = RunningServer.start(ECHO); RawConnection connection = server.connect()) {
            connection.send("GET /nothing-here HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.header("Content-Type")).isEqualTo("application/xml");
            assertThat(response.errorCode()).isEqualTo("NotFound");
            assertThat(response.bodyText()).contains("<RequestId>" + response.header("x-amz-request-id") + "</RequestId>");
            connection.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(connection.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void firstMatchingServiceInListOrderWins() throws Exception {
        Route first = Route.at("/shared", e -> e.respond(200, List.of(), "first".getBytes(StandardCharsets.UTF_8)));
        Route second = Route.at("/", e -> e.respond(200, List.of(), "second".getBytes(StandardCharsets.UTF_8)));
        try (RunningServer server = RunningServer.start(first, second); RawConnection connection = server.connect()) {
            connection.send("GET /shared/x HTTP/1.1\r\nHost: x\r\n\r\nGET /other HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(connection.readResponse().bodyText()).isEqualTo("first");
            assertThat(connection.readResponse().bodyText()).isEqualTo("second");
        }
    }

    @Test
    void handlerHeadersAreSentButFramingHeadersStayTheServers() throws Exception {
        Route route = Route.at("/h", e -> e.respond(201, List.of(Map.entry("ETag", "\"abc\""),
                Map.entry("x-amz-meta-a", "1"), Map.entry("x-amz-meta-a", "2"),
                Map.entry("Content-Length", "999"), Map.entry("Connection", "close")), new byte[] {1, 2, 3}));
        try (RunningServer server = RunningServer.start(route); RawConnection connection = server.connect()) {
            connection.send("PUT /h HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(201);
            assertThat(response.header("ETag")).isEqualTo("\"abc\"");
            assertThat(response.headers().get("x-amz-meta-a")).containsExactly("1", "2");
            assertThat(response.header("Content-Length")).isEqualTo("3");
            assertThat(response.header("Connection")).isNull();
            assertThat(response.body()).containsExactly(1, 2, 3);
        }
    }
}
