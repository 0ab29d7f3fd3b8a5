package io.stratus.storage;

import java.util.List;

/**
 * A page: objects and common prefixes (each prefix counts as one entry against maxKeys), whether
 * more remain, and {@code nextStartAfter}: the last key or prefix returned, to continue from.
 */
public record ListResult(List<ObjectInfo> objects, List<String> commonPrefixes, boolean truncated, String nextStartAfter) {
}
