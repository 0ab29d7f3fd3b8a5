package io.stratus.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class TestProtocolLimits {
    private static final Route OK = Route.at("/", exchange ->
            exchange.respond(200, List.of(), exchange.path().getBytes(StandardCharsets.UTF_8)));

    @Test
    void clientThatNeverFinishesItsHeadersIsDisconnected() throws Exception {
        HttpServerConfig config = RunningServer.config()
                .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(60), Duration.ofSeconds(30));
        try (RunningServer server = RunningServer.start(config, OK); RawConnection connection = server.connect()) {
            connection.send("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void connectionThatSendsNothingIsDisconnected() throws Exception {
        HttpServerConfig config = RunningServer.config()
                .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(60), Duration.ofSeconds(30));
        try (RunningServer server = RunningServer.start(config, OK); RawConnection connection = server.connect()) {
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void idleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        HttpServerConfig config = RunningServer.config()
                .withTimeouts(Duration.ofSeconds(10), Duration.ofMillis(300), Duration.ofSeconds(30));
        try (RunningServer server = RunningServer.start(config, OK); RawConnection connection = server.connect()) {
            connection.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(connection.readResponse().status()).isEqualTo(200);
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void requestLineLongerThan16KiBGets414() throws Exception {
        try (RunningServer server = RunningServer.start(OK); RawConnection connection = server.connect()) {
            connection.send("GET /" + "a".repeat(20 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(414);
            assertThat(response.errorCode()).isEqualTo("RequestURITooLong");
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(response.header("x-amz-request-id")).matches("[0-9A-F]{16}");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void headersLargerThan64KiBGet400RequestHeaderSectionTooLarge() throws Exception {
        StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 100; i++) {
            request.append("X-Filler-").append(i).append(": ").append("v".repeat(1024)).append("\r\n");
        }
        request.append("\r\n");
        try (RunningServer server = RunningServer.start(OK); RawConnection connection = server.connect()) {
            connection.send(request.toString());
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("RequestHeaderSectionTooLarge");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void malformedRequestLineGets400AndClose() throws Exception {
        try (RunningServer server = RunningServer.start(OK); RawConnection connection = server.connect()) {
            connection.send("THIS IS NOT HTTP\r\n\r\n");
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("BadRequest");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void twoHostHeadersGet400AndClose() throws Exception {
        try (RunningServer server = RunningServer.start(OK); RawConnection connection = server.connect()) {
            connection.send("GET / HTTP/1.1\r\nHost: a.localhost\r\nHost: b.localhost\r\n\r\n");
            RawResponse response = connection.readResponse();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("BadRequest");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void invalidPercentEncodingInThePathGets400InvalidUri() throws Exception {
        for (String target : List.of("/bad%zz", "/bad%C3%28", "/truncated%4")) {
            try (RunningServer server = RunningServer.start(OK); RawConnection connection = server.connect()) {
                connection.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
                RawResponse response = connection.readResponse();
                assertThat(response.status()).as(target).isEqualTo(400);
                assertThat(response.errorCode()).as(target).isEqualTo("InvalidURI");
            }
        }
    }

    @Test
    void decodesThePathAndQueryForHandlers() throws Exception {
        Route route = Route.at("/", exchange -> exchange.respond(200, List.of(),
                (exchange.path() + "|" + exchange.rawPath() + "|" + exchange.rawQuery() + "|"
                        + exchange.queryParameters() + "|" + exchange.queryParameter("y") + "|"
                        + exchange.hasQueryParameter("flag") + "|" + exchange.hasQueryParameter("nope"))
                        .getBytes(StandardCharsets.UTF_8)));
        try (RunningServer server = RunningServer.start(route); RawConnection connection = server.connect()) {
            connection.send("GET /a%20b+c/%E2%82%AC?x=1&y=a+b%2Bc&flag HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(connection.readResponse().bodyText()).isEqualTo(
                    "/a b+c/€|/a%20b+c/%E2%82%AC|x=1&y=a+b%2Bc&flag|[x=1, y=a b+c, flag=]|a b+c|true|false");
        }
    }
}
