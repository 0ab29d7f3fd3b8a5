package io.stratus.storage;

/**
 * One page of a listing in UTF-8 byte order of keys. {@code startAfter} is exclusive (null = from
 * the beginning); when it names a common prefix ending with the delimiter, keys under that prefix
 * are skipped too, so a page boundary never repeats a prefix. {@code delimiter} may be null.
 */
public record ListRequest(String bucket, String prefix, String delimiter, String startAfter, int maxKeys) {
}
