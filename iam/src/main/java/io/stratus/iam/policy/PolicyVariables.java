package io.stratus.iam.policy;

import java.util.List;

/**
 * Substitutes policy variables ({@code ${aws:username}}, {@code ${s3:prefix}}, the special
 * {@code ${*}} {@code ${?}} {@code ${$}}, and defaults {@code ${aws:username, 'anonymous'}}).
 * A variable whose key the request lacks and that has no default makes the string unusable (null):
 * the element it is in then does not match, as in AWS.
 */
final class PolicyVariables {
    private PolicyVariables() {}

    /**
     * @param escapeWildcards true where the result is used as a pattern: substituted values are then
     *     matched literally ({@code *} in a user name is not a wildcard)
     * @return the substituted string (pattern-escaped where asked), or null when a variable has no value
     */
    static String substitute(String text, RequestContext request, boolean escapeWildcards) {
        if (text.indexOf("${") < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            int end = start < 0 ? -1 : text.indexOf('}', start);
            if (start < 0 || end < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, start);
            String inner = text.substring(start + 2, end).trim();
            String value = switch (inner) {
                case "*", "?", "$" -> inner;
                default -> resolve(inner, request);
            };
            if (value == null) {
                return null;
            }
            boolean literalSpecial = inner.equals("*") || inner.equals("?") || inner.equals("$");
            out.append(escapeWildcards && literalSpecial ? "\u0000" + value : escapeWildcards ? escape(value) : value);
            i = end + 1;
        }
        return out.toString();
    }

    private static String resolve(String inner, RequestContext request) {
        String key = inner;
        String fallback = null;
        int comma = inner.indexOf(',');
        if (comma > 0) {
            key = inner.substring(0, comma).trim();
            String rest = inner.substring(comma + 1).trim();
            if (rest.length() >= 2 && rest.startsWith("'") && rest.endsWith("'")) {
                fallback = rest.substring(1, rest.length() - 1);
            }
        }
        List<String> values = request.values(key);
        if (values == null || values.size() != 1) {
            return fallback;
        }
        return values.get(0);
    }

    /** Marks each * and ? as literal with a NUL prefix, which {@link Wildcards} is not told about: see below. */
    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '*' || c == '?') {
                out.append('\u0000');
            }
            out.append(c);
        }
        return out.toString();
    }
}
