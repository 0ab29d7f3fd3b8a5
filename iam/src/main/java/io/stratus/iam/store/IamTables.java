package io.stratus.iam.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.iam.IamError;
import io.stratus.iam.IamException;
import io.stratus.iam.policy.PolicyParser;
import io.stratus.kv.ColumnFamily;
import io.stratus.kv.KvBatch;
import io.stratus.kv.KvCursor;
import io.stratus.kv.KvStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The plumbing every IAM entity store shares: the column families, the value codec (a format
 * version byte + JSON), the write lock, ids, timestamps and name validation.
 *
 * <p>Key layouts (one column family each):
 * <pre>
 *   users:            lower(userName)   -> User
 *   access_keys:      accessKeyId       -> AccessKey
 *   groups:           lower(groupName)  -> Group
 *   roles:            lower(roleName)   -> Role
 *   policies:         policyArn         -> ManagedPolicy
 *   bucket_policies:  bucketName        -> policy JSON (UTF-8, validated on write)
 * </pre>
 * Reads take no lock; read-modify-write changes are serialised by one lock shared by all entity
 * stores, because one change may touch two entities (attaching a policy counts the attachment).
 */
final class IamTables {
    static final ColumnFamily USERS = new ColumnFamily("users", true);
    static final ColumnFamily ACCESS_KEYS = new ColumnFamily("access_keys", true);
    static final ColumnFamily GROUPS = new ColumnFamily("groups", true);
    static final ColumnFamily ROLES = new ColumnFamily("roles", true);
    static final ColumnFamily POLICIES = new ColumnFamily("policies", true);
    static final ColumnFamily BUCKET_POLICIES = new ColumnFamily("bucket_policies", true);
    static final List<ColumnFamily> ALL = List.of(USERS, ACCESS_KEYS, GROUPS, ROLES, POLICIES, BUCKET_POLICIES);

    private static final byte FORMAT = 1;
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    private static final Pattern PATH = Pattern.compile("/|/[\\u0021-\\u007E]*/");
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final KvStore kv;
    private final String accountId;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final ReentrantLock writeLock = new ReentrantLock();

    IamTables(KvStore kv, String accountId, Clock clock) {
        this.kv = requireNonNull(kv, "kv is null");
        this.accountId = requireNonNull(accountId, "accountId is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    String accountId() {
        return accountId;
    }

    /** Runs a read-modify-write change under the store-wide write lock (re-entrant). */
    <T> T locked(Supplier<T> change) {
        writeLock.lock();
        try {
            return change.get();
        } finally {
            writeLock.unlock();
        }
    }

    void locked(Runnable change) {
        locked(() -> {
            change.run();
            return null;
        });
    }

    <T> Optional<T> get(ColumnFamily family, String key, Class<T> type) {
        byte[] stored = kv.get(family, utf8(key));
        return stored == null ? Optional.empty() : Optional.of(decode(stored, type));
    }

    /** Every record of a table, in key order. */
    <T> List<T> list(ColumnFamily family, Class<T> type) {
        List<T> all = new ArrayList<>();
        try (KvCursor cursor = kv.cursor(family)) {
            for (cursor.seekToFirst(); cursor.isValid(); cursor.next()) {
                all.add(decode(cursor.value(), type));
            }
        }
        return all;
    }

    /**
     * One page of a table in key order, starting after {@code marker}: a seek, then at most as
     * many records as the page needs (plus those {@code filter} skips), never a full scan.
     */
    <T> Page<T> page(ColumnFamily family, Class<T> type, Predicate<T> filter, String marker, int maxItems) {
        List<T> items = new ArrayList<>();
        String lastKey = null;
        try (KvCursor cursor = kv.cursor(family)) {
            byte[] after = marker == null ? null : utf8(Page.decode(marker));
            if (after == null) {
                cursor.seekToFirst();
            } else {
                cursor.seek(after);
                if (cursor.isValid() && Arrays.equals(cursor.key(), after)) {
                    cursor.next();
                }
            }
            for (; cursor.isValid(); cursor.next()) {
                T item = decode(cursor.value(), type);
                if (!filter.test(item)) {
                    continue;
                }
                if (items.size() == maxItems) {
                    return new Page<>(items, Page.encode(lastKey));
                }
                items.add(item);
                lastKey = new String(cursor.key(), StandardCharsets.UTF_8);
            }
        }
        return new Page<>(items, null);
    }

    void put(ColumnFamily family, String key, Object record) {
        try {
            write(family, utf8(key), value(json.writeValueAsBytes(record)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + record.getClass().getSimpleName(), e);
        }
    }

    void delete(ColumnFamily family, String key) {
        write(family, utf8(key), null);
    }

    /** A value stored as raw UTF-8 text after the format byte (bucket policies keep their exact text). */
    void putText(ColumnFamily family, String key, String text) {
        write(family, utf8(key), value(text.getBytes(StandardCharsets.UTF_8)));
    }

    Optional<String> getText(ColumnFamily family, String key) {
        byte[] stored = kv.get(family, utf8(key));
        return stored == null ? Optional.empty()
                : Optional.of(new String(stored, 1, stored.length - 1, StandardCharsets.UTF_8));
    }

    /** One synced write; a null value deletes. */
    private void write(ColumnFamily family, byte[] key, byte[] value) {
        try (KvBatch batch = kv.newBatch()) {
            kv.commit(value == null ? batch.delete(family, key) : batch.put(family, key, value));
        }
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

    // ---- values shared by the entity stores ---------------------------------------------------

    String arn(String type, String path, String name) {
        return "arn:aws:iam::" + accountId + ":" + type + path + name;
    }

    String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** An IAM unique id: a type prefix (AIDA, AGPA, AROA, ANPA, AKIA) and random base32 characters. */
    String randomId(String prefix, int length) {
        return prefix + random(BASE32, length);
    }

    String randomSecret() {
        return random(SECRET_CHARS, 40);
    }

    private String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** An inline policy set with {@code name} added or replaced; the document is validated first. */
    static Map<String, String> withInlinePolicy(Map<String, String> current, String name, String document) {
        validateName("policyName", name, 128);
        PolicyParser.parse(document, PolicyParser.Kind.IDENTITY);
        Map<String, String> policies = new LinkedHashMap<>(current);
        policies.put(name, document);
        return policies;
    }

    /** @param owner "user", "group" or "role", for the NoSuchEntity message */
    static Map<String, String> withoutInlinePolicy(Map<String, String> current, String name, String owner) {
        Map<String, String> policies = new LinkedHashMap<>(current);
        if (policies.remove(name) == null) {
            throw noSuchEntity("The " + owner + " policy with name " + name + " cannot be found.");
        }
        return policies;
    }

    static void validateName(String field, String name, int max) {
        if (name == null || name.isEmpty() || name.length() > max || !NAME.matcher(name).matches()) {
            throw IamError.VALIDATION_ERROR.exception("1 validation error detected: Value '" + name + "' at '" + field
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+ "
                    + "and have length between 1 and " + max);
        }
    }

    static String validatePath(String path) {
        if (path == null) {
            return "/";
        }
        if (path.length() > 512 || !PATH.matcher(path).matches()) {
            throw IamError.VALIDATION_ERROR.exception("The specified value for path is invalid. It must begin and end "
                    + "with / and contain only alphanumeric characters and/or / characters.");
        }
        return path;
    }

    static IamException noSuchEntity(String message) {
        return IamError.NO_SUCH_ENTITY.exception(message);
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
