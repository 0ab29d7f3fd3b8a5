package io.stratus.storage;

import java.io.IOException;

/** Maps I/O failures of the data directory (never of a request body) to storage errors. */
final class DiskErrors {
    private DiskErrors() {
    }

    static StorageException map(IOException e, String doing) {
        if (isNoSpace(e)) {
            return new StorageException(StorageError.INSUFFICIENT_STORAGE, "No space left on device while " + doing, e);
        }
        return new StorageException(StorageError.INTERNAL, "I/O error while " + doing + ": " + e, e);
    }

    static boolean isNoSpace(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
