package io.stratus.s3;

import io.stratus.auth.AuthContext;

/**
 * Decides whether an authenticated (or anonymous) caller may run an operation on a resource.
 * The policy engine plugs in here; every S3 request passes through it exactly once.
 */
@FunctionalInterface
public interface S3Authorizer {
    /**
     * @param context condition keys of the request (aws:SourceIp, aws:SecureTransport, s3:prefix,
     *     s3:delimiter, s3:max-keys, ...) for policy conditions, and those resolved on demand
     *     ({@link S3ConditionKeys#lazy}: s3:ExistingObjectTag/*)
     */
    void authorize(AuthContext auth, S3Operation operation, String bucket, String key, S3ConditionKeys context)
            throws S3Exception;

    /** Until policies exist: any signed caller with a valid key is allowed, anonymous callers are not. */
    S3Authorizer SIGNED_ONLY = (auth, operation, bucket, key, context) -> {
        if (auth.anonymous()) {
            throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
        }
    };
}
