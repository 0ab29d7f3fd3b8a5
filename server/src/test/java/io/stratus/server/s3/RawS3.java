package io.stratus.server.s3;

import io.stratus.auth.Credential;
import io.stratus.auth.SigV4Signer;
import io.stratus.auth.SignedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signed requests that the AWS SDK would refuse to send (invalid names, tampered headers), made
 * with our own SigV4 signer over java.net.http, for asserting the server's own error answers.
 */
final class RawS3 {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect");

    private final URI endpoint;
    private final SigV4Signer signer;

    RawS3(URI endpoint, String accessKey, String secretKey) {
        this(endpoint, accessKey, secretKey, Clock.systemUTC());
    }

    /** A client whose clock may be skewed, for RequestTimeTooSkewed. */
    RawS3(URI endpoint, String accessKey, String secretKey, Clock clock) {
        this.endpoint = endpoint;
        this.signer = new SigV4Signer(new Credential(accessKey, secretKey, "", null), "us-east-1", "s3", clock);
    }

    HttpResponse<String> send(String method, String rawPath, String rawQuery, byte[] body, Map<String, String> extraHeaders)
            throws Exception {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("host", endpoint.getHost() + ":" + endpoint.getPort()));
        headers.addAll(extraHeaders.entrySet());
        String hash = extraHeaders.getOrDefault("x-test-signed-hash",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
        headers.removeIf(h -> h.getKey().equals("x-test-signed-hash"));
        SignedRequest signed = signer.sign(new SignedRequest(method, rawPath, rawQuery, headers), hash);
        URI uri = URI.create(endpoint + rawPath + (rawQuery.isEmpty() ? "" : "?" + rawQuery));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, String> h : signed.headers()) {
            if (!RESTRICTED.contains(h.getKey().toLowerCase())) {
                b.header(h.getKey(), h.getValue());
            }
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String rawPath) throws Exception {
        return send(method, rawPath, "", new byte[0], Map.of());
    }
}
