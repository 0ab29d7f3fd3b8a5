package io.stratus.s3.support;

import io.stratus.auth.AuthContext;
import io.stratus.core.checksum.ChecksumAlgorithm;
import io.stratus.s3.S3ErrorCode;
import io.stratus.s3.S3Exception;
import io.stratus.storage.PreCommitCheck;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The integrity promises a write request makes: Content-MD5, one x-amz-checksum-* value sent as a
 * header or declared in x-amz-trailer (arriving after the body), and the algorithm named by
 * x-amz-sdk-checksum-algorithm. Built before the body is read; its {@link #check()} runs after the
 * body is hashed and before anything commits, so a mismatch stores nothing.
 */
public final class IntegrityCheck {
    private static final String CHECKSUM_PREFIX = "x-amz-checksum-";

    private final byte[] expectedMd5;
    private final ChecksumAlgorithm clientAlgorithm;
    private final String headerValue;
    private final String trailerName;
    private final ChecksumAlgorithm storeAlgorithm;
    private final AuthContext auth;
    private ChecksummingInputStream separateDigest;

    private IntegrityCheck(byte[] expectedMd5, ChecksumAlgorithm clientAlgorithm, String headerValue, String trailerName,
                           ChecksumAlgorithm storeAlgorithm, AuthContext auth) {
        this.expectedMd5 = expectedMd5;
        this.clientAlgorithm = clientAlgorithm;
        this.headerValue = headerValue;
        this.trailerName = trailerName;
        this.storeAlgorithm = storeAlgorithm;
        this.auth = auth;
    }

    /** The algorithm the client asked for (header, trailer or sdk-checksum-algorithm), or null. */
    public static ChecksumAlgorithm requestedAlgorithm(Function<String, String> headers) throws S3Exception {
        return parse(headers).algorithm;
    }

    /**
     * @param headers request headers by lower-case name
     * @param storeAlgorithm the algorithm the store computes and keeps; null = the client's, else CRC64NVME
     *                       (as AWS does for every new object since 2024)
     */
    public static IntegrityCheck prepare(Function<String, String> headers, AuthContext auth, ChecksumAlgorithm storeAlgorithm)
            throws S3Exception {
        byte[] md5 = null;
        String contentMd5 = headers.apply("content-md5");
        if (contentMd5 != null) {
            md5 = decodeBase64(contentMd5.trim());
            if (md5 == null || md5.length != 16) {
                throw new S3Exception(S3ErrorCode.INVALID_DIGEST);
            }
        }
        Declared declared = parse(headers);
        ChecksumAlgorithm store = storeAlgorithm != null ? storeAlgorithm
                : declared.algorithm != null ? declared.algorithm : ChecksumAlgorithm.CRC64NVME;
        return new IntegrityCheck(md5, declared.algorithm, declared.headerValue, declared.trailerName, store, auth);
    }

    public ChecksumAlgorithm storeAlgorithm() {
        return storeAlgorithm;
    }

    /** The algorithm the client sent a value for, or null. */
    public ChecksumAlgorithm clientAlgorithm() {
        return clientAlgorithm;
    }

    /** Wraps the body when the client's checksum differs from the one the store computes. */
    public InputStream wrap(InputStream body) {
        if (clientAlgorithm != null && clientAlgorithm != storeAlgorithm) {
            separateDigest = new ChecksummingInputStream(body, clientAlgorithm.newChecksummer());
            return separateDigest;
        }
        return body;
    }

    /** Verifies a body that was read whole (small XML documents such as DeleteObjects). */
    public void verifyWhole(byte[] body) throws Exception {
        io.stratus.core.checksum.Checksummer md5 = io.stratus.core.checksum.Checksummers.md5();
        md5.update(body);
        io.stratus.core.checksum.Checksummer sum = storeAlgorithm.newChecksummer();
        sum.update(body);
        check().verify(new io.stratus.storage.ComputedDigests(body.length, md5.digest(), sum.digestBase64()));
    }

    public PreCommitCheck check() {
        return digests -> {
            if (expectedMd5 != null && !MessageDigest.isEqual(expectedMd5, digests.md5())) {
                throw new S3Exception(S3ErrorCode.BAD_DIGEST);
            }
            if (clientAlgorithm == null) {
                return;
            }
            String expected = headerValue;
            if (expected == null) {
                expected = auth.trailers().get(trailerName);
                if (expected == null) {
                    // AWS's answer when x-amz-trailer names a checksum the body's trailer does not carry.
                    throw new S3Exception(S3ErrorCode.MALFORMED_TRAILER);
                }
                validateValue(clientAlgorithm, expected, trailerName);
            }
            String actual = separateDigest != null ? separateDigest.digestBase64() : digests.checksumBase64();
            if (!MessageDigest.isEqual(Base64.getDecoder().decode(expected.trim()), Base64.getDecoder().decode(actual))) {
                throw new S3Exception(S3ErrorCode.BAD_DIGEST,
                        "The " + clientAlgorithm.name() + " you specified did not match the calculated checksum.");
            }
        };
    }

    private record Declared(ChecksumAlgorithm algorithm, String headerValue, String trailerName) {
    }

    private static Declared parse(Function<String, String> headers) throws S3Exception {
        ChecksumAlgorithm fromHeader = null;
        String value = null;
        for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
            String v = headers.apply(a.headerName());
            if (v != null) {
                if (fromHeader != null) {
                    throw S3Exception.invalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
                }
                fromHeader = a;
                value = v;
            }
        }
        if (fromHeader != null) {
            validateValue(fromHeader, value, fromHeader.headerName());
        }
        ChecksumAlgorithm fromTrailer = null;
        String trailerName = null;
        String trailer = headers.apply("x-amz-trailer");
        if (trailer != null) {
            for (String t : trailer.split(",")) {
                String name = t.trim().toLowerCase(Locale.ROOT);
                if (name.startsWith(CHECKSUM_PREFIX)) {
                    ChecksumAlgorithm a = ChecksumAlgorithm.fromHeaderName(name).orElseThrow(
                            () -> S3Exception.invalidRequest("The value specified in the x-amz-trailer header is not supported"));
                    if (fromTrailer != null || fromHeader != null) {
                        throw S3Exception.invalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
                    }
                    fromTrailer = a;
                    trailerName = name;
                }
            }
        }
        ChecksumAlgorithm declared = fromHeader != null ? fromHeader : fromTrailer;
        String sdkAlgorithm = headers.apply("x-amz-sdk-checksum-algorithm");
        if (sdkAlgorithm != null) {
            ChecksumAlgorithm named = ChecksumAlgorithm.fromName(sdkAlgorithm).orElseThrow(
                    () -> S3Exception.invalidArgument("Value for x-amz-sdk-checksum-algorithm header is invalid.",
                            "x-amz-sdk-checksum-algorithm", sdkAlgorithm));
            if (declared == null) {
                throw S3Exception.invalidRequest("x-amz-sdk-checksum-algorithm specified, but no corresponding "
                        + "x-amz-checksum-* or x-amz-trailer headers were found.");
            }
            if (named != declared) {
                throw S3Exception.invalidRequest("Value for x-amz-sdk-checksum-algorithm header is invalid.");
            }
        }
        return new Declared(declared, value, trailerName);
    }

    private static void validateValue(ChecksumAlgorithm algorithm, String value, String headerName) throws S3Exception {
        byte[] raw = decodeBase64(value.trim());
        if (raw == null || raw.length != algorithm.digestLength()) {
            throw S3Exception.invalidRequest("Value for " + headerName + " header is invalid.");
        }
    }

    private static byte[] decodeBase64(String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The headers a response carries for a stored checksum (x-amz-checksum-ALG and x-amz-checksum-type). */
    public static Map<String, String> responseHeaders(io.stratus.storage.ChecksumValue checksum) {
        if (checksum == null) {
            return Map.of();
        }
        return Map.of(checksum.algorithm().headerName(), checksum.base64(), "x-amz-checksum-type", checksum.type().name());
    }
}
