package io.stratus.kv;

import org.rocksdb.RocksDB;

/** Loads RocksDB's native library exactly once per class loader, on first use of a store. */
final class NativeLibrary {
    static {
        RocksDB.loadLibrary();
    }

    private NativeLibrary() {
    }

    /** Touching this method runs the static initializer above; the JVM guarantees it runs once. */
    static void ensureLoaded() {
    }
}
