package io.stratus.iam.query;

import static java.util.Objects.requireNonNull;

import io.stratus.iam.Caller;
import io.stratus.iam.IamAuthorizer;
import io.stratus.iam.IamError;
import io.stratus.iam.store.IamStore;
import io.stratus.iam.store.Records.AccessKey;
import io.stratus.iam.store.Records.Group;
import io.stratus.iam.store.Records.ManagedPolicy;
import io.stratus.iam.store.Records.PolicyVersion;
import io.stratus.iam.store.Records.Role;
import io.stratus.iam.store.Records.User;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The IAM API actions: each authorises {@code iam:<Action>} on the entity's ARN through the policy
 * engine, then calls the store. A handler returns the inside of {@code <ActionResult>}, or null
 * for actions whose response has no result element.
 */
final class IamActions {
    static final Set<String> ACTIONS = Set.of("CreateUser", "GetUser", "ListUsers", "DeleteUser", "TagUser",
            "UntagUser", "ListUserTags", "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey",
            "PutUserPolicy", "GetUserPolicy", "DeleteUserPolicy", "ListUserPolicies", "CreateGroup", "GetGroup",
            "ListGroups", "DeleteGroup", "AddUserToGroup", "RemoveUserFromGroup", "ListGroupsForUser",
            "PutGroupPolicy", "GetGroupPolicy", "DeleteGroupPolicy", "ListGroupPolicies", "CreatePolicy", "GetPolicy",
            "DeletePolicy", "ListPolicies", "CreatePolicyVersion", "GetPolicyVersion", "AttachUserPolicy",
            "DetachUserPolicy", "ListAttachedUserPolicies", "AttachGroupPolicy", "DetachGroupPolicy",
            "ListAttachedGroupPolicies", "AttachRolePolicy", "DetachRolePolicy", "ListAttachedRolePolicies",
            "CreateRole", "GetRole", "ListRoles", "DeleteRole", "UpdateAssumeRolePolicy", "PutRolePolicy",
            "GetRolePolicy", "DeleteRolePolicy", "ListRolePolicies");

    private final IamStore store;
    private final IamAuthorizer authorizer;

    IamActions(IamStore store, IamAuthorizer authorizer) {
        this.store = requireNonNull(store, "store is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
    }

    String handle(QueryRequest request) {
        if (request.credential() == null) {
            throw IamError.MISSING_AUTHENTICATION_TOKEN.exception("Request is missing Authentication Token");
        }
        Caller caller = authorizer.resolve(request.credential());
        String action = request.action();
        // GetUser without a name and ListAccessKeys without one act on the caller itself
        String userName = request.optional("UserName");
        if (userName == null && (action.equals("GetUser") || action.equals("ListAccessKeys")
                || action.equals("CreateAccessKey"))) {
            if (caller.type() != Caller.Type.USER) {
                if (action.equals("GetUser") && caller.type() == Caller.Type.ROOT) {
                    return new Xml().open("User").element("UserId", store.accountId()).element("Arn", caller.arn())
                            .element("CreateDate", "2020-01-01T00:00:00Z").close("User").toString();
                }
                throw IamError.VALIDATION_ERROR.exception("Must specify userName when calling with non-User credentials");
            }
            userName = caller.keys().get("aws:username").get(0);
        }
        authorize(request, caller, resourceArn(request, userName));
        return switch (action) {
            case "CreateUser" -> userXml(store.createUser(request.required("UserName"), request.optional("Path"),
                    request.tags()));
            case "GetUser" -> userXml(store.user(userName));
            case "ListUsers" -> members("Users", store.listUsers(request.optional("PathPrefix")).stream()
                    .map(IamActions::userFields).toList());
            case "DeleteUser" -> {
                store.deleteUser(request.required("UserName"));
                yield null;
            }
            case "TagUser" -> {
                store.tagUser(request.required("UserName"), request.tags());
                yield null;
            }
            case "UntagUser" -> {
                store.untagUser(request.required("UserName"), request.list("TagKeys"));
                yield null;
            }
            case "ListUserTags" -> tagsXml(store.user(request.required("UserName")).tags())
                    + "<IsTruncated>false</IsTruncated>";
            case "CreateAccessKey" -> accessKeyXml(store.createAccessKey(userName));
            case "ListAccessKeys" -> {
                store.user(userName);
                yield members("AccessKeyMetadata", store.listAccessKeys(userName).stream()
                        .map(k -> new Xml().element("UserName", k.userName()).element("AccessKeyId", k.accessKeyId())
                                .element("Status", k.status()).element("CreateDate", k.createDate()).toString())
                        .toList());
            }
            case "UpdateAccessKey" -> {
                store.updateAccessKey(keyOwner(request, caller), request.required("AccessKeyId"), request.required("Status"));
                yield null;
            }
            case "DeleteAccessKey" -> {
                store.deleteAccessKey(keyOwner(request, caller), request.required("AccessKeyId"));
                yield null;
            }
            case "PutUserPolicy" -> {
                store.putUserPolicy(request.required("UserName"), request.required("PolicyName"),
                        request.required("PolicyDocument"));
                yield null;
            }
            case "GetUserPolicy" -> inlinePolicyXml("UserName", store.user(request.required("UserName")).name(),
                    request.required("PolicyName"), store.user(request.required("UserName")).inlinePolicies(), "user");
            case "DeleteUserPolicy" -> {
                store.deleteUserPolicy(request.required("UserName"), request.required("PolicyName"));
                yield null;
            }
            case "ListUserPolicies" -> policyNames(store.user(request.required("UserName")).inlinePolicies());
            case "CreateGroup" -> groupXml(store.createGroup(request.required("GroupName"), request.optional("Path")));
            case "GetGroup" -> groupXml(store.group(request.required("GroupName")))
                    + members("Users", store.groupMembers(request.required("GroupName")).stream()
                    .map(IamActions::userFields).toList());
            case "ListGroups" -> members("Groups", store.listGroups(request.optional("PathPrefix")).stream()
                    .map(IamActions::groupFields).toList());
            case "ListGroupsForUser" -> members("Groups", store.user(request.required("UserName")).groups().stream()
                    .flatMap(g -> store.findGroup(g).stream()).map(IamActions::groupFields).toList());
            case "DeleteGroup" -> {
                store.deleteGroup(request.required("GroupName"));
                yield null;
            }
            case "AddUserToGroup" -> {
                store.addUserToGroup(request.required("GroupName"), request.required("UserName"));
                yield null;
            }
            case "RemoveUserFromGroup" -> {
                store.removeUserFromGroup(request.required("GroupName"), request.required("UserName"));
                yield null;
            }
            case "PutGroupPolicy" -> {
                store.putGroupPolicy(request.required("GroupName"), request.required("PolicyName"),
                        request.required("PolicyDocument"));
                yield null;
            }
            case "GetGroupPolicy" -> inlinePolicyXml("GroupName", store.group(request.required("GroupName")).name(),
                    request.required("PolicyName"), store.group(request.required("GroupName")).inlinePolicies(), "group");
            case "DeleteGroupPolicy" -> {
                store.deleteGroupPolicy(request.required("GroupName"), request.required("PolicyName"));
                yield null;
            }
            case "ListGroupPolicies" -> policyNames(store.group(request.required("GroupName")).inlinePolicies());
            case "CreatePolicy" -> policyXml(store.createPolicy(request.required("PolicyName"), request.optional("Path"),
                    request.required("PolicyDocument"), request.optional("Description")));
            case "GetPolicy" -> policyXml(store.policy(request.required("PolicyArn")));
            case "DeletePolicy" -> {
                store.deletePolicy(request.required("PolicyArn"));
                yield null;
            }
            case "ListPolicies" -> members("Policies", store.listPolicies(request.optional("Scope")).stream()
                    .map(IamActions::policyFields).toList());
            case "CreatePolicyVersion" -> {
                PolicyVersion version = store.createPolicyVersion(request.required("PolicyArn"),
                        request.required("PolicyDocument"), "true".equalsIgnoreCase(request.optional("SetAsDefault")));
                ManagedPolicy policy = store.policy(request.required("PolicyArn"));
                yield versionXml(version, policy.defaultVersionId().equals(version.versionId()));
            }
            case "GetPolicyVersion" -> {
                ManagedPolicy policy = store.policy(request.required("PolicyArn"));
                String id = request.required("VersionId");
                PolicyVersion version = policy.versions().stream().filter(v -> v.versionId().equals(id)).findFirst()
                        .orElseThrow(() -> IamError.NO_SUCH_ENTITY.exception("Policy " + policy.arn()
                                + " version " + id + " does not exist or is not attachable."));
                yield versionXml(version, policy.defaultVersionId().equals(id));
            }
            case "AttachUserPolicy" -> {
                store.attachUserPolicy(request.required("UserName"), request.required("PolicyArn"));
                yield null;
            }
            case "DetachUserPolicy" -> {
                store.detachUserPolicy(request.required("UserName"), request.required("PolicyArn"));
                yield null;
            }
            case "ListAttachedUserPolicies" -> attachedXml(store.user(request.required("UserName")).attachedPolicies());
            case "AttachGroupPolicy" -> {
                store.attachGroupPolicy(request.required("GroupName"), request.required("PolicyArn"));
                yield null;
            }
            case "DetachGroupPolicy" -> {
                store.detachGroupPolicy(request.required("GroupName"), request.required("PolicyArn"));
                yield null;
            }
            case "ListAttachedGroupPolicies" -> attachedXml(store.group(request.required("GroupName")).attachedPolicies());
            case "AttachRolePolicy" -> {
                store.attachRolePolicy(request.required("RoleName"), request.required("PolicyArn"));
                yield null;
            }
            case "DetachRolePolicy" -> {
                store.detachRolePolicy(request.required("RoleName"), request.required("PolicyArn"));
                yield null;
            }
            case "ListAttachedRolePolicies" -> attachedXml(store.role(request.required("RoleName")).attachedPolicies());
            case "CreateRole" -> roleXml(store.createRole(request.required("RoleName"), request.optional("Path"),
                    request.required("AssumeRolePolicyDocument"), request.optional("Description"),
                    request.integer("MaxSessionDuration"), request.tags()));
            case "GetRole" -> roleXml(store.role(request.required("RoleName")));
            case "ListRoles" -> members("Roles", store.listRoles(request.optional("PathPrefix")).stream()
                    .map(IamActions::roleFields).toList());
            case "DeleteRole" -> {
                store.deleteRole(request.required("RoleName"));
                yield null;
            }
            case "UpdateAssumeRolePolicy" -> {
                store.updateAssumeRolePolicy(request.required("RoleName"), request.required("PolicyDocument"));
                yield null;
            }
            case "PutRolePolicy" -> {
                store.putRolePolicy(request.required("RoleName"), request.required("PolicyName"),
                        request.required("PolicyDocument"));
                yield null;
            }
            case "GetRolePolicy" -> inlinePolicyXml("RoleName", store.role(request.required("RoleName")).name(),
                    request.required("PolicyName"), store.role(request.required("RoleName")).inlinePolicies(), "role");
            case "DeleteRolePolicy" -> {
                store.deleteRolePolicy(request.required("RoleName"), request.required("PolicyName"));
                yield null;
            }
            case "ListRolePolicies" -> policyNames(store.role(request.required("RoleName")).inlinePolicies());
            default -> throw IamError.INVALID_ACTION.exception("Could not find operation " + action + " for version 2010-05-08");
        };
    }

    /** The user whose key is changed: the named one, or the caller itself. */
    private String keyOwner(QueryRequest request, Caller caller) {
        String name = request.optional("UserName");
        if (name != null) {
            return name;
        }
        if (caller.type() == Caller.Type.USER) {
            return caller.keys().get("aws:username").get(0);
        }
        return store.findAccessKey(request.required("AccessKeyId")).map(AccessKey::userName)
                .orElseThrow(() -> IamError.NO_SUCH_ENTITY.exception("The Access Key with id "
                        + request.required("AccessKeyId") + " cannot be found."));
    }

    private void authorize(QueryRequest request, Caller caller, String resourceArn) {
        String action = "iam:" + request.action();
        var decision = authorizer.decide(request.credential(), action, resourceArn, request.context());
        if (!decision.allowed()) {
            throw IamError.ACCESS_DENIED.exception("User: " + caller.arn() + " is not authorized to perform: " + action
                    + " on resource: " + resourceArn + " because " + decision.reason());
        }
    }

    /** The ARN an action is authorised on, as IAM documents it for each action. */
    private String resourceArn(QueryRequest request, String userName) {
        String account = "arn:aws:iam::" + store.accountId() + ":";
        if (request.optional("PolicyArn") != null && !request.action().startsWith("Attach")
                && !request.action().startsWith("Detach")) {
            return request.optional("PolicyArn");
        }
        if (request.action().equals("CreatePolicy")) {
            return account + "policy" + path(request) + request.required("PolicyName");
        }
        if (request.optional("RoleName") != null) {
            return store.findRole(request.optional("RoleName")).map(Role::arn)
                    .orElse(account + "role" + path(request) + request.optional("RoleName"));
        }
        if (request.optional("GroupName") != null) {
            return store.findGroup(request.optional("GroupName")).map(Group::arn)
                    .orElse(account + "group" + path(request) + request.optional("GroupName"));
        }
        if (userName != null) {
            return store.findUser(userName).map(User::arn).orElse(account + "user" + path(request) + userName);
        }
        return "*";
    }

    private static String path(QueryRequest request) {
        return request.optional("Path") == null ? "/" : request.optional("Path");
    }

    private static String members(String list, List<String> items) {
        Xml xml = new Xml().open(list);
        StringBuilder out = new StringBuilder(xml.toString());
        for (String item : items) {
            out.append("<member>").append(item).append("</member>");
        }
        return out.append("</").append(list).append("><IsTruncated>false</IsTruncated>").toString();
    }

    private static String userXml(User user) {
        return "<User>" + userFields(user) + (user.tags().isEmpty() ? "" : tagsXml(user.tags())) + "</User>";
    }

    private static String userFields(User user) {
        return new Xml().element("Path", user.path()).element("UserName", user.name()).element("UserId", user.userId())
                .element("Arn", user.arn()).element("CreateDate", user.createDate()).toString();
    }

    private static String tagsXml(Map<String, String> tags) {
        StringBuilder out = new StringBuilder("<Tags>");
        tags.forEach((k, v) -> out.append("<member>").append(new Xml().element("Key", k).element("Value", v))
                .append("</member>"));
        return out.append("</Tags>").toString();
    }

    private static String accessKeyXml(AccessKey key) {
        return new Xml().open("AccessKey").element("UserName", key.userName()).element("AccessKeyId", key.accessKeyId())
                .element("Status", key.status()).element("SecretAccessKey", key.secretAccessKey())
                .element("CreateDate", key.createDate()).close("AccessKey").toString();
    }

    private static String inlinePolicyXml(String ownerField, String owner, String policyName,
            Map<String, String> policies, String kind) {
        String document = policies.get(policyName);
        if (document == null) {
            throw IamError.NO_SUCH_ENTITY.exception("The " + kind + " policy with name " + policyName
                    + " cannot be found.");
        }
        return new Xml().element(ownerField, owner).element("PolicyName", policyName)
                .element("PolicyDocument", urlEncode(document)).toString();
    }

    private static String policyNames(Map<String, String> policies) {
        return members("PolicyNames", policies.keySet().stream().map(IamActions::escapeText).toList());
    }

    private static String groupXml(Group group) {
        return "<Group>" + groupFields(group) + "</Group>";
    }

    private static String groupFields(Group group) {
        return new Xml().element("Path", group.path()).element("GroupName", group.name())
                .element("GroupId", group.groupId()).element("Arn", group.arn())
                .element("CreateDate", group.createDate()).toString();
    }

    private static String policyXml(ManagedPolicy policy) {
        return "<Policy>" + policyFields(policy) + "</Policy>";
    }

    private static String policyFields(ManagedPolicy policy) {
        return new Xml().element("PolicyName", policy.name()).element("PolicyId", policy.policyId())
                .element("Arn", policy.arn()).element("Path", policy.path())
                .element("DefaultVersionId", policy.defaultVersionId())
                .element("AttachmentCount", policy.attachmentCount()).element("IsAttachable", true)
                .element("Description", policy.description()).element("CreateDate", policy.createDate())
                .element("UpdateDate", policy.updateDate()).toString();
    }

    private static String versionXml(PolicyVersion version, boolean isDefault) {
        return new Xml().open("PolicyVersion").element("Document", urlEncode(version.document()))
                .element("VersionId", version.versionId()).element("IsDefaultVersion", isDefault)
                .element("CreateDate", version.createDate()).close("PolicyVersion").toString();
    }

    private String attachedXml(List<String> arns) {
        return members("AttachedPolicies", arns.stream().map(arn -> new Xml()
                .element("PolicyName", store.findPolicy(arn).map(ManagedPolicy::name)
                        .orElse(arn.substring(arn.lastIndexOf('/') + 1)))
                .element("PolicyArn", arn).toString()).toList());
    }

    private static String roleXml(Role role) {
        return "<Role>" + roleFields(role) + (role.tags().isEmpty() ? "" : tagsXml(role.tags())) + "</Role>";
    }

    private static String roleFields(Role role) {
        return new Xml().element("Path", role.path()).element("RoleName", role.name()).element("RoleId", role.roleId())
                .element("Arn", role.arn()).element("CreateDate", role.createDate())
                .element("AssumeRolePolicyDocument", urlEncode(role.assumeRolePolicyDocument()))
                .element("Description", role.description()).element("MaxSessionDuration", role.maxSessionDuration())
                .toString();
    }

    private static String escapeText(String text) {
        return new Xml().element("x", text).toString().replaceAll("^<x>|</x>$", "");
    }

    /** IAM returns policy documents URL-encoded (RFC 3986), as AWS does. */
    static String urlEncode(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }
}
