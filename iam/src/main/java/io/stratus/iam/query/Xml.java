package io.stratus.iam.query;

/** A small writer for the query protocol's XML responses: elements, escaped text, nothing else. */
final class Xml {
    private final StringBuilder out = new StringBuilder(512);

    Xml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    Xml open(String name, String xmlns) {
        out.append('<').append(name).append(" xmlns=\"").append(xmlns).append("\">");
        return this;
    }

    Xml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** An element with text content; skipped when {@code value} is null. */
    Xml element(String name, Object value) {
        if (value != null) {
            open(name);
            escape(String.valueOf(value));
            close(name);
        }
        return this;
    }

    /** Escaped text content. */
    Xml text(String value) {
        escape(value);
        return this;
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
