package io.stratus.iam.store;

import static io.stratus.iam.store.IamTables.GROUPS;
import static io.stratus.iam.store.IamTables.lower;
import static io.stratus.iam.store.IamTables.noSuchEntity;
import static java.util.Objects.requireNonNull;

import io.stratus.iam.IamError;
import io.stratus.iam.store.Records.Group;
import io.stratus.iam.store.Records.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * IAM groups, their policies and memberships. A membership is stored on the user record (the
 * group names it belongs to), since authorising a user reads it on every request.
 */
public final class GroupStore {
    private final IamTables tables;
    private final UserStore users;
    private final PolicyStore policies;

    GroupStore(IamTables tables, UserStore users, PolicyStore policies) {
        this.tables = requireNonNull(tables, "tables is null");
        this.users = requireNonNull(users, "users is null");
        this.policies = requireNonNull(policies, "policies is null");
    }

    public Group createGroup(String name, String path) {
        IamTables.validateName("groupName", name, 128);
        String groupPath = IamTables.validatePath(path);
        return tables.locked(() -> {
            if (findGroup(name).isPresent()) {
                throw IamError.ENTITY_ALREADY_EXISTS.exception("Group with name " + name + " already exists.");
            }
            Group group = new Group(name, tables.randomId("AGPA", 17), tables.arn("group", groupPath, name), groupPath,
                    tables.now(), Map.of(), List.of());
            put(group);
            return group;
        });
    }

    public Optional<Group> findGroup(String name) {
        return name == null ? Optional.empty() : tables.get(GROUPS, lower(name), Group.class);
    }

    public Group group(String name) {
        return findGroup(name).orElseThrow(() -> noSuchEntity("The group with name " + name + " cannot be found."));
    }

    public Page<Group> listGroups(String pathPrefix, String marker, int maxItems) {
        return tables.page(GROUPS, Group.class, g -> pathPrefix == null || g.path().startsWith(pathPrefix), marker,
                maxItems);
    }

    /** The users in a group, in name order (a scan of the users: memberships live on the user records). */
    public List<User> groupMembers(String groupName) {
        Group group = group(groupName);
        return users.listUsers().stream().filter(u -> u.groups().contains(group.name())).toList();
    }

    public void deleteGroup(String name) {
        tables.locked(() -> {
            Group group = group(name);
            if (!groupMembers(name).isEmpty() || !group.inlinePolicies().isEmpty() || !group.attachedPolicies().isEmpty()) {
                throw IamError.DELETE_CONFLICT.exception("Cannot delete entity, must remove users and policies first.");
            }
            tables.delete(GROUPS, lower(name));
        });
    }

    public void addUserToGroup(String groupName, String userName) {
        tables.locked(() -> {
            Group group = group(groupName);
            User user = users.user(userName);
            if (!user.groups().contains(group.name())) {
                List<String> groups = new ArrayList<>(user.groups());
                groups.add(group.name());
                users.put(user.withGroups(groups));
            }
        });
    }

    public void removeUserFromGroup(String groupName, String userName) {
        tables.locked(() -> {
            Group group = group(groupName);
            User user = users.user(userName);
            if (!user.groups().contains(group.name())) {
                throw noSuchEntity("User " + userName + " is not in group " + groupName + ".");
            }
            List<String> groups = new ArrayList<>(user.groups());
            groups.remove(group.name());
            users.put(user.withGroups(groups));
        });
    }

    public void putGroupPolicy(String groupName, String policyName, String document) {
        tables.locked(() -> {
            Group group = group(groupName);
            put(group.withInlinePolicies(IamTables.withInlinePolicy(group.inlinePolicies(), policyName, document)));
        });
    }

    public void deleteGroupPolicy(String groupName, String policyName) {
        tables.locked(() -> {
            Group group = group(groupName);
            put(group.withInlinePolicies(IamTables.withoutInlinePolicy(group.inlinePolicies(), policyName, "group")));
        });
    }

    public void attachGroupPolicy(String groupName, String policyArn) {
        tables.locked(() -> {
            Group group = group(groupName);
            List<String> attached = policies.attach(group.attachedPolicies(), policyArn);
            if (attached != group.attachedPolicies()) {
                put(group.withAttachedPolicies(attached));
            }
        });
    }

    public void detachGroupPolicy(String groupName, String policyArn) {
        tables.locked(() -> {
            Group group = group(groupName);
            put(group.withAttachedPolicies(policies.detach(group.attachedPolicies(), policyArn)));
        });
    }

    private void put(Group group) {
        tables.put(GROUPS, lower(group.name()), group);
    }
}
