package io.stratus.server.s3;

import io.stratus.auth.Credential;
import io.stratus.auth.PayloadMode;
import io.stratus.auth.SigV4Signer;
import io.stratus.auth.SignedRequest;
import io.stratus.auth.StreamingUpload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Requests written byte for byte on a plain socket, signed with our SigV4 signer: for bodies and
 * headers no HTTP client would send (broken aws-chunked framing, Content-Length lies, duplicated
 * headers). Reads one response back.
 */
final class SignedSocket {
    private final int port;
    private final SigV4Signer signer;

    SignedSocket(int port, String accessKey, String secretKey, String region, String service) {
        this.port = port;
        this.signer = new SigV4Signer(new Credential(accessKey, secretKey, "", null), region, service, Clock.systemUTC());
    }

    /** An HTTP response: status, headers by lower-case name, body text. */
    record Response(int status, Map<String, String> headers, String body) {
        String code() {
            int start = body.indexOf("<Code>");
            return start < 0 ? null : body.substring(start + 6, body.indexOf("</Code>"));
        }
    }

    /** A request signed with the given payload hash, headers in order (host added first). */
    SignedRequest sign(String method, String target, List<Map.Entry<String, String>> headers, String payloadHash) {
        return signer.sign(request(method, target, headers), payloadHash);
    }

    /** A streaming upload: the signed request and the encoder that frames (and signs) its body. */
    StreamingUpload signStreaming(String method, String target, List<Map.Entry<String, String>> headers, PayloadMode mode,
            long decodedLength, List<String> trailerNames) {
        return signer.signStreaming(request(method, target, headers), mode, decodedLength, trailerNames);
    }

    /**
     * Writes the request head (plus extra header lines, unsigned) and body exactly as given and reads
     * the response. The socket is not half-closed: the server would take that as the client leaving.
     */
    Response send(SignedRequest request, List<Map.Entry<String, String>> extraHeaders, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder();
        head.append(request.method()).append(' ').append(request.rawPath())
                .append(request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery()).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, String> h : request.headers()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        for (Map.Entry<String, String> h : extraHeaders) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private SignedRequest request(String method, String target, List<Map.Entry<String, String>> headers) {
        int q = target.indexOf('?');
        List<Map.Entry<String, String>> all = new ArrayList<>();
        all.add(Map.entry("host", "localhost:" + port));
        all.addAll(headers);
        return new SignedRequest(method, q < 0 ? target : target.substring(0, q), q < 0 ? "" : target.substring(q + 1), all);
    }

    private static Response read(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) {
            throw new IOException("connection closed without a response");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = line(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new Response(Integer.parseInt(status.split(" ")[1]), headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return b == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
