package io.stratus.auth;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Shared values of AWS's S3 signature examples and small helpers for the tests. */
final class SigV4Fixtures {
    static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final Instant EXAMPLE_TIME = Instant.parse("2013-05-24T00:00:00Z");
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static final Credential EXAMPLE_CREDENTIAL =
            new Credential(ACCESS_KEY, SECRET_KEY, "arn:aws:iam::123456789012:user/example", null);

    private SigV4Fixtures() {
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    static CredentialLookup lookup(Credential... credentials) {
        return (accessKeyId, sessionToken) -> Arrays.stream(credentials).filter(c -> c.accessKeyId().equals(accessKeyId)).findFirst();
    }

    static SigV4Authenticator exampleAuthenticator() {
        return authenticatorAt(EXAMPLE_TIME);
    }

    static SigV4Authenticator authenticatorAt(Instant now) {
        return new SigV4Authenticator(lookup(EXAMPLE_CREDENTIAL), clockAt(now), "us-east-1");
    }

    static SigV4Signer exampleSigner() {
        return new SigV4Signer(EXAMPLE_CREDENTIAL, "us-east-1", "s3", clockAt(EXAMPLE_TIME));
    }

    /** Headers from alternating names and values, in that order. */
    static List<Map.Entry<String, String>> headers(String... namesAndValues) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
        }
        return headers;
    }

    static Optional<String> header(SignedRequest request, String name) {
        return request.headers().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst();
    }

    /** A copy of the request with one header's value replaced (or added). */
    static SignedRequest withHeader(SignedRequest request, String name, String value) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> h : request.headers()) {
            if (!h.getKey().equalsIgnoreCase(name)) {
                headers.add(h);
            }
        }
        headers.add(Map.entry(name, value));
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers);
    }

    static SignedRequest withQuery(SignedRequest request, String rawQuery) {
        return new SignedRequest(request.method(), request.rawPath(), rawQuery, request.headers());
    }

    static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads through odd-sized small buffers, to cross every chunk boundary at a different offset. */
    static byte[] readInPieces(InputStream in, int piece) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[piece];
            int n;
            while ((n = in.read(buf, 0, buf.length)) >= 0) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] readByteByByte(InputStream in) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                out.write(b);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] repeat(char c, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }
}
