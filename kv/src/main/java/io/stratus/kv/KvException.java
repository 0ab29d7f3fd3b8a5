package io.stratus.kv;

/**
 * A failure of the metadata store (I/O error, corruption, use after close). Unchecked: callers
 * cannot recover from it locally and the layer above maps it to its own internal error.
 */
public class KvException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KvException(String message) {
        super(message);
    }

    public KvException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the cause is the disk being full, so callers can report a storage-full error. */
    public boolean isNoSpace() {
        for (Throwable t = this; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
