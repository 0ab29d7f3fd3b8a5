package io.stratus.auth;

import java.util.List;

/** Builds the SigV4 canonical request and string to sign; shared by the verifier and the signer. */
final class CanonicalRequest {
    private CanonicalRequest() {
    }

    /**
     * method \n canonicalURI \n canonicalQuery \n canonicalHeaders \n signedHeaders \n payloadHash.
     *
     * @param signedHeaders lower-case names in the order the client listed them
     * @throws AuthException SignatureDoesNotMatch when a signed header is not in the request
     */
    static String build(String method, String canonicalUri, String canonicalQuery, RequestHeaders headers,
            List<String> signedHeaders, String payloadHash) {
        StringBuilder out = new StringBuilder(256);
        out.append(method).append('\n').append(canonicalUri).append('\n').append(canonicalQuery).append('\n');
        for (String name : signedHeaders) {
            List<String> values = headers.all(name);
            if (values.isEmpty()) {
                throw AuthError.SIGNATURE_DOES_NOT_MATCH.exception(
                        "The request signature we calculated does not match the signature you provided. "
                                + "Signed header '" + name + "' is missing from the request.");
            }
            out.append(name).append(':');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendTrimmed(out, values.get(i));
            }
            out.append('\n');
        }
        out.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash);
        return out.toString();
    }

    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return SigV4Crypto.ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + SigV4Crypto.sha256Hex(canonicalRequest);
    }

    /** Appends the value without leading/trailing blanks and with inner runs of blanks collapsed to one space. */
    private static void appendTrimmed(StringBuilder out, String value) {
        boolean pendingSpace = false;
        boolean any = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t') {
                pendingSpace = any;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
                any = true;
            }
        }
    }
}
