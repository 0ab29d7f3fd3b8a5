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
import io.stratus.iam.store.GroupStore;
import io.stratus.iam.store.Page;
import io.stratus.iam.store.PolicyStore;
import io.stratus.iam.store.RoleStore;
import io.stratus.iam.store.UserStore;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The IAM API actions: each authorises {@code iam:<Action>} on the entity's ARN through the policy
 * engine, then calls the store. A handler returns the inside of {@code <ActionResult>}, or null
 * for actions whose response has no result element. Every List* action and GetGroup page with
 * {@code Marker} / {@code MaxItems} ({@link io.stratus.iam.store.Page}).
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
            "GetRolePolicy", "DeleteRolePolicy", "ListRolePolicies", "PutUserPermissionsBoundary",
            "DeleteUserPermissionsBoundary", "PutRolePermissionsBoundary", "DeleteRolePermissionsBoundary");

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
        if (action.startsWith("List") || action.equals("GetGroup")) {
            return list(request, userName);
        }
        return change(request, caller, userName);
    }

    /** The actions that read or change one entity. */
    private String change(QueryRequest request, Caller caller, String userName) {
        UserStore users = store.users();
        GroupStore groups = store.groups();
        RoleStore roles = store.roles();
        PolicyStore policies = store.policies();
        switch (request.action()) {
            case "CreateUser" -> {
                return IamResponses.user(users.createUser(request.required("UserName"), request.optional("Path"),
                        request.tags(), request.optional("PermissionsBoundary")));
            }
            case "GetUser" -> {
                return IamResponses.user(users.user(userName));
            }
            case "DeleteUser" -> users.deleteUser(request.required("UserName"));
            case "TagUser" -> users.tagUser(request.required("UserName"), request.tags());
            case "UntagUser" -> users.untagUser(request.required("UserName"), request.list("TagKeys"));
            case "PutUserPermissionsBoundary" -> users.putUserPermissionsBoundary(request.required("UserName"),
                    request.required("PermissionsBoundary"));
            case "DeleteUserPermissionsBoundary" -> users.deleteUserPermissionsBoundary(request.required("UserName"));
            case "CreateAccessKey" -> {
                return IamResponses.accessKey(users.createAccessKey(userName));
            }
            case "UpdateAccessKey" -> users.updateAccessKey(keyOwner(request, caller), request.required("AccessKeyId"),
                    request.required("Status"));
            case "DeleteAccessKey" -> users.deleteAccessKey(keyOwner(request, caller), request.required("AccessKeyId"));
            case "PutUserPolicy" -> users.putUserPolicy(request.required("UserName"), request.required("PolicyName"),
                    request.required("PolicyDocument"));
            case "GetUserPolicy" -> {
                User user = users.user(request.required("UserName"));
                return IamResponses.inlinePolicy("UserName", user.name(), request.required("PolicyName"),
                        user.inlinePolicies(), "user");
            }
            case "DeleteUserPolicy" -> users.deleteUserPolicy(request.required("UserName"), request.required("PolicyName"));
            case "AttachUserPolicy" -> users.attachUserPolicy(request.required("UserName"), request.required("PolicyArn"));
            case "DetachUserPolicy" -> users.detachUserPolicy(request.required("UserName"), request.required("PolicyArn"));
            case "CreateGroup" -> {
                return IamResponses.group(groups.createGroup(request.required("GroupName"), request.optional("Path")));
            }
            case "DeleteGroup" -> groups.deleteGroup(request.required("GroupName"));
            case "AddUserToGroup" -> groups.addUserToGroup(request.required("GroupName"), request.required("UserName"));
            case "RemoveUserFromGroup" -> groups.removeUserFromGroup(request.required("GroupName"),
                    request.required("UserName"));
            case "PutGroupPolicy" -> groups.putGroupPolicy(request.required("GroupName"), request.required("PolicyName"),
                    request.required("PolicyDocument"));
            case "GetGroupPolicy" -> {
                Group group = groups.group(request.required("GroupName"));
                return IamResponses.inlinePolicy("GroupName", group.name(), request.required("PolicyName"),
                        group.inlinePolicies(), "group");
            }
            case "DeleteGroupPolicy" -> groups.deleteGroupPolicy(request.required("GroupName"),
                    request.required("PolicyName"));
            case "AttachGroupPolicy" -> groups.attachGroupPolicy(request.required("GroupName"),
                    request.required("PolicyArn"));
            case "DetachGroupPolicy" -> groups.detachGroupPolicy(request.required("GroupName"),
                    request.required("PolicyArn"));
            case "CreatePolicy" -> {
                return IamResponses.policy(policies.createPolicy(request.required("PolicyName"),
                        request.optional("Path"), request.required("PolicyDocument"), request.optional("Description")));
            }
            case "GetPolicy" -> {
                return IamResponses.policy(policies.policy(request.required("PolicyArn")));
            }
            case "DeletePolicy" -> policies.deletePolicy(request.required("PolicyArn"));
            case "CreatePolicyVersion" -> {
                PolicyVersion version = policies.createPolicyVersion(request.required("PolicyArn"),
                        request.required("PolicyDocument"), "true".equalsIgnoreCase(request.optional("SetAsDefault")));
                ManagedPolicy policy = policies.policy(request.required("PolicyArn"));
                return IamResponses.version(version, policy.defaultVersionId().equals(version.versionId()));
            }
            case "GetPolicyVersion" -> {
                ManagedPolicy policy = policies.policy(request.required("PolicyArn"));
                String id = request.required("VersionId");
                PolicyVersion version = policy.versions().stream().filter(v -> v.versionId().equals(id)).findFirst()
                        .orElseThrow(() -> IamError.NO_SUCH_ENTITY.exception("Policy " + policy.arn()
                                + " version " + id + " does not exist or is not attachable."));
                return IamResponses.version(version, policy.defaultVersionId().equals(id));
            }
            case "CreateRole" -> {
                return IamResponses.role(roles.createRole(request.required("RoleName"), request.optional("Path"),
                        request.required("AssumeRolePolicyDocument"), request.optional("Description"),
                        request.integer("MaxSessionDuration"), request.tags(), request.optional("PermissionsBoundary")));
            }
            case "GetRole" -> {
                return IamResponses.role(roles.role(request.required("RoleName")));
            }
            case "DeleteRole" -> roles.deleteRole(request.required("RoleName"));
            case "UpdateAssumeRolePolicy" -> roles.updateAssumeRolePolicy(request.required("RoleName"),
                    request.required("PolicyDocument"));
            case "PutRolePermissionsBoundary" -> roles.putRolePermissionsBoundary(request.required("RoleName"),
                    request.required("PermissionsBoundary"));
            case "DeleteRolePermissionsBoundary" -> roles.deleteRolePermissionsBoundary(request.required("RoleName"));
            case "PutRolePolicy" -> roles.putRolePolicy(request.required("RoleName"), request.required("PolicyName"),
                    request.required("PolicyDocument"));
            case "GetRolePolicy" -> {
                Role role = roles.role(request.required("RoleName"));
                return IamResponses.inlinePolicy("RoleName", role.name(), request.required("PolicyName"),
                        role.inlinePolicies(), "role");
            }
            case "DeleteRolePolicy" -> roles.deleteRolePolicy(request.required("RoleName"), request.required("PolicyName"));
            case "AttachRolePolicy" -> roles.attachRolePolicy(request.required("RoleName"), request.required("PolicyArn"));
            case "DetachRolePolicy" -> roles.detachRolePolicy(request.required("RoleName"), request.required("PolicyArn"));
            default -> throw IamError.INVALID_ACTION.exception("Could not find operation " + request.action()
                    + " for version 2010-05-08");
        }
        return null;
    }

    /** The List* actions and GetGroup: one page each, from {@code Marker}, at most {@code MaxItems}. */
    private String list(QueryRequest request, String userName) {
        String marker = request.marker();
        int max = request.maxItems();
        return switch (request.action()) {
            case "ListUsers" -> IamResponses.page("Users",
                    store.users().listUsers(request.optional("PathPrefix"), marker, max), IamResponses::userFields);
            case "ListUserTags" -> IamResponses.page("Tags", Page.of(List.copyOf(
                    store.users().user(request.required("UserName")).tags().entrySet()), Map.Entry::getKey, marker, max),
                    IamResponses::tag);
            case "ListAccessKeys" -> {
                store.users().user(userName);
                yield IamResponses.page("AccessKeyMetadata", Page.of(store.users().listAccessKeys(userName),
                        AccessKey::accessKeyId, marker, max), IamResponses::accessKeyMetadata);
            }
            case "ListUserPolicies" -> policyNames(store.users().user(request.required("UserName")).inlinePolicies(),
                    marker, max);
            case "ListAttachedUserPolicies" -> attached(store.users().user(request.required("UserName"))
                    .attachedPolicies(), marker, max);
            case "ListGroupsForUser" -> IamResponses.page("Groups", Page.of(store.users()
                    .user(request.required("UserName")).groups().stream()
                    .flatMap(g -> store.groups().findGroup(g).stream()).toList(), IamActions::groupKey, marker, max),
                    IamResponses::groupFields);
            case "GetGroup" -> IamResponses.group(store.groups().group(request.required("GroupName")))
                    + IamResponses.page("Users", Page.of(store.groups().groupMembers(request.required("GroupName")),
                    IamActions::userKey, marker, max), IamResponses::userFields);
            case "ListGroups" -> IamResponses.page("Groups",
                    store.groups().listGroups(request.optional("PathPrefix"), marker, max), IamResponses::groupFields);
            case "ListGroupPolicies" -> policyNames(store.groups().group(request.required("GroupName"))
                    .inlinePolicies(), marker, max);
            case "ListAttachedGroupPolicies" -> attached(store.groups().group(request.required("GroupName"))
                    .attachedPolicies(), marker, max);
            case "ListPolicies" -> IamResponses.page("Policies",
                    store.policies().listPolicies(request.optional("Scope"), marker, max), IamResponses::policyFields);
            case "ListRoles" -> IamResponses.page("Roles",
                    store.roles().listRoles(request.optional("PathPrefix"), marker, max), IamResponses::roleFields);
            case "ListRolePolicies" -> policyNames(store.roles().role(request.required("RoleName")).inlinePolicies(),
                    marker, max);
            case "ListAttachedRolePolicies" -> attached(store.roles().role(request.required("RoleName"))
                    .attachedPolicies(), marker, max);
            default -> throw IamError.INVALID_ACTION.exception("Could not find operation " + request.action()
                    + " for version 2010-05-08");
        };
    }

    private static String policyNames(Map<String, String> policies, String marker, int max) {
        return IamResponses.page("PolicyNames", Page.of(List.copyOf(policies.keySet()), name -> name, marker, max),
                IamResponses::text);
    }

    private String attached(List<String> arns, String marker, int max) {
        return IamResponses.page("AttachedPolicies", Page.of(arns, arn -> arn, marker, max),
                arn -> IamResponses.attachedPolicy(arn, store.policies().findPolicy(arn).map(ManagedPolicy::name)
                        .orElse(arn.substring(arn.lastIndexOf('/') + 1))));
    }

    /** Names sort case-insensitively, as the tables are keyed. */
    private static String userKey(User user) {
        return user.name().toLowerCase(Locale.ROOT);
    }

    private static String groupKey(Group group) {
        return group.name().toLowerCase(Locale.ROOT);
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
        return store.users().findAccessKey(request.required("AccessKeyId")).map(AccessKey::userName)
                .orElseThrow(() -> IamError.NO_SUCH_ENTITY.exception("The Access Key with id "
                        + request.required("AccessKeyId") + " cannot be found."));
    }

    private void authorize(QueryRequest request, Caller caller, String resourceArn) {
        String action = "iam:" + request.action();
        Map<String, Object> context = request.context();
        String boundary = request.optional("PermissionsBoundary");
        if (boundary != null) {
            // lets administrators require a boundary on the users and roles others create
            context = new HashMap<>(context);
            context.put("iam:PermissionsBoundary", boundary);
        }
        var decision = authorizer.decide(request.credential(), action, resourceArn, context);
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
            return store.roles().findRole(request.optional("RoleName")).map(Role::arn)
                    .orElse(account + "role" + path(request) + request.optional("RoleName"));
        }
        if (request.optional("GroupName") != null) {
            return store.groups().findGroup(request.optional("GroupName")).map(Group::arn)
                    .orElse(account + "group" + path(request) + request.optional("GroupName"));
        }
        if (userName != null) {
            return store.users().findUser(userName).map(User::arn).orElse(account + "user" + path(request) + userName);
        }
        return "*";
    }

    private static String path(QueryRequest request) {
        return request.optional("Path") == null ? "/" : request.optional("Path");
    }
}
