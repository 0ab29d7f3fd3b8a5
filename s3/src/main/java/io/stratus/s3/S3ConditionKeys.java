package io.stratus.s3;

import static java.util.Objects.requireNonNull;

import io.stratus.http.HttpExchange;
import io.stratus.storage.ObjectStore;
import io.stratus.storage.StorageError;
import io.stratus.storage.StorageException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The request's values for policy condition keys, built in one place so that every authorisation
 * of a request (the operation itself, a copy's source, each key of DeleteObjects) sees the same.
 *
 * <p>Most keys come from the request and are known up front ({@link #values()}). One is not:
 * {@code s3:ExistingObjectTag/<tag-key>} is the stored object's tag, which costs a metadata read.
 * {@link #lazy} resolves it only when a policy condition asks for it, so a GET that no policy
 * questions about tags (and any request by root, which skips policies) never pays for the read.
 */
public final class S3ConditionKeys {
    private static final String EXISTING_OBJECT_TAG = "s3:ExistingObjectTag/";
    /**
     * The operations whose IAM action takes s3:ExistingObjectTag: reads of an existing object and
     * changes to its tags or ACL. Not PutObject or DeleteObject (AWS: a policy cannot allow
     * overwriting or deleting an object by its current tags).
     */
    private static final Set<S3Operation> EXISTING_OBJECT_TAG_OPERATIONS = EnumSet.of(S3Operation.GET_OBJECT,
            S3Operation.HEAD_OBJECT, S3Operation.GET_OBJECT_ACL, S3Operation.GET_OBJECT_TAGGING,
            S3Operation.PUT_OBJECT_TAGGING, S3Operation.DELETE_OBJECT_TAGGING);
    private static final Function<String, List<String>> NOTHING = key -> null;

    private final Map<String, Object> values;
    private final ObjectStore objects;

    private S3ConditionKeys(Map<String, Object> values, ObjectStore objects) {
        this.values = Map.copyOf(values);
        this.objects = requireNonNull(objects, "objects is null");
    }

    public static S3ConditionKeys of(HttpExchange exchange, ObjectStore objects) {
        Map<String, Object> context = new HashMap<>();
        if (exchange.remoteAddress() != null) {
            context.put("aws:SourceIp", exchange.remoteAddress().getAddress().getHostAddress());
        }
        // Stratus listens on plain HTTP; TLS terminates in front of it if at all.
        context.put("aws:SecureTransport", "false");
        for (String name : new String[] {"prefix", "delimiter", "max-keys"}) {
            String value = exchange.queryParameter(name);
            if (value != null) {
                context.put("s3:" + name, value);
            }
        }
        return new S3ConditionKeys(context, objects);
    }

    /** The keys known from the request itself (aws:SourceIp, aws:SecureTransport, s3:prefix, ...). */
    public Map<String, Object> values() {
        return values;
    }

    /**
     * The keys resolved on demand for one authorisation of {@code operation} on {@code bucket/key}:
     * returns a key's values, or null when the request does not carry it. The object's tags are read
     * at most once per call of this method, on the first s3:ExistingObjectTag key asked for; a
     * missing object has no tags. Meant for the thread handling the request.
     */
    public Function<String, List<String>> lazy(S3Operation operation, String bucket, String key) {
        if (key == null || !EXISTING_OBJECT_TAG_OPERATIONS.contains(operation)) {
            return NOTHING;
        }
        return new ExistingObjectTags(objects, bucket, key);
    }

    private static final class ExistingObjectTags implements Function<String, List<String>> {
        private final ObjectStore objects;
        private final String bucket;
        private final String key;
        private Map<String, String> tags;

        ExistingObjectTags(ObjectStore objects, String bucket, String key) {
            this.objects = objects;
            this.bucket = bucket;
            this.key = key;
        }

        @Override
        public List<String> apply(String conditionKey) {
            if (!conditionKey.regionMatches(true, 0, EXISTING_OBJECT_TAG, 0, EXISTING_OBJECT_TAG.length())) {
                return null;
            }
            // Condition key names are case-insensitive, tag key included (the policy engine compares them in
            // lower case), so every tag whose key matches regardless of case contributes its value.
            String tagKey = conditionKey.substring(EXISTING_OBJECT_TAG.length());
            List<String> values = new ArrayList<>(1);
            tags().forEach((k, v) -> {
                if (k.equalsIgnoreCase(tagKey)) {
                    values.add(v);
                }
            });
            return values.isEmpty() ? null : values;
        }

        private Map<String, String> tags() {
            if (tags == null) {
                try {
                    tags = objects.head(bucket, key).metadata().tags();
                } catch (StorageException e) {
                    if (e.error() != StorageError.NO_SUCH_KEY && e.error() != StorageError.NO_SUCH_BUCKET) {
                        // Fail closed: guessing "no tags" could let a request past a Deny on a tag.
                        throw new IllegalStateException("cannot read the tags of " + bucket + "/" + key, e);
                    }
                    // A missing object has no tags; the operation itself reports that it is missing.
                    tags = Map.of();
                }
            }
            return tags;
        }
    }
}
