package io.stratus.iam.store;

import static io.stratus.iam.store.IamTables.POLICIES;
import static io.stratus.iam.store.IamTables.noSuchEntity;
import static java.util.Objects.requireNonNull;

import io.stratus.iam.IamError;
import io.stratus.iam.policy.PolicyParser;
import io.stratus.iam.store.Records.ManagedPolicy;
import io.stratus.iam.store.Records.PolicyVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Managed policies: customer managed ones with their versions, the AWS managed ones Stratus ships
 * ({@link AwsManagedPolicies}), and the bookkeeping of where they are used (attachments and
 * permissions boundaries), which the user, group and role stores call under the shared lock.
 */
public final class PolicyStore {
    private static final int MAX_POLICY_VERSIONS = 5;
    private static final int MAX_ATTACHED_POLICIES = 10;

    private final IamTables tables;

    PolicyStore(IamTables tables) {
        this.tables = requireNonNull(tables, "tables is null");
    }

    public ManagedPolicy createPolicy(String name, String path, String document, String description) {
        IamTables.validateName("policyName", name, 128);
        String policyPath = IamTables.validatePath(path);
        PolicyParser.parse(document, PolicyParser.Kind.IDENTITY);
        String policyArn = tables.arn("policy", policyPath, name);
        return tables.locked(() -> {
            if (findPolicy(policyArn).isPresent()) {
                throw IamError.ENTITY_ALREADY_EXISTS.exception("A policy called " + name
                        + " already exists. Duplicate names are not allowed.");
            }
            String now = tables.now();
            ManagedPolicy policy = new ManagedPolicy(name, tables.randomId("ANPA", 17), policyArn, policyPath,
                    description, now, now, "v1", 2, List.of(new PolicyVersion("v1", document, now)), 0, 0);
            tables.put(POLICIES, policyArn, policy);
            return policy;
        });
    }

    /** A customer managed policy, or one of the AWS managed policies Stratus ships. */
    public Optional<ManagedPolicy> findPolicy(String policyArn) {
        if (policyArn == null) {
            return Optional.empty();
        }
        Optional<ManagedPolicy> builtIn = AwsManagedPolicies.find(policyArn);
        return builtIn.isPresent() ? builtIn : tables.get(POLICIES, policyArn, ManagedPolicy.class);
    }

    public ManagedPolicy policy(String policyArn) {
        return findPolicy(policyArn).orElseThrow(() -> noSuchEntity("Policy " + policyArn
                + " does not exist or is not attachable."));
    }

    /** @param scope {@code All} (null), {@code AWS} or {@code Local} */
    public List<ManagedPolicy> listPolicies(String scope) {
        List<ManagedPolicy> all = new ArrayList<>();
        if (scope == null || scope.equals("All") || scope.equals("AWS")) {
            all.addAll(AwsManagedPolicies.all());
        }
        if (scope == null || scope.equals("All") || scope.equals("Local")) {
            all.addAll(tables.list(POLICIES, ManagedPolicy.class));
        }
        return all;
    }

    /** Policies page in ARN order; the few AWS managed ones are merged in memory with the table. */
    public Page<ManagedPolicy> listPolicies(String scope, String marker, int maxItems) {
        return Page.of(listPolicies(scope), ManagedPolicy::arn, marker, maxItems);
    }

    public void deletePolicy(String policyArn) {
        tables.locked(() -> {
            ManagedPolicy policy = customerPolicy(policyArn);
            if (policy.attachmentCount() > 0 || policy.permissionsBoundaryUsageCount() > 0) {
                throw IamError.DELETE_CONFLICT.exception("Cannot delete a policy attached to entities.");
            }
            tables.delete(POLICIES, policyArn);
        });
    }

    public PolicyVersion createPolicyVersion(String policyArn, String document, boolean setAsDefault) {
        PolicyParser.parse(document, PolicyParser.Kind.IDENTITY);
        return tables.locked(() -> {
            ManagedPolicy policy = customerPolicy(policyArn);
            if (policy.versions().size() >= MAX_POLICY_VERSIONS) {
                throw IamError.LIMIT_EXCEEDED.exception("A managed policy can have up to " + MAX_POLICY_VERSIONS
                        + " versions. Before you create a new version, you must delete an existing version.");
            }
            String now = tables.now();
            PolicyVersion version = new PolicyVersion("v" + policy.nextVersion(), document, now);
            List<PolicyVersion> versions = new ArrayList<>(policy.versions());
            versions.add(version);
            tables.put(POLICIES, policyArn, policy.withVersions(versions,
                    setAsDefault ? version.versionId() : policy.defaultVersionId(), policy.nextVersion() + 1, now));
            return version;
        });
    }

    /**
     * The attached-policy list with {@code policyArn} added, counting the attachment; returns
     * {@code current} itself when already attached. Caller holds the lock.
     */
    List<String> attach(List<String> current, String policyArn) {
        ManagedPolicy policy = policy(policyArn);
        if (current.contains(policyArn)) {
            return current;
        }
        if (current.size() >= MAX_ATTACHED_POLICIES) {
            throw IamError.LIMIT_EXCEEDED.exception("Cannot exceed quota for PoliciesPerEntity: " + MAX_ATTACHED_POLICIES);
        }
        if (!AwsManagedPolicies.isAwsManaged(policyArn)) {
            tables.put(POLICIES, policyArn, policy.withAttachmentCount(policy.attachmentCount() + 1));
        }
        List<String> attached = new ArrayList<>(current);
        attached.add(policyArn);
        return attached;
    }

    /** The attached-policy list without {@code policyArn}, uncounting it. Caller holds the lock. */
    List<String> detach(List<String> current, String policyArn) {
        if (!current.contains(policyArn)) {
            throw noSuchEntity("Policy " + policyArn + " was not found.");
        }
        if (!AwsManagedPolicies.isAwsManaged(policyArn)) {
            tables.get(POLICIES, policyArn, ManagedPolicy.class).ifPresent(p -> tables.put(POLICIES, policyArn,
                    p.withAttachmentCount(Math.max(0, p.attachmentCount() - 1))));
        }
        List<String> attached = new ArrayList<>(current);
        attached.remove(policyArn);
        return attached;
    }

    /**
     * Moves an entity's permissions boundary from {@code previous} to {@code next} (either may be
     * null), counting the uses; {@code next} must exist. Caller holds the lock.
     */
    void replaceBoundary(String previous, String next) {
        if (next != null) {
            policy(next);
        }
        if (previous != null && previous.equals(next)) {
            return;
        }
        countBoundary(previous, -1);
        countBoundary(next, 1);
    }

    private void countBoundary(String policyArn, int delta) {
        if (policyArn == null || AwsManagedPolicies.isAwsManaged(policyArn)) {
            return;
        }
        tables.get(POLICIES, policyArn, ManagedPolicy.class).ifPresent(p -> tables.put(POLICIES, policyArn,
                p.withPermissionsBoundaryUsageCount(Math.max(0, p.permissionsBoundaryUsageCount() + delta))));
    }

    private ManagedPolicy customerPolicy(String policyArn) {
        if (AwsManagedPolicies.isAwsManaged(policyArn)) {
            throw IamError.ACCESS_DENIED.exception("AWS managed policies cannot be changed.");
        }
        return tables.get(POLICIES, policyArn, ManagedPolicy.class)
                .orElseThrow(() -> noSuchEntity("Policy " + policyArn + " does not exist or is not attachable."));
    }
}
