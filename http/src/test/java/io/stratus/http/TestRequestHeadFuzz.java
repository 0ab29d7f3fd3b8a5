package io.stratus.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the request-head side we own: arbitrary bytes go through the server's own decoder
 * configuration ({@link HttpServer#decoderConfig}) and head checks ({@link RequestHeadValidator}), and every request head it accepts through
 * {@link ParsedRequestHead#parse} (request target, percent-decoding, query parameters). A head is
 * either refused by the decoder (400/414 on a real connection), refused as
 * {@link InvalidUriException} (400 InvalidURI), or parsed within the configured limits into a path
 * that re-encodes to the same text; nothing else may be thrown, and nothing may hang.
 */
class TestRequestHeadFuzz {
    private static final HttpServerConfig CONFIG = HttpServerConfig.defaults("127.0.0.1", 0);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    @FuzzTest
    void parse(byte[] input) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(HttpServer.decoderConfig(CONFIG)),
                new RequestHeadValidator());
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(input));
            Object message;
            while ((message = channel.readInbound()) != null) {
                try {
                    if (message instanceof HttpRequest request && request.decoderResult().isSuccess()) {
                        check(request);
                    }
                } finally {
                    ReferenceCountUtil.release(message);
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static void check(HttpRequest request) throws Exception {
        assertThat(request.uri().length()).as("request line within the limit")
                .isLessThanOrEqualTo(CONFIG.maxInitialLineLength());
        ParsedRequestHead head;
        try {
            head = ParsedRequestHead.parse(request);
        } catch (InvalidUriException e) {
            return; // 400 InvalidURI: a documented answer
        }
        assertThat(head.rawPath()).startsWith("/");
        assertThat(head.path()).startsWith("/");
        // Decoding is exact: the decoded path, percent-encoded byte by byte, decodes back to itself.
        assertThat(PercentDecoder.decodePath(encodeAll(head.path()))).isEqualTo(head.path());
        for (Map.Entry<String, String> parameter : head.queryParameters()) {
            assertThat(head.hasQueryParameter(parameter.getKey())).isTrue();
            assertThat(PercentDecoder.decodeQueryComponent(encodeAll(parameter.getValue()))).isEqualTo(parameter.getValue());
        }
        head.header("host");
        head.headers("x-amz-date");
        assertThat(head.headerEntries()).hasSize(request.headers().size());
        assertThat(head.toString()).startsWith(head.method() + " ");
    }

    private static String encodeAll(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
        return out.toString();
    }
}
