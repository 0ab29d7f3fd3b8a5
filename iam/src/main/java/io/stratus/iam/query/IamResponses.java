package io.stratus.iam.query;

import io.stratus.iam.IamError;
import io.stratus.iam.store.Page;
import io.stratus.iam.store.Records.AccessKey;
import io.stratus.iam.store.Records.Group;
import io.stratus.iam.store.Records.ManagedPolicy;
import io.stratus.iam.store.Records.PolicyVersion;
import io.stratus.iam.store.Records.Role;
import io.stratus.iam.store.Records.User;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * The XML of IAM results, element names and order as the IAM API documents them. List results
 * render one page: the members, {@code IsTruncated}, and {@code Marker} when there is more.
 */
final class IamResponses {
    private IamResponses() {}

    /** {@code <List><member>..</member>...</List><IsTruncated>..</IsTruncated>[<Marker>..</Marker>]}. */
    static <T> String page(String list, Page<T> page, Function<T, String> member) {
        StringBuilder out = new StringBuilder("<").append(list).append('>');
        for (T item : page.items()) {
            out.append("<member>").append(member.apply(item)).append("</member>");
        }
        out.append("</").append(list).append('>');
        return out.append(new Xml().element("IsTruncated", page.truncated()).element("Marker", page.marker()))
                .toString();
    }

    static String user(User user) {
        return "<User>" + userFields(user) + boundary(user.permissionsBoundary())
                + (user.tags().isEmpty() ? "" : tags(user.tags())) + "</User>";
    }

    /** What list results carry of a user (like AWS, neither its boundary nor its tags). */
    static String userFields(User user) {
        return new Xml().element("Path", user.path()).element("UserName", user.name()).element("UserId", user.userId())
                .element("Arn", user.arn()).element("CreateDate", user.createDate()).toString();
    }

    static String tags(Map<String, String> tags) {
        StringBuilder out = new StringBuilder("<Tags>");
        tags.forEach((k, v) -> out.append("<member>").append(tag(Map.entry(k, v))).append("</member>"));
        return out.append("</Tags>").toString();
    }

    static String tag(Map.Entry<String, String> tag) {
        return new Xml().element("Key", tag.getKey()).element("Value", tag.getValue()).toString();
    }

    static String accessKey(AccessKey key) {
        return new Xml().open("AccessKey").element("UserName", key.userName()).element("AccessKeyId", key.accessKeyId())
                .element("Status", key.status()).element("SecretAccessKey", key.secretAccessKey())
                .element("CreateDate", key.createDate()).close("AccessKey").toString();
    }

    /** An access key without its secret, as ListAccessKeys returns it. */
    static String accessKeyMetadata(AccessKey key) {
        return new Xml().element("UserName", key.userName()).element("AccessKeyId", key.accessKeyId())
                .element("Status", key.status()).element("CreateDate", key.createDate()).toString();
    }

    static String inlinePolicy(String ownerField, String owner, String policyName, Map<String, String> policies,
            String kind) {
        String document = policies.get(policyName);
        if (document == null) {
            throw IamError.NO_SUCH_ENTITY.exception("The " + kind + " policy with name " + policyName
                    + " cannot be found.");
        }
        return new Xml().element(ownerField, owner).element("PolicyName", policyName)
                .element("PolicyDocument", urlEncode(document)).toString();
    }

    static String group(Group group) {
        return "<Group>" + groupFields(group) + "</Group>";
    }

    static String groupFields(Group group) {
        return new Xml().element("Path", group.path()).element("GroupName", group.name())
                .element("GroupId", group.groupId()).element("Arn", group.arn())
                .element("CreateDate", group.createDate()).toString();
    }

    static String policy(ManagedPolicy policy) {
        return "<Policy>" + policyFields(policy) + "</Policy>";
    }

    static String policyFields(ManagedPolicy policy) {
        return new Xml().element("PolicyName", policy.name()).element("PolicyId", policy.policyId())
                .element("Arn", policy.arn()).element("Path", policy.path())
                .element("DefaultVersionId", policy.defaultVersionId())
                .element("AttachmentCount", policy.attachmentCount())
                .element("PermissionsBoundaryUsageCount", policy.permissionsBoundaryUsageCount())
                .element("IsAttachable", true)
                .element("Description", policy.description()).element("CreateDate", policy.createDate())
                .element("UpdateDate", policy.updateDate()).toString();
    }

    static String version(PolicyVersion version, boolean isDefault) {
        return new Xml().open("PolicyVersion").element("Document", urlEncode(version.document()))
                .element("VersionId", version.versionId()).element("IsDefaultVersion", isDefault)
                .element("CreateDate", version.createDate()).close("PolicyVersion").toString();
    }

    static String attachedPolicy(String arn, String name) {
        return new Xml().element("PolicyName", name).element("PolicyArn", arn).toString();
    }

    static String role(Role role) {
        return "<Role>" + roleFields(role) + boundary(role.permissionsBoundary())
                + (role.tags().isEmpty() ? "" : tags(role.tags())) + "</Role>";
    }

    static String roleFields(Role role) {
        return new Xml().element("Path", role.path()).element("RoleName", role.name()).element("RoleId", role.roleId())
                .element("Arn", role.arn()).element("CreateDate", role.createDate())
                .element("AssumeRolePolicyDocument", urlEncode(role.assumeRolePolicyDocument()))
                .element("Description", role.description()).element("MaxSessionDuration", role.maxSessionDuration())
                .toString();
    }

    /** {@code <PermissionsBoundary>} of a user or role; nothing when it has none. */
    private static String boundary(String policyArn) {
        return policyArn == null ? "" : new Xml().open("PermissionsBoundary")
                .element("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
                .element("PermissionsBoundaryArn", policyArn).close("PermissionsBoundary").toString();
    }

    static String text(String text) {
        return new Xml().text(text).toString();
    }

    /** IAM returns policy documents URL-encoded (RFC 3986), as AWS does. */
    static String urlEncode(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }
}
