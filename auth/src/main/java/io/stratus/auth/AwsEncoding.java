package io.stratus.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * SigV4 URI encoding: unreserved characters (A-Z a-z 0-9 - _ . ~) stay, every other byte becomes
 * {@code %XX} with upper-case hex, space is {@code %20}.
 *
 * <p>Query decoding treats a raw {@code '+'} as a space, the way form decoding (and MinIO, and
 * S3's own query parsing) does. AWS SDKs and the CLI never send a raw {@code '+'} (they send
 * {@code %2B} and {@code %20}), so both readings verify their requests; clients that build URLs
 * with form encoding send {@code '+'} for a space and sign {@code %20}, which only this reading verifies.
 */
final class AwsEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private AwsEncoding() {
    }

    static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }

    /** Encodes every byte of the UTF-8 form except unreserved characters. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        appendEncoded(out, value, false);
        return out.toString();
    }

    /** Like {@link #encode} but keeps {@code '/'}, for paths. */
    static String encodePath(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        appendEncoded(out, value, true);
        return out.toString();
    }

    private static void appendEncoded(StringBuilder out, String value, boolean keepSlash) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (isUnreserved(c) || (keepSlash && c == '/')) {
                out.append((char) c);
            } else {
                appendEscape(out, c);
            }
        }
    }

    private static void appendEscape(StringBuilder out, int c) {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
    }

    /**
     * Percent-decodes to UTF-8 text. A {@code '%'} not followed by two hex digits is kept as a
     * literal percent sign, so a sloppy client still gets a definite (if failing) signature.
     */
    static String decode(String value, boolean plusIsSpace) {
        if (value.indexOf('%') < 0 && (!plusIsSpace || value.indexOf('+') < 0)) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()
                    && Character.digit(value.charAt(i + 1), 16) >= 0 && Character.digit(value.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(value.charAt(i + 1), 16) * 16 + Character.digit(value.charAt(i + 2), 16));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < value.length()) {
                    utf8 = value.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * The canonical URI. For S3 it is the path as the client encoded it: existing {@code %XX}
     * escapes and unreserved characters are kept as they are (no double encoding), and any other
     * character a client left raw (such as {@code $} in AWS's PUT example) is encoded, as the
     * signing client must have done. For other services AWS encodes the wire path once more, so
     * every {@code '%'} becomes {@code %25}. Dot segments and repeated slashes are not normalized
     * (AWS does so outside S3; the query APIs we serve use the path "/").
     */
    static String canonicalUri(String rawPath, boolean s3) {
        if (rawPath.isEmpty()) {
            return "/";
        }
        if (!s3) {
            return encodePath(rawPath);
        }
        StringBuilder once = new StringBuilder(rawPath.length() + 16);
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%' && i + 2 < rawPath.length()
                    && Character.digit(rawPath.charAt(i + 1), 16) >= 0 && Character.digit(rawPath.charAt(i + 2), 16) >= 0) {
                once.append(rawPath, i, i + 3);
                i += 2;
            } else if (isUnreserved(c) || c == '/') {
                once.append(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < rawPath.length() ? i + 2 : i + 1;
                appendEncoded(once, rawPath.substring(i, end), true);
                i = end - 1;
            }
        }
        return once.toString();
    }

    /** Splits a raw query into decoded (name, value) pairs in order; a name without '=' gets "". */
    static List<Map.Entry<String, String>> parseQuery(String rawQuery) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        if (rawQuery.isEmpty()) {
            return params;
        }
        int start = 0;
        while (start <= rawQuery.length()) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? rawQuery.length() : amp;
            if (end > start) {
                String pair = rawQuery.substring(start, end);
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                params.add(Map.entry(decode(name, true), decode(value, true)));
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        return params;
    }

    /**
     * The canonical query: every parameter decoded and re-encoded, sorted by encoded name then
     * encoded value, joined with '&'. {@code excludedName} (X-Amz-Signature of presigned URLs) is left out.
     */
    static String canonicalQuery(List<Map.Entry<String, String>> params, String excludedName) {
        List<String[]> encoded = new ArrayList<>(params.size());
        for (Map.Entry<String, String> param : params) {
            if (!param.getKey().equals(excludedName)) {
                encoded.add(new String[] {encode(param.getKey()), encode(param.getValue())});
            }
        }
        encoded.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder out = new StringBuilder();
        for (String[] p : encoded) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(p[0]).append('=').append(p[1]);
        }
        return out.toString();
    }
}
