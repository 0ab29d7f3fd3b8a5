package io.stratus.storage;

import io.stratus.kv.ByteKeys;
import java.util.Arrays;

/** Byte-level helpers for listing: delimiter search and common-prefix detection on UTF-8 keys. */
final class KeyRanges {
    private KeyRanges() {
    }

    /**
     * Index of the first {@code delimiter} in {@code key} at or after {@code from}, or -1. A byte
     * search is exact for UTF-8: a character's encoding never occurs inside another's.
     */
    static int indexOf(byte[] key, byte[] delimiter, int from) {
        outer:
        for (int i = from; i <= key.length - delimiter.length; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (key[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The common prefix {@code key} rolls up into under {@code prefix} and {@code delimiter}
     * (the key up to and including the first delimiter after the prefix), or null if none.
     */
    static byte[] commonPrefix(byte[] key, byte[] prefix, byte[] delimiter) {
        if (delimiter == null || !ByteKeys.startsWith(key, prefix)) {
            return null;
        }
        int at = indexOf(key, delimiter, prefix.length);
        return at < 0 ? null : Arrays.copyOf(key, at + delimiter.length);
    }

    static byte[] max(byte[] a, byte[] b) {
        return ByteKeys.compare(a, b) >= 0 ? a : b;
    }
}
