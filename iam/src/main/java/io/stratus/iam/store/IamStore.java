package io.stratus.iam.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.iam.IamError;
import io.stratus.iam.policy.PolicyParser;
import io.stratus.iam.store.Records.AccessKey;
import io.stratus.iam.store.Records.Group;
import io.stratus.iam.store.Records.ManagedPolicy;
import io.stratus.iam.store.Records.PolicyVersion;
import io.stratus.iam.store.Records.Role;
import io.stratus.iam.store.Records.User;
import io.stratus.kv.ColumnFamily;
import io.stratus.kv.KvBatch;
import io.stratus.kv.KvCursor;
import io.stratus.kv.KvStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * IAM entities, bucket policies and live STS sessions in their own RocksDB under {@code <data-dir>/iam}.
 *
 * <p>Key layouts (one column family each; values are a format version byte + JSON):
 * <pre>
 *   users:            lower(userName)   -> User
 *   access_keys:      accessKeyId       -> AccessKey
 *   groups:           lower(groupName)  -> Group
 *   roles:            lower(roleName)   -> Role
 *   policies:         policyArn         -> ManagedPolicy
 *   bucket_policies:  bucketName        -> policy JSON (UTF-8, validated on write)
 *   sts_sessions:     accessKeyId       -> expiry epoch seconds (8 bytes) + sealed session token
 * </pre>
 * Reads take no lock; read-modify-write changes are serialised by one lock (IAM writes are rare).
 */
public final class IamStore implements AutoCloseable {
    private static final byte FORMAT = 1;
    private static final ColumnFamily USERS = new ColumnFamily("users", true);
    private static final ColumnFamily ACCESS_KEYS = new ColumnFamily("access_keys", true);
    private static final ColumnFamily GROUPS = new ColumnFamily("groups", true);
    private static final ColumnFamily ROLES = new ColumnFamily("roles", true);
    private static final ColumnFamily POLICIES = new ColumnFamily("policies", true);
    private static final ColumnFamily BUCKET_POLICIES = new ColumnFamily("bucket_policies", true);
    private static final ColumnFamily STS_SESSIONS = new ColumnFamily("sts_sessions", true);
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    private static final Pattern PATH = Pattern.compile("/|/[\\u0021-\\u007E]*/");
    private static final int MAX_KEYS_PER_USER = 2;
    private static final int MAX_POLICY_VERSIONS = 5;
    private static final int MAX_ATTACHED_POLICIES = 10;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final KvStore kv;
    private final String accountId;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final ReentrantLock writeLock = new ReentrantLock();

    public IamStore(Path directory, String accountId, Clock clock) {
        this.kv = KvStore.open(requireNonNull(directory, "directory is null"),
                List.of(USERS, ACCESS_KEYS, GROUPS, ROLES, POLICIES, BUCKET_POLICIES, STS_SESSIONS));
        this.accountId = requireNonNull(accountId, "accountId is null");
        this.clock = requireNonNull(clock, "clock is null");
        sweepExpiredSessions();
    }

    public String accountId() {
        return accountId;
    }

    // ---- users -------------------------------------------------------------------------------

    public User createUser(String name, String path, Map<String, String> tags) {
        validateName("userName", name, 64);
        String userPath = validatePath(path);
        return locked(() -> {
            if (findUser(name).isPresent()) {
                throw IamError.ENTITY_ALREADY_EXISTS.exception("User with name " + name + " already exists.");
            }
            User user = new User(name, "AIDA" + randomId(17), arn("user", userPath, name), userPath, now(), tags,
                    Map.of(), List.of(), List.of(), null);
            put(USERS, lower(name), user);
            return user;
        });
    }

    public Optional<User> findUser(String name) {
        return name == null ? Optional.empty() : get(USERS, lower(name), User.class);
    }

    public User user(String name) {
        return findUser(name).orElseThrow(() -> noSuchEntity("The user with name " + name + " cannot be found."));
    }

    public List<User> listUsers(String pathPrefix) {
        return list(USERS, User.class).stream()
                .filter(u -> pathPrefix == null || u.path().startsWith(pathPrefix)).toList();
    }

    public void deleteUser(String name) {
        locked(() -> {
            User user = user(name);
            if (!listAccessKeys(name).isEmpty() || !user.inlinePolicies().isEmpty()
                    || !user.attachedPolicies().isEmpty() || !user.groups().isEmpty()) {
                throw IamError.DELETE_CONFLICT.exception(
                        "Cannot delete entity, must delete access keys, policies and group memberships first.");
            }
            delete(USERS, lower(name));
            return null;
        });
    }

    public void tagUser(String name, Map<String, String> tags) {
        locked(() -> {
            User user = user(name);
            Map<String, String> merged = new LinkedHashMap<>(user.tags());
            merged.putAll(tags);
            if (merged.size() > 50) {
                throw IamError.LIMIT_EXCEEDED.exception("Cannot exceed quota for TagsPerUser: 50");
            }
            put(USERS, lower(name), user.withTags(merged));
            return null;
        });
    }

    public void untagUser(String name, List<String> keys) {
        locked(() -> {
            User user = user(name);
            Map<String, String> remaining = new LinkedHashMap<>(user.tags());
            keys.forEach(remaining::remove);
            put(USERS, lower(name), user.withTags(remaining));
            return null;
        });
    }

    // ---- access keys -------------------------------------------------------------------------

    public AccessKey createAccessKey(String userName) {
        return locked(() -> {
            user(userName);
            if (listAccessKeys(userName).size() >= MAX_KEYS_PER_USER) {
                throw IamError.LIMIT_EXCEEDED.exception("Cannot exceed quota for AccessKeysPerUser: " + MAX_KEYS_PER_USER);
            }
            AccessKey key = new AccessKey("AKIA" + randomId(16), randomSecret(), user(userName).name(), "Active", now());
            put(ACCESS_KEYS, key.accessKeyId(), key);
            return key;
        });
    }

    public Optional<AccessKey> findAccessKey(String accessKeyId) {
        return get(ACCESS_KEYS, accessKeyId, AccessKey.class);
    }

    public List<AccessKey> listAccessKeys(String userName) {
        return list(ACCESS_KEYS, AccessKey.class).stream().filter(k -> k.userName().equalsIgnoreCase(userName)).toList();
    }

    public void updateAccessKey(String userName, String accessKeyId, String status) {
        if (!"Active".equals(status) && !"Inactive".equals(status)) {
            throw IamError.VALIDATION_ERROR.exception("Value '" + status
                    + "' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]");
        }
        locked(() -> {
            put(ACCESS_KEYS, accessKeyId, ownedKey(userName, accessKeyId).withStatus(status));
            return null;
        });
    }

    public void deleteAccessKey(String userName, String accessKeyId) {
        locked(() -> {
            ownedKey(userName, accessKeyId);
            delete(ACCESS_KEYS, accessKeyId);
            return null;
        });
    }

    private AccessKey ownedKey(String userName, String accessKeyId) {
        user(userName);
        return findAccessKey(accessKeyId).filter(k -> k.userName().equalsIgnoreCase(userName))
                .orElseThrow(() -> noSuchEntity("The Access Key with id " + accessKeyId + " cannot be found."));
    }

    // ---- inline policies ---------------------------------------------------------------------

    public void putUserPolicy(String userName, String policyName, String document) {
        validateName("policyName", policyName, 128);
        PolicyParser.parse(document, PolicyParser.Kind.IDENTITY);
        locked(() -> {
            User user = user(userName);
            Map<String, String> policies = new LinkedHashMap<>(user.inlinePolicies());
            policies.put(policyName, document);
            put(USERS, lower(userName), user.withInlinePolicies(policies));
            return null;
        });
    }

    public void deleteUserPolicy(String userName, String policyName) {
        locked(() -> {
            User user = user(userName);
            Map<String, String> policies = new LinkedHashMap<>(user.inlinePolicies());
            if (policies.remove(policyName) == null) {
                throw noSuchEntity("The user policy with name " + policyName + " cannot be found.");
            }
            put(USERS, lower(userName), user.withInlinePolicies(policies));
            return null;
        });
    }

    public void putRolePolicy(String roleName, String policyName, String document) {
        validateName("policyName", policyName, 128);
        PolicyParser.parse(document, PolicyParser.Kind.IDENTITY);
        locked(() -> {
            Role role = role(roleName);
            Map<String, String> policies = new LinkedHashMap<>(role.inlinePolicies());
            policies.put(policyName, document);
            put(ROLES, lower(roleName), role.withInlinePolicies(policies));
            return null;
        });
    }

    public void deleteRolePolicy(String roleName, String policyName) {
        locked(() -> {
            Role role = role(roleName);
            Map<String, String> policies = new LinkedHashMap<>(role.inlinePolicies());
            if (policies.remove(policyName) == null) {
                throw noSuchEntity("The role policy with name " + policyName + " cannot be found.");
            }
            put(ROLES, lower(roleName), role.withInlinePolicies(policies));
            return null;
        });
    }

    public void putGroupPolicy(String groupName, String policyName, String document) {
        validateName("policyName", policyName, 128);
        PolicyParser.parse(document, PolicyParser.Kind.IDENTITY);
        locked(() -> {
            Group group = group(groupName);
            Map<String, String> policies = new LinkedHashMap<>(group.inlinePolicies());
            policies.put(policyName, document);
            put(GROUPS, lower(groupName), group.withInlinePolicies(policies));
            return null;
        });
    }

    public void deleteGroupPolicy(String groupName, String policyName) {
        locked(() -> {
            Group group = group(groupName);
            Map<String, String> policies = new LinkedHashMap<>(group.inlinePolicies());
            if (policies.remove(policyName) == null) {
                throw noSuchEntity("The group policy with name " + policyName + " cannot be found.");
            }
            put(GROUPS, lower(groupName), group.withInlinePolicies(policies));
            return null;
        });
    }

    // ---- groups ------------------------------------------------------------------------------

    public Group createGroup(String name, String path) {
        validateName("groupName", name, 128);
        String groupPath = validatePath(path);
        return locked(() -> {
            if (findGroup(name).isPresent()) {
                throw IamError.ENTITY_ALREADY_EXISTS.exception("Group with name " + name + " already exists.");
            }
            Group group = new Group(name, "AGPA" + randomId(17), arn("group", groupPath, name), groupPath, now(),
                    Map.of(), List.of());
            put(GROUPS, lower(name), group);
            return group;
        });
    }

    public Optional<Group> findGroup(String name) {
        return name == null ? Optional.empty() : get(GROUPS, lower(name), Group.class);
    }

    public Group group(String name) {
        return findGroup(name).orElseThrow(() -> noSuchEntity("The group with name " + name + " cannot be found."));
    }

    public List<Group> listGroups(String pathPrefix) {
        return list(GROUPS, Group.class).stream()
                .filter(g -> pathPrefix == null || g.path().startsWith(pathPrefix)).toList();
    }

    public List<User> groupMembers(String groupName) {
        Group group = group(groupName);
        return list(USERS, User.class).stream().filter(u -> u.groups().contains(group.name())).toList();
    }

    public void deleteGroup(String name) {
        locked(() -> {
            Group group = group(name);
            if (!groupMembers(name).isEmpty() || !group.inlinePolicies().isEmpty() || !group.attachedPolicies().isEmpty()) {
                throw IamError.DELETE_CONFLICT.exception("Cannot delete entity, must remove users and policies first.");
            }
            delete(GROUPS, lower(name));
            return null;
        });
    }

    public void addUserToGroup(String groupName, String userName) {
        locked(() -> {
            Group group = group(groupName);
            User user = user(userName);
            if (!user.groups().contains(group.name())) {
                List<String> groups = new ArrayList<>(user.groups());
                groups.add(group.name());
                put(USERS, lower(userName), user.withGroups(groups));
            }
            return null;
        });
    }

    public void removeUserFromGroup(String groupName, String userName) {
        locked(() -> {
            Group group = group(groupName);
            User user = user(userName);
            if (!user.groups().contains(group.name())) {
                throw noSuchEntity("User " + userName + " is not in group " + groupName + ".");
            }
            List<String> groups = new ArrayList<>(user.groups());
            groups.remove(group.name());
            put(USERS, lower(userName), user.withGroups(groups));
            return null;
        });
    }

    // ---- roles -------------------------------------------------------------------------------

    public Role createRole(String name, String path, String trustPolicy, String description, Integer maxSessionDuration,
            Map<String, String> tags) {
        validateName("roleName", name, 64);
        String rolePath = validatePath(path);
        PolicyParser.parse(trustPolicy, PolicyParser.Kind.TRUST);
        int maxSession = maxSessionDuration == null ? 3600 : maxSessionDuration;
        if (maxSession < 3600 || maxSession > 43200) {
            throw IamError.VALIDATION_ERROR.exception("1 validation error detected: Value '" + maxSession
                    + "' at 'maxSessionDuration' failed to satisfy constraint: Member must have value between 3600 and 43200");
        }
        return locked(() -> {
            if (findRole(name).isPresent()) {
                throw IamError.ENTITY_ALREADY_EXISTS.exception("Role with name " + name + " already exists.");
            }
            Role role = new Role(name, "AROA" + randomId(17), arn("role", rolePath, name), rolePath, now(), description,
                    trustPolicy, maxSession, tags, Map.of(), List.of());
            put(ROLES, lower(name), role);
            return role;
        });
    }

    public Optional<Role> findRole(String name) {
        return name == null ? Optional.empty() : get(ROLES, lower(name), Role.class);
    }

    public Role role(String name) {
        return findRole(name).orElseThrow(() -> noSuchEntity("The role with name " + name + " cannot be found."));
    }

    public List<Role> listRoles(String pathPrefix) {
        return list(ROLES, Role.class).stream()
                .filter(r -> pathPrefix == null || r.path().startsWith(pathPrefix)).toList();
    }

    public void deleteRole(String name) {
        locked(() -> {
            Role role = role(name);
            if (!role.inlinePolicies().isEmpty() || !role.attachedPolicies().isEmpty()) {
                throw IamError.DELETE_CONFLICT.exception("Cannot delete entity, must delete policies first.");
            }
            delete(ROLES, lower(name));
            return null;
        });
    }

    public void updateAssumeRolePolicy(String name, String trustPolicy) {
        PolicyParser.parse(trustPolicy, PolicyParser.Kind.TRUST);
        locked(() -> {
            put(ROLES, lower(name), role(name).withTrustPolicy(trustPolicy));
            return null;
        });
    }

    // ---- managed policies --------------------------------------------------------------------

    public ManagedPolicy createPolicy(String name, String path, String document, String description) {
        validateName("policyName", name, 128);
        String policyPath = validatePath(path);
        PolicyParser.parse(document, PolicyParser.Kind.IDENTITY);
        String policyArn = arn("policy", policyPath, name);
        return locked(() -> {
            if (findPolicy(policyArn).isPresent()) {
                throw IamError.ENTITY_ALREADY_EXISTS.exception("A policy called " + name
                        + " already exists. Duplicate names are not allowed.");
            }
            String now = now();
            ManagedPolicy policy = new ManagedPolicy(name, "ANPA" + randomId(17), policyArn, policyPath, description,
                    now, now, "v1", 2, List.of(new PolicyVersion("v1", document, now)), 0);
            put(POLICIES, policyArn, policy);
            return policy;
        });
    }

    /** A customer managed policy, or one of the AWS managed policies Stratus ships ({@link AwsManagedPolicies}). */
    public Optional<ManagedPolicy> findPolicy(String policyArn) {
        if (policyArn == null) {
            return Optional.empty();
        }
        Optional<ManagedPolicy> builtIn = AwsManagedPolicies.find(policyArn);
        return builtIn.isPresent() ? builtIn : get(POLICIES, policyArn, ManagedPolicy.class);
    }

    public ManagedPolicy policy(String policyArn) {
        return findPolicy(policyArn).orElseThrow(() -> noSuchEntity("Policy " + policyArn + " does not exist or is not attachable."));
    }

    public List<ManagedPolicy> listPolicies(String scope) {
        List<ManagedPolicy> all = new ArrayList<>();
        if (scope == null || scope.equals("All") || scope.equals("AWS")) {
            all.addAll(AwsManagedPolicies.all());
        }
        if (scope == null || scope.equals("All") || scope.equals("Local")) {
            all.addAll(list(POLICIES, ManagedPolicy.class));
        }
        return all;
    }

    public void deletePolicy(String policyArn) {
        locked(() -> {
            ManagedPolicy policy = customerPolicy(policyArn);
            if (policy.attachmentCount() > 0) {
                throw IamError.DELETE_CONFLICT.exception("Cannot delete a policy attached to entities.");
            }
            delete(POLICIES, policyArn);
            return null;
        });
    }

    public PolicyVersion createPolicyVersion(String policyArn, String document, boolean setAsDefault) {
        PolicyParser.parse(document, PolicyParser.Kind.IDENTITY);
        return locked(() -> {
            ManagedPolicy policy = customerPolicy(policyArn);
            if (policy.versions().size() >= MAX_POLICY_VERSIONS) {
                throw IamError.LIMIT_EXCEEDED.exception("A managed policy can have up to " + MAX_POLICY_VERSIONS
                        + " versions. Before you create a new version, you must delete an existing version.");
            }
            String now = now();
            PolicyVersion version = new PolicyVersion("v" + policy.nextVersion(), document, now);
            List<PolicyVersion> versions = new ArrayList<>(policy.versions());
            versions.add(version);
            put(POLICIES, policyArn, policy.withVersions(versions,
                    setAsDefault ? version.versionId() : policy.defaultVersionId(), policy.nextVersion() + 1, now));
            return version;
        });
    }

    public void attachUserPolicy(String userName, String policyArn) {
        locked(() -> {
            User user = user(userName);
            List<String> attached = attach(user.attachedPolicies(), policyArn);
            if (attached != user.attachedPolicies()) {
                put(USERS, lower(userName), user.withAttachedPolicies(attached));
            }
            return null;
        });
    }

    public void detachUserPolicy(String userName, String policyArn) {
        locked(() -> {
            User user = user(userName);
            put(USERS, lower(userName), user.withAttachedPolicies(detach(user.attachedPolicies(), policyArn)));
            return null;
        });
    }

    public void attachRolePolicy(String roleName, String policyArn) {
        locked(() -> {
            Role role = role(roleName);
            List<String> attached = attach(role.attachedPolicies(), policyArn);
            if (attached != role.attachedPolicies()) {
                put(ROLES, lower(roleName), role.withAttachedPolicies(attached));
            }
            return null;
        });
    }

    public void detachRolePolicy(String roleName, String policyArn) {
        locked(() -> {
            Role role = role(roleName);
            put(ROLES, lower(roleName), role.withAttachedPolicies(detach(role.attachedPolicies(), policyArn)));
            return null;
        });
    }

    public void attachGroupPolicy(String groupName, String policyArn) {
        locked(() -> {
            Group group = group(groupName);
            List<String> attached = attach(group.attachedPolicies(), policyArn);
            if (attached != group.attachedPolicies()) {
                put(GROUPS, lower(groupName), group.withAttachedPolicies(attached));
            }
            return null;
        });
    }

    public void detachGroupPolicy(String groupName, String policyArn) {
        locked(() -> {
            Group group = group(groupName);
            put(GROUPS, lower(groupName), group.withAttachedPolicies(detach(group.attachedPolicies(), policyArn)));
            return null;
        });
    }

    /** Returns {@code current} itself when already attached. Caller holds the lock. */
    private List<String> attach(List<String> current, String policyArn) {
        ManagedPolicy policy = policy(policyArn);
        if (current.contains(policyArn)) {
            return current;
        }
        if (current.size() >= MAX_ATTACHED_POLICIES) {
            throw IamError.LIMIT_EXCEEDED.exception("Cannot exceed quota for PoliciesPerEntity: " + MAX_ATTACHED_POLICIES);
        }
        if (!AwsManagedPolicies.isAwsManaged(policyArn)) {
            put(POLICIES, policyArn, policy.withAttachmentCount(policy.attachmentCount() + 1));
        }
        List<String> attached = new ArrayList<>(current);
        attached.add(policyArn);
        return attached;
    }

    private List<String> detach(List<String> current, String policyArn) {
        if (!current.contains(policyArn)) {
            throw noSuchEntity("Policy " + policyArn + " was not found.");
        }
        if (!AwsManagedPolicies.isAwsManaged(policyArn)) {
            findPolicy(policyArn).ifPresent(p -> put(POLICIES, policyArn,
                    p.withAttachmentCount(Math.max(0, p.attachmentCount() - 1))));
        }
        List<String> attached = new ArrayList<>(current);
        attached.remove(policyArn);
        return attached;
    }

    private ManagedPolicy customerPolicy(String policyArn) {
        if (AwsManagedPolicies.isAwsManaged(policyArn)) {
            throw IamError.ACCESS_DENIED.exception("AWS managed policies cannot be changed.");
        }
        return get(POLICIES, policyArn, ManagedPolicy.class)
                .orElseThrow(() -> noSuchEntity("Policy " + policyArn + " does not exist or is not attachable."));
    }

    // ---- bucket policies ---------------------------------------------------------------------

    /** Stores a bucket policy; the caller has validated it ({@link PolicyParser.Kind#RESOURCE}). */
    public void putBucketPolicy(String bucket, String policyJson) {
        write(BUCKET_POLICIES, utf8(bucket), value(policyJson.getBytes(StandardCharsets.UTF_8)));
    }

    public Optional<String> findBucketPolicy(String bucket) {
        byte[] stored = kv.get(BUCKET_POLICIES, utf8(bucket));
        return stored == null ? Optional.empty()
                : Optional.of(new String(stored, 1, stored.length - 1, StandardCharsets.UTF_8));
    }

    public void deleteBucketPolicy(String bucket) {
        write(BUCKET_POLICIES, utf8(bucket), null);
    }

    // ---- STS sessions ------------------------------------------------------------------------

    public void putSession(String accessKeyId, long expiresEpochSecond, String sessionToken) {
        byte[] token = sessionToken.getBytes(StandardCharsets.UTF_8);
        ByteBuffer value = ByteBuffer.allocate(8 + token.length).putLong(expiresEpochSecond).put(token);
        write(STS_SESSIONS, utf8(accessKeyId), value(value.array()));
    }

    /** The session token of a temporary access key, while it is stored (expired ones are swept at start-up). */
    public Optional<String> findSessionToken(String accessKeyId) {
        byte[] stored = kv.get(STS_SESSIONS, utf8(accessKeyId));
        return stored == null ? Optional.empty()
                : Optional.of(new String(stored, 9, stored.length - 9, StandardCharsets.UTF_8));
    }

    private void sweepExpiredSessions() {
        long now = clock.instant().getEpochSecond();
        List<byte[]> expired = new ArrayList<>();
        try (KvCursor cursor = kv.cursor(STS_SESSIONS)) {
            for (cursor.seekToFirst(); cursor.isValid(); cursor.next()) {
                if (ByteBuffer.wrap(cursor.value(), 1, 8).getLong() < now) {
                    expired.add(cursor.key());
                }
            }
        }
        if (!expired.isEmpty()) {
            try (KvBatch batch = kv.newBatch()) {
                expired.forEach(key -> batch.delete(STS_SESSIONS, key));
                kv.commit(batch);
            }
        }
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private interface Change<T> {
        T apply();
    }

    private <T> T locked(Change<T> change) {
        writeLock.lock();
        try {
            return change.apply();
        } finally {
            writeLock.unlock();
        }
    }

    /** One synced write; a null value deletes. */
    private void write(ColumnFamily family, byte[] key, byte[] value) {
        try (KvBatch batch = kv.newBatch()) {
            kv.commit(value == null ? batch.delete(family, key) : batch.put(family, key, value));
        }
    }

    private <T> Optional<T> get(ColumnFamily family, String key, Class<T> type) {
        byte[] stored = kv.get(family, utf8(key));
        return stored == null ? Optional.empty() : Optional.of(decode(stored, type));
    }

    private <T> List<T> list(ColumnFamily family, Class<T> type) {
        List<T> all = new ArrayList<>();
        try (KvCursor cursor = kv.cursor(family)) {
            for (cursor.seekToFirst(); cursor.isValid(); cursor.next()) {
                all.add(decode(cursor.value(), type));
            }
        }
        return all;
    }

    private void put(ColumnFamily family, String key, Object record) {
        try {
            write(family, utf8(key), value(json.writeValueAsBytes(record)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + record.getClass().getSimpleName(), e);
        }
    }

    private void delete(ColumnFamily family, String key) {
        write(family, utf8(key), null);
    }

    private <T> T decode(byte[] stored, Class<T> type) {
        if (stored.length == 0 || stored[0] != FORMAT) {
            throw new IllegalStateException("unknown format " + (stored.length == 0 ? "(empty)" : stored[0])
                    + " of a stored " + type.getSimpleName());
        }
        try {
            return json.readValue(stored, 1, stored.length - 1, type);
        } catch (IOException e) {
            throw new IllegalStateException("cannot decode a stored " + type.getSimpleName(), e);
        }
    }

    private static byte[] value(byte[] body) {
        byte[] value = new byte[body.length + 1];
        value[0] = FORMAT;
        System.arraycopy(body, 0, value, 1, body.length);
        return value;
    }

    private String arn(String type, String path, String name) {
        return "arn:aws:iam::" + accountId + ":" + type + path + name;
    }

    private String now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private String randomId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(BASE32.charAt(random.nextInt(BASE32.length())));
        }
        return id.toString();
    }

    private String randomSecret() {
        StringBuilder secret = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            secret.append(SECRET_CHARS.charAt(random.nextInt(SECRET_CHARS.length())));
        }
        return secret.toString();
    }

    private static void validateName(String field, String name, int max) {
        if (name == null || name.isEmpty() || name.length() > max || !NAME.matcher(name).matches()) {
            throw IamError.VALIDATION_ERROR.exception("1 validation error detected: Value '" + name + "' at '" + field
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+ "
                    + "and have length between 1 and " + max);
        }
    }

    private static String validatePath(String path) {
        if (path == null) {
            return "/";
        }
        if (path.length() > 512 || !PATH.matcher(path).matches()) {
            throw IamError.VALIDATION_ERROR.exception("The specified value for path is invalid. It must begin and end "
                    + "with / and contain only alphanumeric characters and/or / characters.");
        }
        return path;
    }

    private static io.stratus.iam.IamException noSuchEntity(String message) {
        return IamError.NO_SUCH_ENTITY.exception(message);
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        kv.close();
    }
}
