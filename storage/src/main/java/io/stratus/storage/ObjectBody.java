package io.stratus.storage;

import io.stratus.core.io.BodySink;
import java.io.IOException;
import java.io.InputStream;

/**
 * An open, verified read of a byte range of one object. Opening pins the object's data (an
 * overwrite or delete that commits meanwhile does not disturb this read). Every byte handed out
 * was first checked against its stored checksum; on a mismatch the call throws
 * {@link StorageException} with {@link StorageError#CORRUPT_DATA} before passing on bad bytes.
 */
public interface ObjectBody extends AutoCloseable {
    ObjectInfo info();

    /** First byte of the range, inclusive. */
    long offset();

    /** Bytes in the range. */
    long length();

    /** Writes the range to the sink (zero-copy for file data where the sink allows). */
    void writeTo(BodySink sink) throws IOException, StorageException;

    /** The range as a stream (used by CopyObject / UploadPartCopy); corrupt data surfaces as IOException. */
    InputStream openStream();

    @Override
    void close();
}
