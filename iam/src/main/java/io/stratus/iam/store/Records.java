package io.stratus.iam.store;

import java.util.List;
import java.util.Map;

/**
 * The stored IAM entities. Values are stored as a format version byte followed by JSON; records
 * are immutable, changes write a new copy. Dates are ISO-8601 instants.
 */
public final class Records {
    private Records() {}

    public record User(String name, String userId, String arn, String path, String createDate,
            Map<String, String> tags, Map<String, String> inlinePolicies, List<String> attachedPolicies,
            List<String> groups, String permissionsBoundary) {
        public User {
            tags = Map.copyOf(tags == null ? Map.of() : tags);
            inlinePolicies = Map.copyOf(inlinePolicies == null ? Map.of() : inlinePolicies);
            attachedPolicies = List.copyOf(attachedPolicies == null ? List.of() : attachedPolicies);
            groups = List.copyOf(groups == null ? List.of() : groups);
        }

        User withTags(Map<String, String> value) {
            return new User(name, userId, arn, path, createDate, value, inlinePolicies, attachedPolicies, groups,
                    permissionsBoundary);
        }

        User withInlinePolicies(Map<String, String> value) {
            return new User(name, userId, arn, path, createDate, tags, value, attachedPolicies, groups,
                    permissionsBoundary);
        }

        User withAttachedPolicies(List<String> value) {
            return new User(name, userId, arn, path, createDate, tags, inlinePolicies, value, groups,
                    permissionsBoundary);
        }

        User withGroups(List<String> value) {
            return new User(name, userId, arn, path, createDate, tags, inlinePolicies, attachedPolicies, value,
                    permissionsBoundary);
        }

        /** @param value the managed policy ARN bounding the user's permissions, or null for none */
        User withPermissionsBoundary(String value) {
            return new User(name, userId, arn, path, createDate, tags, inlinePolicies, attachedPolicies, groups,
                    value);
        }
    }

    /** A long-term access key; {@code status} is Active or Inactive. */
    public record AccessKey(String accessKeyId, String secretAccessKey, String userName, String status,
            String createDate) {
        AccessKey withStatus(String value) {
            return new AccessKey(accessKeyId, secretAccessKey, userName, value, createDate);
        }

        @Override
        public String toString() {
            return "AccessKey[" + accessKeyId + ", user=" + userName + ", status=" + status + "]";
        }
    }

    public record Group(String name, String groupId, String arn, String path, String createDate,
            Map<String, String> inlinePolicies, List<String> attachedPolicies) {
        public Group {
            inlinePolicies = Map.copyOf(inlinePolicies == null ? Map.of() : inlinePolicies);
            attachedPolicies = List.copyOf(attachedPolicies == null ? List.of() : attachedPolicies);
        }

        Group withInlinePolicies(Map<String, String> value) {
            return new Group(name, groupId, arn, path, createDate, value, attachedPolicies);
        }

        Group withAttachedPolicies(List<String> value) {
            return new Group(name, groupId, arn, path, createDate, inlinePolicies, value);
        }
    }

    /** @param permissionsBoundary the managed policy ARN bounding the role's permissions, or null for none */
    public record Role(String name, String roleId, String arn, String path, String createDate, String description,
            String assumeRolePolicyDocument, int maxSessionDuration, Map<String, String> tags,
            Map<String, String> inlinePolicies, List<String> attachedPolicies, String permissionsBoundary) {
        public Role {
            tags = Map.copyOf(tags == null ? Map.of() : tags);
            inlinePolicies = Map.copyOf(inlinePolicies == null ? Map.of() : inlinePolicies);
            attachedPolicies = List.copyOf(attachedPolicies == null ? List.of() : attachedPolicies);
        }

        Role withTrustPolicy(String value) {
            return new Role(name, roleId, arn, path, createDate, description, value, maxSessionDuration, tags,
                    inlinePolicies, attachedPolicies, permissionsBoundary);
        }

        Role withInlinePolicies(Map<String, String> value) {
            return new Role(name, roleId, arn, path, createDate, description, assumeRolePolicyDocument,
                    maxSessionDuration, tags, value, attachedPolicies, permissionsBoundary);
        }

        Role withAttachedPolicies(List<String> value) {
            return new Role(name, roleId, arn, path, createDate, description, assumeRolePolicyDocument,
                    maxSessionDuration, tags, inlinePolicies, value, permissionsBoundary);
        }

        Role withPermissionsBoundary(String value) {
            return new Role(name, roleId, arn, path, createDate, description, assumeRolePolicyDocument,
                    maxSessionDuration, tags, inlinePolicies, attachedPolicies, value);
        }
    }

    public record PolicyVersion(String versionId, String document, String createDate) {}

    /**
     * A customer managed policy and its versions (at most five, as in IAM).
     *
     * @param attachmentCount users, groups and roles it is attached to
     * @param permissionsBoundaryUsageCount users and roles it bounds; either count blocks deletion
     */
    public record ManagedPolicy(String name, String policyId, String arn, String path, String description,
            String createDate, String updateDate, String defaultVersionId, int nextVersion,
            List<PolicyVersion> versions, int attachmentCount, int permissionsBoundaryUsageCount) {
        public ManagedPolicy {
            versions = List.copyOf(versions == null ? List.of() : versions);
        }

        public PolicyVersion defaultVersion() {
            return versions.stream().filter(v -> v.versionId().equals(defaultVersionId)).findFirst().orElseThrow();
        }

        ManagedPolicy withAttachmentCount(int value) {
            return new ManagedPolicy(name, policyId, arn, path, description, createDate, updateDate, defaultVersionId,
                    nextVersion, versions, value, permissionsBoundaryUsageCount);
        }

        ManagedPolicy withPermissionsBoundaryUsageCount(int value) {
            return new ManagedPolicy(name, policyId, arn, path, description, createDate, updateDate, defaultVersionId,
                    nextVersion, versions, attachmentCount, value);
        }

        ManagedPolicy withVersions(List<PolicyVersion> value, String defaultVersion, int next, String updated) {
            return new ManagedPolicy(name, policyId, arn, path, description, createDate, updated, defaultVersion,
                    next, value, attachmentCount, permissionsBoundaryUsageCount);
        }
    }
}
