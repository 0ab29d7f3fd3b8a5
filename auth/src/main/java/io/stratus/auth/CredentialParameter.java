package io.stratus.auth;

import java.util.Optional;

/**
 * The {@code Credential} value of a SigV4 signature: {@code AKID/yyyyMMdd/region/service/aws4_request}.
 */
record CredentialParameter(String accessKeyId, String date, String region, String service) {
    private static final String TERMINATOR = "aws4_request";

    static Optional<CredentialParameter> parse(String value) {
        String[] parts = value.split("/", -1);
        if (parts.length != 5 || parts[0].isEmpty() || parts[2].isEmpty() || parts[3].isEmpty()
                || !TERMINATOR.equals(parts[4]) || !isDate(parts[1])) {
            return Optional.empty();
        }
        return Optional.of(new CredentialParameter(parts[0], parts[1], parts[2], parts[3]));
    }

    /** The credential scope that goes into the string to sign. */
    String scope() {
        return date + '/' + region + '/' + service + '/' + TERMINATOR;
    }

    private static boolean isDate(String value) {
        if (value.length() != 8) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
