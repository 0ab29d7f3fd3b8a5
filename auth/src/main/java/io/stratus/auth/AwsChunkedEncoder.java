package io.stratus.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an aws-chunked body, the client side of {@link AuthContext#wrapBody}: data chunks, the final
 * empty chunk, trailing headers (sorted by name) and, when chunks are signed, the chunk and trailer
 * signatures. Stateful (the signature chain); obtained from {@link SigV4Signer#signStreaming}.
 */
public final class AwsChunkedEncoder {
    private static final byte[] CRLF = {'\r', '\n'};

    private final ChunkSignatureChain chain;
    private final boolean trailer;
    private final MessageDigest digest = SigV4Crypto.newSha256();
    private boolean finished;

    AwsChunkedEncoder(ChunkSignatureChain chain, boolean trailer) {
        this.chain = chain;
        this.trailer = trailer;
    }

    /** Writes one data chunk of {@code len > 0} bytes. */
    public void writeChunk(OutputStream out, byte[] data, int off, int len) throws IOException {
        if (len <= 0) {
            throw new IllegalArgumentException("a data chunk has at least one byte; use finish() to end the body");
        }
        if (finished) {
            throw new IllegalStateException("body already finished");
        }
        digest.update(data, off, len);
        writeChunkHeader(out, len, digest.digest());
        out.write(data, off, len);
        out.write(CRLF);
    }

    /** Writes the final chunk and the trailing headers (must be empty for STREAMING_SIGNED). */
    public void finish(OutputStream out, List<Map.Entry<String, String>> trailers) throws IOException {
        if (finished) {
            throw new IllegalStateException("body already finished");
        }
        if (!trailer && !trailers.isEmpty()) {
            throw new IllegalArgumentException("this payload mode has no trailing headers");
        }
        finished = true;
        writeChunkHeader(out, 0, digest.digest());
        if (trailer) {
            TreeMap<String, String> sorted = new TreeMap<>();
            trailers.forEach(t -> sorted.put(t.getKey().toLowerCase(Locale.ROOT), t.getValue()));
            StringBuilder canonical = new StringBuilder();
            sorted.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
            StringBuilder lines = new StringBuilder(canonical.toString().replace("\n", "\r\n"));
            if (chain != null) {
                lines.append("x-amz-trailer-signature:").append(chain.trailer(canonical.toString())).append("\r\n");
            }
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        }
        out.write(CRLF);
    }

    /** The whole encoded body of {@code payload} cut into chunks of {@code chunkSize} bytes. */
    public byte[] encode(byte[] payload, int chunkSize, List<Map.Entry<String, String>> trailers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 256);
        try {
            for (int off = 0; off < payload.length; off += chunkSize) {
                writeChunk(out, payload, off, Math.min(chunkSize, payload.length - off));
            }
            finish(out, trailers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void writeChunkHeader(OutputStream out, int size, byte[] dataSha256) throws IOException {
        String header = Integer.toHexString(size);
        if (chain != null) {
            header += ";chunk-signature=" + chain.nextChunk(dataSha256);
        }
        out.write((header + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
}
