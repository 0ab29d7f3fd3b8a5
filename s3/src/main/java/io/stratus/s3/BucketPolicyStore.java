package io.stratus.s3;

import java.util.Optional;

/**
 * Where bucket policies live (the identity module, which also evaluates them). The S3 layer only
 * stores, returns and removes the documents; validation failures come back as S3 errors.
 */
public interface BucketPolicyStore {
    /** @throws S3Exception MalformedPolicy when the document is not a valid bucket policy */
    void put(String bucket, String policyJson) throws S3Exception;

    Optional<String> get(String bucket);

    void delete(String bucket);

    /** For tests and deployments without the identity module. */
    BucketPolicyStore NONE = new BucketPolicyStore() {
        @Override
        public void put(String bucket, String policyJson) throws S3Exception {
            throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "Bucket policies are not available.");
        }

        @Override
        public Optional<String> get(String bucket) {
            return Optional.empty();
        }

        @Override
        public void delete(String bucket) {
        }
    };
}
