package io.stratus.storage;

import static java.util.Objects.requireNonNull;

/** The one exception type the storage engine throws; protocols translate it in one place. */
public class StorageException extends Exception {
    private final StorageError error;

    public StorageException(StorageError error, String message) {
        super(message);
        this.error = requireNonNull(error, "error is null");
    }

    public StorageException(StorageError error, String message, Throwable cause) {
        super(message, cause);
        this.error = requireNonNull(error, "error is null");
    }

    public StorageError error() {
        return error;
    }
}
