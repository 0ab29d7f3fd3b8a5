package io.stratus.iam.policy;

import java.util.regex.Pattern;

/** IAM glob matching: {@code *} is any run of characters (also none), {@code ?} exactly one. */
final class Wildcards {
    private Wildcards() {}

    /** A NUL before a character makes it literal (used for substituted policy variable values). */
    static final char LITERAL = '\u0000';

    static boolean matches(String pattern, String value, boolean ignoreCase) {
        if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
            return ignoreCase ? pattern.equalsIgnoreCase(value) : pattern.equals(value);
        }
        StringBuilder regex = new StringBuilder(pattern.length() + 8);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == LITERAL && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        return Pattern.compile(regex.toString(), flags).matcher(value).matches();
    }

    /**
     * ARN matching as ArnLike and Resource do: each of the six colon-separated parts is matched on
     * its own, so a wildcard never spans a colon before the resource part.
     */
    static boolean arnMatches(String pattern, String arn) {
        if (pattern.equals("*")) {
            return true;
        }
        String[] p = pattern.split(":", 6);
        String[] a = arn.split(":", 6);
        if (p.length != 6 || a.length != 6) {
            return matches(pattern, arn, false);
        }
        for (int i = 0; i < 6; i++) {
            if (!matches(p[i], a[i], false)) {
                return false;
            }
        }
        return true;
    }
}
