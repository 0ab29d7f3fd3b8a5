package io.stratus.s3.handler;

import io.stratus.s3.S3Exception;

/** Parsing of the numeric query parameters S3 takes, with AWS's error for each. */
final class Integers {
    static final int MAX_PART_NUMBER = 10_000;

    private Integers() {
    }

    static int partNumber(String value) throws S3Exception {
        int n = parse(value, -1);
        if (n < 1 || n > MAX_PART_NUMBER) {
            throw S3Exception.invalidArgument("Part number must be an integer between 1 and 10000, inclusive",
                    "partNumber", value);
        }
        return n;
    }

    /** max-keys, max-uploads, max-parts: default when absent, AWS caps at 1,000, negative is an error. */
    static int maxItems(String name, String value, int cap) throws S3Exception {
        if (value == null) {
            return cap;
        }
        int n = parse(value, Integer.MIN_VALUE);
        if (n == Integer.MIN_VALUE) {
            throw S3Exception.invalidArgument("Provided " + name + " not an integer or within integer range", name, value);
        }
        if (n < 0) {
            throw S3Exception.invalidArgument("Argument " + name + " must be an integer between 0 and 2147483647", name, value);
        }
        return Math.min(n, cap);
    }

    /** A non-negative marker such as part-number-marker. */
    static int marker(String name, String value) throws S3Exception {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        int n = parse(value, -1);
        if (n < 0) {
            throw S3Exception.invalidArgument("Provided " + name + " not an integer or within integer range", name, value);
        }
        return n;
    }

    private static int parse(String value, int onError) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return onError;
        }
    }
}
