package io.stratus.s3.support;

import io.stratus.s3.S3ErrorCode;
import io.stratus.s3.S3Exception;
import io.stratus.s3.xml.XmlElement;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Object tag sets: the x-amz-tagging header form and the Tagging XML form, with AWS's limits. */
public final class Tags {
    private static final int MAX_TAGS = 10;
    private static final int MAX_KEY_CHARS = 128;
    private static final int MAX_VALUE_CHARS = 256;

    private Tags() {
    }

    /** Parses "k1=v1&k2=v2" (URL-encoded). */
    public static Map<String, String> parseQueryForm(String header) throws S3Exception {
        Map<String, String> tags = new LinkedHashMap<>();
        if (header.isBlank()) {
            return tags;
        }
        for (String pair : header.split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            put(tags, k, v);
        }
        return validate(tags);
    }

    /** Parses {@code <Tagging><TagSet><Tag><Key/><Value/></Tag>...}. */
    public static Map<String, String> parseXml(XmlElement tagging) throws S3Exception {
        XmlElement set = tagging.child("TagSet");
        if (set == null) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (XmlElement tag : set.children("Tag")) {
            XmlElement k = tag.child("Key");
            XmlElement v = tag.child("Value");
            if (k == null || v == null) {
                throw new S3Exception(S3ErrorCode.MALFORMED_XML);
            }
            put(tags, k.text(), v.text());
        }
        return validate(tags);
    }

    /** The header form, for x-amz-tagging-count style responses and copies. */
    public static String toQueryForm(Map<String, String> tags) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(tags).entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static void put(Map<String, String> tags, String k, String v) throws S3Exception {
        if (tags.put(k, v) != null) {
            throw new S3Exception(S3ErrorCode.INVALID_TAG, "Cannot provide multiple Tags with the same key");
        }
    }

    private static Map<String, String> validate(Map<String, String> tags) throws S3Exception {
        if (tags.size() > MAX_TAGS) {
            throw new S3Exception(S3ErrorCode.INVALID_TAG, "Object tags cannot be greater than 10");
        }
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().length() > MAX_KEY_CHARS) {
                throw new S3Exception(S3ErrorCode.INVALID_TAG, "The TagKey you have provided is invalid");
            }
            if (e.getValue().length() > MAX_VALUE_CHARS) {
                throw new S3Exception(S3ErrorCode.INVALID_TAG, "The TagValue you have provided is invalid");
            }
        }
        return tags;
    }

    private static String decode(String s) throws S3Exception {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new S3Exception(S3ErrorCode.INVALID_TAG, "The tagging header is not valid URL-encoded text");
        }
    }
}
