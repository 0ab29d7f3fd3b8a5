package io.stratus.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A plain socket speaking HTTP/1.1 by hand, for checks an HTTP client library would hide. */
final class RawConnection implements AutoCloseable {
    private static final int DEFAULT_TIMEOUT_MS = 15_000;

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(DEFAULT_TIMEOUT_MS);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    RawResponse readResponse() throws IOException {
        return readResponse(false);
    }

    /** Reads one response; for a HEAD request the body is empty whatever Content-Length says. */
    RawResponse readResponse(boolean headRequest) throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            throw new EOFException("connection closed before a response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String line;
        while (!(line = readLine()).isEmpty()) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        byte[] body = new byte[0];
        List<String> length = headers.get("content-length");
        if (!headRequest && status >= 200 && status != 204 && status != 304 && length != null) {
            body = in.readNBytes(Integer.parseInt(length.get(0)));
        }
        return new RawResponse(status, headers, body);
    }

    /** One CRLF-terminated line without the CRLF; null at end of stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whether the server closed the connection (end of stream or reset) within the read timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException e) {
            return true; // connection reset
        }
    }

    /** Whether nothing at all arrives within {@code wait} (a bounded negative check). */
    boolean silentFor(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            in.read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(DEFAULT_TIMEOUT_MS);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
