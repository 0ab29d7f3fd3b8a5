package io.stratus.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.stratus.auth.Credential;
import io.stratus.auth.SigV4Signer;
import io.stratus.auth.SignedRequest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed and malicious requests get AWS's error and change nothing. */
class TestHostileInput extends S3TestBase {
    private static RawS3 raw() {
        return new RawS3(endpoint(), ACCESS_KEY, SECRET_KEY);
    }

    @Test
    void xmlExternalEntitiesAndBombsInDeleteObjectsAreRejected(@TempDir Path tmp) throws Exception {
        String bucket = newBucket();
        put(bucket, "keep", "v");
        Path secret = tmp.resolve("secret");
        Files.writeString(secret, "keep");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<Delete><Object><Key>&x;</Key></Object></Delete>";
        byte[] body = xxe.getBytes(StandardCharsets.UTF_8);
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
        var r = raw().send("POST", "/" + bucket, "delete=", body, Map.of("content-md5", md5));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("<Code>MalformedXML</Code>");
        assertThat(get(bucket, "keep")).isEqualTo("v");
        byte[] deep = ("<Delete>" + "<a>".repeat(5000) + "</a>".repeat(5000) + "</Delete>").getBytes(StandardCharsets.UTF_8);
        String deepMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(deep));
        var d = raw().send("POST", "/" + bucket, "delete=", deep, Map.of("content-md5", deepMd5));
        assertThat(d.body()).contains("<Code>MalformedXML</Code>");
    }

    @Test
    void invalidEncodingInThePathIsInvalidUri() throws Exception {
        String bucket = newBucket();
        var r = raw().send("PUT", "/" + bucket + "/bad%FFkey");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("InvalidURI");
        var nul = raw().send("PUT", "/" + bucket + "/nul%00key");
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).keyCount()).isZero();
    }

    @Test
    void signatureForAnotherServiceIsRejected() throws Exception {
        SigV4Signer iam = new SigV4Signer(new Credential(ACCESS_KEY, SECRET_KEY, "", null), "us-east-1", "iam", Clock.systemUTC());
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("host", "localhost:" + server.port()));
        SignedRequest signed = iam.sign(new SignedRequest("GET", "/", "", headers),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[0])));
        String response = rawHttp("GET / HTTP/1.1\r\n" + headerLines(signed) + "\r\n", new byte[0]);
        assertThat(response).startsWith("HTTP/1.1 400").contains("AuthorizationHeaderMalformed");
    }

    @Test
    void bodyShorterThanContentLengthStoresNothing() throws Exception {
        String bucket = newBucket();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("host", "localhost:" + server.port()));
        headers.add(Map.entry("content-length", "100"));
        SigV4Signer signer = new SigV4Signer(new Credential(ACCESS_KEY, SECRET_KEY, "", null), "us-east-1", "s3", Clock.systemUTC());
        SignedRequest signed = signer.sign(new SignedRequest("PUT", "/" + bucket + "/short", "", headers), "UNSIGNED-PAYLOAD");
        try (Socket socket = new Socket("localhost", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /" + bucket + "/short HTTP/1.1\r\n" + headerLines(signed) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[50]);
            out.flush();
            socket.shutdownOutput();
            socket.getInputStream().readAllBytes();
        }
        assertThat(errorStatus(() -> s3.headObject(b -> b.bucket(bucket).key("short")))).isEqualTo(404);
    }

    @Test
    void oversizedHeadersAreRefused() throws Exception {
        String response = rawHttp("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(100_000) + "\r\n\r\n", new byte[0]);
        assertThat(response).startsWith("HTTP/1.1 400 ").contains("<Code>RequestHeaderSectionTooLarge</Code>");
        String longLine = rawHttp("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n", new byte[0]);
        assertThat(longLine).startsWith("HTTP/1.1 414 ").contains("<Code>RequestURITooLong</Code>");
    }

    private static String headerLines(SignedRequest signed) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> h : signed.headers()) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        return sb.toString();
    }

    private static String rawHttp(String head, byte[] body) throws Exception {
        try (Socket socket = new Socket("localhost", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[4096];
            int n = in.read(buf);
            return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        }
    }
}
