package io.stratus.storage;

import java.io.IOException;
import java.nio.file.FileStore;

/** Usable bytes on the data directory's file system (injected so tests can simulate a full disk). */
@FunctionalInterface
interface DiskSpace {
    long usableBytes() throws IOException;

    /** Resolve the FileStore once: looking it up per call parses the mount table. */
    static DiskSpace of(FileStore store) {
        return store::getUsableSpace;
    }
}
