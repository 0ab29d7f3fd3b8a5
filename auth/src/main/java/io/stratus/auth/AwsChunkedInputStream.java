package io.stratus.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Decodes an aws-chunked body into its payload bytes, streaming with bounded memory.
 *
 * <p>Wire form: chunks {@code hex-size[;chunk-signature=sig]\r\n<data>\r\n}, a final chunk of size 0,
 * then for trailer modes lines {@code name:value\r\n} (plus {@code x-amz-trailer-signature:sig\r\n}
 * when signed), then {@code \r\n}.
 *
 * <p>Payload bytes are handed out as they arrive, before the chunk they belong to is verified (a chunk
 * may be megabytes; holding it back would mean buffering it). A chunk's signature is checked when its
 * data ends, and read() returns -1 only after every signature, the trailers and the decoded length
 * were verified. So a consumer may have seen bytes of a forged chunk, but always gets an exception
 * before end of stream; the storage layer discards the whole write when read() throws.
 */
final class AwsChunkedInputStream extends InputStream {
    static final int MAX_LINE = 4096;
    static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;
    private static final int MAX_TRAILERS = 64;
    private static final String CHUNK_SIGNATURE = "chunk-signature=";
    private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

    private enum State { HEADER, DATA, DATA_END, DONE }

    private final InputStream raw;
    private final ChunkSignatureChain chain;
    private final boolean trailerExpected;
    private final long decodedLength;
    private final Consumer<Map<String, String>> trailerSink;
    private final MessageDigest chunkDigest;
    private final byte[] buf = new byte[8192];
    private final byte[] one = new byte[1];
    private int pos;
    private int limit;
    private State state = State.HEADER;
    private long remaining;
    private String chunkSignature;
    private long total;
    private AuthException failure;

    /**
     * @param chain the signature chain for signed modes, null for unsigned chunks
     * @param decodedLength the declared payload length, or -1 when the client did not declare it
     * @param trailerSink receives the trailing headers (lower-case names) once the body ended cleanly
     */
    AwsChunkedInputStream(InputStream raw, ChunkSignatureChain chain, boolean trailerExpected, long decodedLength,
            Consumer<Map<String, String>> trailerSink) {
        this.raw = raw;
        this.chain = chain;
        this.trailerExpected = trailerExpected;
        this.decodedLength = decodedLength;
        this.trailerSink = trailerSink;
        this.chunkDigest = chain == null ? null : SigV4Crypto.newSha256();
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (len == 0) {
            return 0;
        }
        try {
            while (true) {
                switch (state) {
                    case DATA:
                        return readData(b, off, len);
                    case DATA_END:
                        endChunk();
                        state = State.HEADER;
                        break;
                    case HEADER:
                        readChunkHeader();
                        break;
                    default:
                        return -1;
                }
            }
        } catch (AuthException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int available() {
        return state == State.DATA ? (int) Math.min(limit - pos, remaining) : 0;
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }

    private int readData(byte[] b, int off, int len) throws IOException {
        int want = (int) Math.min(len, remaining);
        int n;
        if (pos < limit) {
            n = Math.min(want, limit - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
        } else {
            // Large reads go straight from the socket stream into the caller's array: no extra copy.
            n = raw.read(b, off, want);
            if (n < 0) {
                throw incompleteBody();
            }
        }
        if (chunkDigest != null) {
            chunkDigest.update(b, off, n);
        }
        remaining -= n;
        total += n;
        if (decodedLength >= 0 && total > decodedLength) {
            throw lengthMismatch();
        }
        if (remaining == 0) {
            state = State.DATA_END;
        }
        return n;
    }

    private void readChunkHeader() throws IOException {
        String line = readLine();
        if (line == null) {
            throw incompleteBody();
        }
        int semicolon = line.indexOf(';');
        long size = parseSize(semicolon < 0 ? line : line.substring(0, semicolon));
        if (chain != null) {
            String extension = semicolon < 0 ? "" : line.substring(semicolon + 1).trim();
            if (!extension.startsWith(CHUNK_SIGNATURE) || extension.length() == CHUNK_SIGNATURE.length()) {
                throw AuthError.SIGNATURE_DOES_NOT_MATCH.exception(
                        "The chunk header carries no chunk-signature, required by the signed streaming payload.");
            }
            chunkSignature = extension.substring(CHUNK_SIGNATURE.length());
        }
        if (size == 0) {
            verifyChunk();
            finishBody();
            state = State.DONE;
        } else {
            remaining = size;
            state = State.DATA;
        }
    }

    /** The CRLF that closes a chunk's data, then its signature. */
    private void endChunk() throws IOException {
        String line = readLine();
        if (line == null) {
            throw incompleteBody();
        }
        if (!line.isEmpty()) {
            throw malformed("chunk data is longer than its declared size");
        }
        verifyChunk();
    }

    private void verifyChunk() {
        if (chain == null) {
            return;
        }
        String expected = chain.nextChunk(chunkDigest.digest());
        if (!SigV4Crypto.constantTimeEquals(expected, chunkSignature)) {
            throw AuthError.SIGNATURE_DOES_NOT_MATCH.exception(
                    "The chunk signature we calculated does not match the chunk signature you provided.");
        }
    }

    /** Trailing headers (if any), the closing blank line, and the decoded-length check. */
    private void finishBody() throws IOException {
        Map<String, String> trailers = new TreeMap<>();
        String trailerSignature = null;
        String line = readLine();
        while (line != null && !line.isEmpty()) {
            if (!trailerExpected) {
                throw malformed("unexpected data after the final chunk");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw malformedTrailer("trailing header is not of the form name:value");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals(TRAILER_SIGNATURE)) {
                trailerSignature = value;
            } else if (trailers.size() >= MAX_TRAILERS) {
                throw malformedTrailer("too many trailing headers");
            } else {
                trailers.put(name, value);
            }
            line = readLine();
        }
        // A missing closing blank line (end of stream right after the last trailer) is tolerated:
        // some SDK versions omit it, and everything that carries meaning has been read and verified.
        if (chain != null && trailerExpected) {
            verifyTrailer(trailers, trailerSignature);
        }
        if (decodedLength >= 0 && total != decodedLength) {
            throw lengthMismatch();
        }
        trailerSink.accept(Collections.unmodifiableMap(trailers));
    }

    private void verifyTrailer(Map<String, String> trailers, String trailerSignature) {
        if (trailerSignature == null) {
            throw AuthError.SIGNATURE_DOES_NOT_MATCH.exception(
                    "The trailing headers carry no x-amz-trailer-signature, required by the signed streaming payload.");
        }
        StringBuilder canonical = new StringBuilder();
        trailers.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
        if (!SigV4Crypto.constantTimeEquals(chain.trailer(canonical.toString()), trailerSignature)) {
            throw AuthError.SIGNATURE_DOES_NOT_MATCH.exception(
                    "The trailer signature we calculated does not match the trailer signature you provided.");
        }
    }

    private static long parseSize(String hex) {
        if (hex.isEmpty() || hex.length() > 8) {
            throw malformed("chunk size '" + hex + "' is not a hexadecimal number of at most 8 digits");
        }
        long size = 0;
        for (int i = 0; i < hex.length(); i++) {
            int digit = Character.digit(hex.charAt(i), 16);
            if (digit < 0) {
                throw malformed("chunk size '" + hex + "' is not a hexadecimal number");
            }
            size = size * 16 + digit;
        }
        if (size > MAX_CHUNK_SIZE) {
            throw malformed("chunk size " + size + " exceeds the maximum of " + MAX_CHUNK_SIZE + " bytes");
        }
        return size;
    }

    /**
     * The next CRLF-terminated line without its CRLF, or null at end of stream before any byte of it.
     * Lines are framing, never payload, so they are bounded by {@link #MAX_LINE}.
     */
    private String readLine() throws IOException {
        int scanned = pos;
        while (true) {
            int end = Math.min(limit, pos + MAX_LINE + 2);
            for (int i = scanned; i < end; i++) {
                if (buf[i] == '\n') {
                    if (i == pos || buf[i - 1] != '\r') {
                        throw malformed("line is not terminated by CRLF");
                    }
                    String line = new String(buf, pos, i - 1 - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    return line;
                }
            }
            if (end - pos >= MAX_LINE + 2) {
                throw malformed("chunk header or trailer line longer than " + MAX_LINE + " bytes");
            }
            scanned = limit;
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                scanned -= pos;
                limit -= pos;
                pos = 0;
            }
            int n = raw.read(buf, limit, buf.length - limit);
            if (n < 0) {
                if (limit == pos) {
                    return null;
                }
                throw incompleteBody();
            }
            limit += n;
        }
    }

    /** Broken chunk framing. AWS answers every such body with IncompleteBody, whatever the defect. */
    private static AuthException malformed(String detail) {
        return AuthError.INCOMPLETE_BODY.exception("The request body terminated unexpectedly: the aws-chunked body is malformed ("
                + detail + ").");
    }

    private static AuthException malformedTrailer(String detail) {
        return AuthError.MALFORMED_TRAILER.exception("The request contained trailing data that was not well-formed or did not "
                + "conform to our published schema (" + detail + ").");
    }

    private static AuthException incompleteBody() {
        return AuthError.INCOMPLETE_BODY.exception("The request body terminated unexpectedly.");
    }

    private AuthException lengthMismatch() {
        return AuthError.INCOMPLETE_BODY.exception("The decoded body length does not match x-amz-decoded-content-length "
                + decodedLength + ".");
    }
}
