package io.stratus.storage;

/**
 * A condition checked atomically with the commit (under the key's lock): {@code ifNoneMatchStar}
 * fails when the key exists; {@code ifMatchEtag} (no quotes) fails unless the current ETag equals it.
 */
public record WriteCondition(boolean ifNoneMatchStar, String ifMatchEtag) {
    public static final WriteCondition NONE = new WriteCondition(false, null);
}
