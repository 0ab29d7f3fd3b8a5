package io.stratus.auth;

import static io.stratus.auth.SigV4Fixtures.exampleAuthenticator;
import static io.stratus.auth.SigV4Fixtures.exampleSigner;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes SigV4 verification: the Authorization header and credential scope parsers, presigned query
 * parameters, dates, payload modes and canonicalisation. Whatever the request, the answer is an
 * {@link AuthContext} or an {@link AuthException} carrying one of the codes of {@link AuthError},
 * never another exception or a hang; and a request our own signer signed and nobody changed is
 * never refused as SignatureDoesNotMatch (signer and verifier canonicalise alike).
 *
 * <p>Input: text (ISO-8859-1, as HTTP delivers it). Line 1 is {@code METHOD TARGET [sign|presign]};
 * further lines are {@code name: value} headers. With sign or presign, the request is signed by the
 * example key before verification, and header lines starting with '+' are added after signing
 * (tampering). Seeds are under {@code TestSigV4FuzzInputs/verify}.
 */
class TestSigV4Fuzz {
    private static final Set<String> DOCUMENTED = Arrays.stream(AuthError.values())
            .map(e -> e.code() + "/" + e.httpStatus()).collect(Collectors.toSet());

    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    @FuzzTest
    void verify(byte[] input) {
        String[] lines = new String(input, StandardCharsets.ISO_8859_1).split("\r?\n", -1);
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length < 2 || requestLine[0].isEmpty()) {
            return;
        }
        String method = requestLine[0];
        String target = requestLine[1];
        String signing = requestLine.length > 2 ? requestLine[2] : "";
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        String rawQuery = question < 0 ? "" : target.substring(question + 1);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        List<Map.Entry<String, String>> tampered = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            boolean late = lines[i].startsWith("+");
            String name = colon > 0 ? lines[i].substring(late ? 1 : 0, colon) : "";
            // The HTTP decoder only lets RFC 9110 tokens through as header names (no ';', ',', spaces).
            if (isToken(name)) {
                (late ? tampered : headers).add(Map.entry(name, lines[i].substring(colon + 1).trim()));
            }
        }
        SignedRequest request = new SignedRequest(method, rawPath, rawQuery, headers);
        boolean signedByUs = signing.equals("sign") || signing.equals("presign");
        if (signing.equals("presign") && AwsEncoding.parseQuery(rawQuery).stream().anyMatch(p -> p.getKey().startsWith("X-Amz-"))) {
            return; // presigning a URL that already carries X-Amz-* parameters is undefined: the first value wins
        }
        if (signedByUs) {
            try {
                request = signing.equals("sign")
                        ? exampleSigner().sign(request, "UNSIGNED-PAYLOAD")
                        : exampleSigner().presign(request, Duration.ofHours(1));
            } catch (RuntimeException e) {
                return; // the client-side signer refused the request (no Host header): not what is fuzzed
            }
            List<Map.Entry<String, String>> all = new ArrayList<>(request.headers());
            all.addAll(tampered);
            request = new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), all);
        }
        try {
            AuthContext context = exampleAuthenticator().authenticate(request, "s3");
            assertThat(context).isNotNull();
        } catch (AuthException e) {
            assertThat(e.code() + "/" + e.httpStatus()).isIn(DOCUMENTED);
            if (signedByUs && tampered.isEmpty()) {
                assertThat(e.code()).as("our own untampered signature was refused: " + e.getMessage())
                        .isNotEqualTo("SignatureDoesNotMatch");
            }
        }
    }

    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7F || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
