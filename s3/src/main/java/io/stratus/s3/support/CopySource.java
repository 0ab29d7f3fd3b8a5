package io.stratus.s3.support;

import io.stratus.s3.S3Exception;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The x-amz-copy-source header: "bucket/key" or "/bucket/key", URL-encoded, optional "?versionId=". */
public record CopySource(String bucket, String key) {
    public static CopySource parse(String header) throws S3Exception {
        String raw = header.trim();
        int q = raw.indexOf('?');
        String versionId = null;
        if (q >= 0) {
            String query = raw.substring(q + 1);
            raw = raw.substring(0, q);
            if (query.startsWith("versionId=")) {
                versionId = query.substring("versionId=".length());
            }
        }
        String decoded;
        try {
            decoded = decode(raw);
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw S3Exception.invalidArgument("Invalid copy source encoding", "x-amz-copy-source", header);
        }
        if (decoded.startsWith("/")) {
            decoded = decoded.substring(1);
        }
        int slash = decoded.indexOf('/');
        if (slash <= 0 || slash == decoded.length() - 1) {
            throw S3Exception.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
                    "x-amz-copy-source", header);
        }
        if (versionId != null && !versionId.equals("null")) {
            throw S3Exception.invalidArgument("Invalid version id specified", "x-amz-copy-source", header);
        }
        String key = decoded.substring(slash + 1);
        ObjectKeys.validate(key);
        return new CopySource(decoded.substring(0, slash), key);
    }

    /**
     * Strict percent-decoding to UTF-8, '+' kept as a plus. Invalid UTF-8 is an error, never a
     * replacement character: "a%FF" must not quietly copy from a different key "a" + U+FFFD.
     * Header text arrives one char per byte (ISO-8859-1), so raw UTF-8 bytes decode too.
     */
    private static String decode(String raw) throws CharacterCodingException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("malformed escape");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c > 0xFF) {
                throw new IllegalArgumentException("not a byte");
            } else {
                bytes.write(c);
            }
        }
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    }
}
