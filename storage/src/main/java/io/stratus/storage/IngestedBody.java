package io.stratus.storage;

/**
 * A request body that has been read and hashed but not yet committed: either held in memory
 * (small enough to inline) or spooled to a temp file. Closing it releases whatever was not
 * committed (the temp file or the installed data file).
 */
sealed interface IngestedBody extends AutoCloseable permits IngestedBody.InMemory, SpooledBody {
    ComputedDigests digests();

    @Override
    void close();

    /** A body small enough to store inside the metadata record. */
    record InMemory(byte[] bytes, ComputedDigests digests) implements IngestedBody {
        @Override
        public void close() {
        }
    }
}
