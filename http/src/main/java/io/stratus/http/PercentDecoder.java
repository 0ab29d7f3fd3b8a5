package io.stratus.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict percent-decoding to UTF-8. Netty hands us the request line with one char per received
 * byte (ISO-8859-1), so a client that sent raw UTF-8 instead of %XX escapes still decodes right.
 * Malformed escapes and invalid UTF-8 are errors, never replaced characters: a key must mean
 * exactly one thing.
 */
public final class PercentDecoder {
    private PercentDecoder() {}

    /** Decodes a path: '+' is a literal plus. */
    public static String decodePath(String raw) throws InvalidUriException {
        return decode(raw, false);
    }

    /**
     * Decodes a query component. '+' decodes to a space, as AWS S3 does for query strings (SDKs
     * always send a literal plus as %2B, so nothing they send is misread).
     */
    static String decodeQueryComponent(String raw) throws InvalidUriException {
        return decode(raw, true);
    }

    private static String decode(String raw, boolean plusIsSpace) throws InvalidUriException {
        if (isPlain(raw, plusIsSpace)) {
            return raw;
        }
        byte[] bytes = new byte[raw.length()];
        int length = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new InvalidUriException("truncated percent-escape");
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new InvalidUriException("invalid percent-escape");
                }
                bytes[length++] = (byte) ((high << 4) | low);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes[length++] = ' ';
            } else if (c > 0xFF) {
                throw new InvalidUriException("character outside the byte range");
            } else {
                bytes[length++] = (byte) c;
            }
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new InvalidUriException("invalid UTF-8");
        }
    }

    private static boolean isPlain(String raw, boolean plusIsSpace) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' || c > 0x7F || (plusIsSpace && c == '+')) {
                return false;
            }
        }
        return true;
    }
}
