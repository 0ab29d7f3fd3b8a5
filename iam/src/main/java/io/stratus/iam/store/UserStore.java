package io.stratus.iam.store;

import static io.stratus.iam.store.IamTables.ACCESS_KEYS;
import static io.stratus.iam.store.IamTables.USERS;
import static io.stratus.iam.store.IamTables.lower;
import static io.stratus.iam.store.IamTables.noSuchEntity;
import static java.util.Objects.requireNonNull;

import io.stratus.iam.IamError;
import io.stratus.iam.store.Records.AccessKey;
import io.stratus.iam.store.Records.User;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** IAM users and what hangs off them: access keys, tags, inline and attached policies, the permissions boundary. */
public final class UserStore {
    private static final int MAX_KEYS_PER_USER = 2;
    private static final int MAX_TAGS = 50;

    private final IamTables tables;
    private final PolicyStore policies;

    UserStore(IamTables tables, PolicyStore policies) {
        this.tables = requireNonNull(tables, "tables is null");
        this.policies = requireNonNull(policies, "policies is null");
    }

    /** @param permissionsBoundary a managed policy ARN, or null for none */
    public User createUser(String name, String path, Map<String, String> tags, String permissionsBoundary) {
        IamTables.validateName("userName", name, 64);
        String userPath = IamTables.validatePath(path);
        return tables.locked(() -> {
            if (findUser(name).isPresent()) {
                throw IamError.ENTITY_ALREADY_EXISTS.exception("User with name " + name + " already exists.");
            }
            policies.replaceBoundary(null, permissionsBoundary);
            User user = new User(name, tables.randomId("AIDA", 17), tables.arn("user", userPath, name), userPath,
                    tables.now(), tags, Map.of(), List.of(), List.of(), permissionsBoundary);
            put(user);
            return user;
        });
    }

    public Optional<User> findUser(String name) {
        return name == null ? Optional.empty() : tables.get(USERS, lower(name), User.class);
    }

    public User user(String name) {
        return findUser(name).orElseThrow(() -> noSuchEntity("The user with name " + name + " cannot be found."));
    }

    /** Every user, in name order (case-insensitive). */
    public List<User> listUsers() {
        return tables.list(USERS, User.class);
    }

    public Page<User> listUsers(String pathPrefix, String marker, int maxItems) {
        return tables.page(USERS, User.class, u -> pathPrefix == null || u.path().startsWith(pathPrefix), marker,
                maxItems);
    }

    public void deleteUser(String name) {
        tables.locked(() -> {
            User user = user(name);
            if (!listAccessKeys(name).isEmpty() || !user.inlinePolicies().isEmpty()
                    || !user.attachedPolicies().isEmpty() || !user.groups().isEmpty()) {
                throw IamError.DELETE_CONFLICT.exception(
                        "Cannot delete entity, must delete access keys, policies and group memberships first.");
            }
            policies.replaceBoundary(user.permissionsBoundary(), null);
            tables.delete(USERS, lower(name));
        });
    }

    public void tagUser(String name, Map<String, String> tags) {
        tables.locked(() -> {
            User user = user(name);
            Map<String, String> merged = new LinkedHashMap<>(user.tags());
            merged.putAll(tags);
            if (merged.size() > MAX_TAGS) {
                throw IamError.LIMIT_EXCEEDED.exception("Cannot exceed quota for TagsPerUser: " + MAX_TAGS);
            }
            put(user.withTags(merged));
        });
    }

    public void untagUser(String name, List<String> keys) {
        tables.locked(() -> {
            User user = user(name);
            Map<String, String> remaining = new LinkedHashMap<>(user.tags());
            keys.forEach(remaining::remove);
            put(user.withTags(remaining));
        });
    }

    // ---- access keys -------------------------------------------------------------------------

    public AccessKey createAccessKey(String userName) {
        return tables.locked(() -> {
            User user = user(userName);
            if (listAccessKeys(userName).size() >= MAX_KEYS_PER_USER) {
                throw IamError.LIMIT_EXCEEDED.exception("Cannot exceed quota for AccessKeysPerUser: " + MAX_KEYS_PER_USER);
            }
            AccessKey key = new AccessKey(tables.randomId("AKIA", 16), tables.randomSecret(), user.name(), "Active",
                    tables.now());
            tables.put(ACCESS_KEYS, key.accessKeyId(), key);
            return key;
        });
    }

    public Optional<AccessKey> findAccessKey(String accessKeyId) {
        return tables.get(ACCESS_KEYS, accessKeyId, AccessKey.class);
    }

    public List<AccessKey> listAccessKeys(String userName) {
        return tables.list(ACCESS_KEYS, AccessKey.class).stream()
                .filter(k -> k.userName().equalsIgnoreCase(userName)).toList();
    }

    public void updateAccessKey(String userName, String accessKeyId, String status) {
        if (!"Active".equals(status) && !"Inactive".equals(status)) {
            throw IamError.VALIDATION_ERROR.exception("Value '" + status
                    + "' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]");
        }
        tables.locked(() -> tables.put(ACCESS_KEYS, accessKeyId, ownedKey(userName, accessKeyId).withStatus(status)));
    }

    public void deleteAccessKey(String userName, String accessKeyId) {
        tables.locked(() -> {
            ownedKey(userName, accessKeyId);
            tables.delete(ACCESS_KEYS, accessKeyId);
        });
    }

    private AccessKey ownedKey(String userName, String accessKeyId) {
        user(userName);
        return findAccessKey(accessKeyId).filter(k -> k.userName().equalsIgnoreCase(userName))
                .orElseThrow(() -> noSuchEntity("The Access Key with id " + accessKeyId + " cannot be found."));
    }

    // ---- policies ----------------------------------------------------------------------------

    public void putUserPolicy(String userName, String policyName, String document) {
        tables.locked(() -> {
            User user = user(userName);
            put(user.withInlinePolicies(IamTables.withInlinePolicy(user.inlinePolicies(), policyName, document)));
        });
    }

    public void deleteUserPolicy(String userName, String policyName) {
        tables.locked(() -> {
            User user = user(userName);
            put(user.withInlinePolicies(IamTables.withoutInlinePolicy(user.inlinePolicies(), policyName, "user")));
        });
    }

    public void attachUserPolicy(String userName, String policyArn) {
        tables.locked(() -> {
            User user = user(userName);
            List<String> attached = policies.attach(user.attachedPolicies(), policyArn);
            if (attached != user.attachedPolicies()) {
                put(user.withAttachedPolicies(attached));
            }
        });
    }

    public void detachUserPolicy(String userName, String policyArn) {
        tables.locked(() -> {
            User user = user(userName);
            put(user.withAttachedPolicies(policies.detach(user.attachedPolicies(), policyArn)));
        });
    }

    /** Sets (replaces) the managed policy that bounds the user's permissions. */
    public void putUserPermissionsBoundary(String userName, String policyArn) {
        requireNonNull(policyArn, "policyArn is null");
        tables.locked(() -> {
            User user = user(userName);
            policies.replaceBoundary(user.permissionsBoundary(), policyArn);
            put(user.withPermissionsBoundary(policyArn));
        });
    }

    /** Removes the user's permissions boundary; a user without one is left as it is. */
    public void deleteUserPermissionsBoundary(String userName) {
        tables.locked(() -> {
            User user = user(userName);
            if (user.permissionsBoundary() != null) {
                policies.replaceBoundary(user.permissionsBoundary(), null);
                put(user.withPermissionsBoundary(null));
            }
        });
    }

    /** Writes a changed user record; the group store uses it for memberships. Caller holds the lock. */
    void put(User user) {
        tables.put(USERS, lower(user.name()), user);
    }
}
