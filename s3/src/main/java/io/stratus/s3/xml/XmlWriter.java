package io.stratus.s3.xml;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small builder for the S3 response documents. It writes straight into a StringBuilder with
 * escaping of text and attribute values; responses are small (a listing page at most), so there
 * is no need for a streaming XML stack here.
 */
public final class XmlWriter {
    public static final String S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

    private final StringBuilder out = new StringBuilder(512);
    private final Deque<String> open = new ArrayDeque<>();

    private XmlWriter() {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }

    /** A document whose root element carries the S3 namespace. */
    public static XmlWriter document(String root) {
        XmlWriter w = new XmlWriter();
        w.out.append('<').append(root).append(" xmlns=\"").append(S3_NAMESPACE).append("\">");
        w.open.push(root);
        return w;
    }

    /** A document whose root element has no namespace (S3 error documents). */
    public static XmlWriter plainDocument(String root) {
        XmlWriter w = new XmlWriter();
        w.out.append('<').append(root).append('>');
        w.open.push(root);
        return w;
    }

    public XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    /** Opens an element with attributes given as name, value pairs (e.g. xsi:type on a Grantee). */
    public XmlWriter startWithAttributes(String name, String... attributePairs) {
        out.append('<').append(name);
        for (int i = 0; i + 1 < attributePairs.length; i += 2) {
            out.append(' ').append(attributePairs[i]).append("=\"");
            escape(attributePairs[i + 1], true);
            out.append('"');
        }
        out.append('>');
        open.push(name);
        return this;
    }

    /** Escaped text inside the element that is currently open. */
    public XmlWriter text(String value) {
        escape(value, false);
        return this;
    }

    public XmlWriter end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** Writes {@code <name>value</name>}; a null value writes nothing. */
    public XmlWriter element(String name, String value) {
        if (value == null) {
            return this;
        }
        out.append('<').append(name).append('>');
        escape(value, false);
        out.append("</").append(name).append('>');
        return this;
    }

    public XmlWriter element(String name, long value) {
        return element(name, Long.toString(value));
    }

    public XmlWriter element(String name, boolean value) {
        return element(name, Boolean.toString(value));
    }

    public XmlWriter element(String name, Instant value) {
        return element(name, value == null ? null : S3Time.iso8601(value));
    }

    public byte[] toBytes() {
        while (!open.isEmpty()) {
            end();
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void escape(String s, boolean attribute) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\r' -> out.append("&#13;");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                default -> {
                    // XML 1.0 cannot carry most control characters even escaped; AWS writes them as
                    // character references, which XML 1.0 parsers reject, so clients use
                    // encoding-type=url for such keys. We emit the reference like AWS does.
                    if (c < 0x20) {
                        out.append("&#").append((int) c).append(';');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
