package io.stratus.iam;

import static java.util.Objects.requireNonNull;

import io.stratus.iam.policy.MalformedPolicyException;
import io.stratus.iam.policy.PolicyDocument;
import io.stratus.iam.policy.PolicyParser;
import io.stratus.iam.policy.Statement;
import io.stratus.iam.store.IamStore;
import java.util.List;
import java.util.Optional;

/**
 * Bucket policies for the S3 layer's PutBucketPolicy / GetBucketPolicy / DeleteBucketPolicy. A
 * policy is validated on write: resource-policy grammar, and every Resource must be this bucket or
 * objects in it. The {@link IamAuthorizer} reads them when deciding on {@code arn:aws:s3:::bucket...}.
 */
public final class BucketPolicies {
    private final IamStore store;

    public BucketPolicies(IamStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    /** @throws MalformedPolicyException with the reason (S3: MalformedPolicy, 400) */
    public void put(String bucket, String policyJson) {
        PolicyDocument policy = PolicyParser.parse(policyJson, PolicyParser.Kind.RESOURCE);
        String bucketArn = "arn:aws:s3:::" + bucket;
        for (Statement statement : policy.statements()) {
            List<String> resources = statement.resources() != null ? statement.resources() : statement.notResources();
            for (String resource : resources) {
                if (!resource.equals(bucketArn) && !resource.startsWith(bucketArn + "/")) {
                    throw new MalformedPolicyException("Policy has invalid resource");
                }
            }
            List<String> actions = statement.actions() != null ? statement.actions() : statement.notActions();
            for (String action : actions) {
                if (!action.equals("*") && !action.regionMatches(true, 0, "s3:", 0, 3)) {
                    throw new MalformedPolicyException("Policy has invalid action");
                }
            }
        }
        store.putBucketPolicy(bucket, policyJson);
    }

    /** The stored policy text, as it was put; empty when the bucket has none (S3: NoSuchBucketPolicy, 404). */
    public Optional<String> get(String bucket) {
        return store.findBucketPolicy(bucket);
    }

    /** Removes the policy; deleting a missing policy is not an error (S3 answers 204 either way). */
    public void delete(String bucket) {
        store.deleteBucketPolicy(bucket);
    }
}
