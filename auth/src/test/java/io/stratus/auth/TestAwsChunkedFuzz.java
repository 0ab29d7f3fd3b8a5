package io.stratus.auth;

import static io.stratus.auth.SigV4Fixtures.exampleAuthenticator;
import static io.stratus.auth.SigV4Fixtures.exampleSigner;
import static io.stratus.auth.SigV4Fixtures.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the aws-chunked decoder through the production path (sign a streaming upload, authenticate
 * it, {@link AuthContext#wrapBody}). Whatever the bytes, reading ends with end of stream or one of the
 * three documented {@link AuthException}s, never another exception, a hang or more payload than was
 * sent; a signed body that decodes cleanly decodes to exactly what was signed.
 *
 * <p>Input layout (seeds under {@code TestAwsChunkedFuzzInputs/decode}): byte 0 = mode (low two bits:
 * unsigned-trailer / signed / signed-trailer), 0x04 = declare the decoded length, 0x08 = encode a
 * payload with the real encoder and then damage it; byte 1 = most bytes the socket hands over per
 * read; byte 2 = reader buffer size. Raw mode: byte 3 = declared length, rest = the body. Encode
 * mode: byte 3 = chunk size, byte 4 = damage (0 none, 1 replace, 2 truncate, 3 insert, 4 delete),
 * bytes 5-6 = where, byte 7 = the byte, rest = the payload.
 */
class TestAwsChunkedFuzz {
    private static final PayloadMode[] MODES = {
            PayloadMode.STREAMING_UNSIGNED_TRAILER, PayloadMode.STREAMING_SIGNED, PayloadMode.STREAMING_SIGNED_TRAILER};
    private static final List<Map.Entry<String, String>> TRAILERS = List.of(Map.entry("x-amz-checksum-crc32", "AAAAAA=="));
    private static final Set<String> DOCUMENTED = Set.of("IncompleteBody/400", "MalformedTrailerError/400",
            "SignatureDoesNotMatch/403");

    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    @FuzzTest
    void decode(byte[] input) {
        if (input.length < 8) {
            return;
        }
        PayloadMode mode = MODES[(input[0] & 0x03) % MODES.length];
        boolean declare = (input[0] & 0x04) != 0;
        boolean encode = (input[0] & 0x08) != 0;
        int socketRead = (input[1] & 0xFF) + 1;
        int readerBuffer = (input[2] & 0xFF) + 1;
        byte[] rest = Arrays.copyOfRange(input, 8, input.length);

        byte[] payload = encode ? rest : null;
        long declared = encode ? rest.length : (input[3] & 0xFF);
        // Signed chunks chain from the request signature, so an encoder for them comes only from signStreaming,
        // which always declares the length; an undeclared length is fuzzed in the other cases.
        declare |= encode && mode.signsChunks();
        AuthContext context;
        AwsChunkedEncoder encoder;
        if (declare) {
            StreamingUpload upload = exampleSigner().signStreaming(new SignedRequest("PUT", "/bucket/key", "",
                    headers("Host", "localhost")), mode, declared,
                    mode.hasTrailer() ? List.of("x-amz-checksum-crc32") : List.of());
            context = exampleAuthenticator().authenticate(upload.request(), "s3");
            encoder = upload.encoder();
        } else {
            SignedRequest signed = exampleSigner().sign(new SignedRequest("PUT", "/bucket/key", "",
                    headers("Host", "localhost", "Content-Encoding", "aws-chunked")), mode.headerValue().orElseThrow());
            context = exampleAuthenticator().authenticate(signed, "s3");
            encoder = new AwsChunkedEncoder(null, mode.hasTrailer());
        }
        byte[] body;
        int damage = input[4] & 0xFF;
        if (encode) {
            body = encoder.encode(payload, (input[3] & 0xFF) + 1, mode.hasTrailer() ? TRAILERS : List.of());
            body = damage(body, damage % 5, ((input[5] & 0xFF) << 8) | (input[6] & 0xFF), input[7]);
        } else {
            body = rest;
        }

        InputStream decoded = context.wrapBody(new TricklingStream(body, socketRead));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AuthException failure = readAll(decoded, readerBuffer, out, body.length);
        byte[] result = out.toByteArray();
        assertThat(result.length).as("decoded more payload than bytes were sent").isLessThanOrEqualTo(body.length);
        if (failure != null) {
            assertThat(failure.code() + "/" + failure.httpStatus()).isIn(DOCUMENTED);
            assertThatThrownBy(decoded::read).as("a failed body stays failed").isInstanceOf(AuthException.class);
            assertThat(context.trailers()).isEmpty();
            assertThat(!encode || damage % 5 != 0).as("an undamaged body must decode").isTrue();
            return;
        }
        assertThat(readOne(decoded)).as("end of stream is sticky").isEqualTo(-1);
        if (declare) {
            assertThat((long) result.length).isEqualTo(declared);
        }
        if (encode && (mode.signsChunks() || damage % 5 == 0)) {
            // A signature covers every payload byte and every trailer: damage either fails or did not matter.
            assertThat(result).isEqualTo(payload);
            if (mode.hasTrailer()) {
                assertThat(context.trailers()).containsExactlyEntriesOf(Map.of("x-amz-checksum-crc32", "AAAAAA=="));
            }
        }
    }

    /** Reads to the end; returns the AuthException that stopped it, or null. Fails on anything else. */
    private static AuthException readAll(InputStream in, int bufferSize, ByteArrayOutputStream out, int sent) {
        byte[] buf = new byte[bufferSize];
        // Every read that is not the last returns at least one byte, so this bounds the loop.
        for (int reads = 0; reads <= sent + 2; reads++) {
            int n;
            try {
                n = in.read(buf, 0, buf.length);
            } catch (AuthException e) {
                return e;
            } catch (IOException e) {
                throw new AssertionError("undocumented failure", e);
            }
            if (n < 0) {
                return null;
            }
            assertThat(n).as("read() made no progress").isPositive();
            out.write(buf, 0, n);
        }
        throw new AssertionError("the decoder kept returning data past the end of its input");
    }

    private static int readOne(InputStream in) {
        try {
            return in.read();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] damage(byte[] body, int kind, int where, byte value) {
        if (body.length == 0 || kind == 0) {
            return body;
        }
        int at = where % body.length;
        return switch (kind) {
            case 1 -> {
                byte[] copy = body.clone();
                copy[at] = value;
                yield copy;
            }
            case 2 -> Arrays.copyOf(body, at);
            case 3 -> {
                byte[] copy = new byte[body.length + 1];
                System.arraycopy(body, 0, copy, 0, at);
                copy[at] = value;
                System.arraycopy(body, at, copy, at + 1, body.length - at);
                yield copy;
            }
            default -> {
                byte[] copy = new byte[body.length - 1];
                System.arraycopy(body, 0, copy, 0, at);
                System.arraycopy(body, at + 1, copy, at, body.length - at - 1);
                yield copy;
            }
        };
    }

    /** A socket that hands over at most a few bytes per read, so every line crosses buffer refills. */
    private static final class TricklingStream extends ByteArrayInputStream {
        private final int most;

        TricklingStream(byte[] bytes, int most) {
            super(bytes);
            this.most = most;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, most));
        }
    }
}
