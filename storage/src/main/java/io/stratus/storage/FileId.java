package io.stratus.storage;

import io.stratus.core.util.Hex;
import io.stratus.kv.ByteKeys;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The generated name of one data file: 128 random bits, never derived from a key, so no key can
 * collide with a file name or depend on the host file system's case or character rules.
 */
record FileId(long high, long low) {
    private static final SecureRandom RANDOM = new SecureRandom();

    static FileId random() {
        return new FileId(RANDOM.nextLong(), RANDOM.nextLong());
    }

    /** The 32 lower-case hex digits used as file name. */
    String hex() {
        return Hex.encode(bytes());
    }

    /** 16 big-endian bytes: the key in the files column family. */
    byte[] bytes() {
        return ByteKeys.concat(ByteKeys.longBytes(high), ByteKeys.longBytes(low));
    }

    static FileId fromBytes(byte[] bytes, int offset) {
        return new FileId(ByteKeys.readLong(bytes, offset), ByteKeys.readLong(bytes, offset + 8));
    }

    /** Parses a data file name; empty for anything that is not one of ours. */
    static Optional<FileId> parse(String name) {
        if (name.length() != 32) {
            return Optional.empty();
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return Optional.empty();
            }
        }
        return Optional.of(fromBytes(Hex.decode(name), 0));
    }

    @Override
    public String toString() {
        return hex();
    }
}
