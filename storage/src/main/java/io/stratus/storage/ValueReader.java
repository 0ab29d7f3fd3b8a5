package io.stratus.storage;

import io.stratus.core.checksum.ChecksumAlgorithm;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Decodes what {@link ValueWriter} wrote; an unknown format version or a short value fails loudly. */
final class ValueReader {
    private final ByteBuffer in;
    private final String what;

    private ValueReader(byte[] value, String what) {
        this.in = ByteBuffer.wrap(value);
        this.what = what;
    }

    /** Opens a value and checks its leading format-version byte. */
    static ValueReader open(byte[] value, int expectedVersion, String what) {
        ValueReader reader = new ValueReader(value, what);
        int version = reader.readByte();
        if (version != expectedVersion) {
            throw new IllegalStateException(what + ": unsupported format version " + version + " (this build reads " + expectedVersion + ")");
        }
        return reader;
    }

    int readByte() {
        try {
            return in.get() & 0xFF;
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    boolean readBoolean() {
        return readByte() != 0;
    }

    int readInt() {
        try {
            return in.getInt();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    long readLong() {
        try {
            return in.getLong();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    byte[] readBytes() {
        int length = readInt();
        if (length < 0 || length > in.remaining()) {
            throw truncated();
        }
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }

    String readString() {
        int length = readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw truncated();
        }
        String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    Instant readInstant() {
        long seconds = readLong();
        return Instant.ofEpochSecond(seconds, readInt());
    }

    Map<String, String> readMap() {
        int size = readInt();
        if (size < 0) {
            throw truncated();
        }
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(readString(), readString());
        }
        return map;
    }

    ObjectMetadata readMetadata() {
        Map<String, String> system = readMap();
        Map<String, String> user = readMap();
        return new ObjectMetadata(system, user, readMap());
    }

    ChecksumAlgorithm readAlgorithm() {
        String name = readString();
        return name == null ? null : ChecksumAlgorithm.valueOf(name);
    }

    ChecksumValue.ChecksumType readChecksumType() {
        String name = readString();
        return name == null ? null : ChecksumValue.ChecksumType.valueOf(name);
    }

    ChecksumValue readChecksum() {
        if (!readBoolean()) {
            return null;
        }
        ChecksumAlgorithm algorithm = readAlgorithm();
        String base64 = readString();
        return new ChecksumValue(algorithm, base64, readChecksumType());
    }

    FileSegment readSegment() {
        FileId id = new FileId(readLong(), readLong());
        long length = readLong();
        int blockSize = readInt();
        int count = readInt();
        if (count < 0 || (long) count * 4 > in.remaining()) {
            throw truncated();
        }
        int[] crcs = new int[count];
        for (int i = 0; i < count; i++) {
            crcs[i] = readInt();
        }
        return new FileSegment(id, length, blockSize, crcs);
    }

    PartInfo readPart() {
        int number = readInt();
        long size = readLong();
        String etag = readString();
        Instant lastModified = readInstant();
        return new PartInfo(number, size, etag, lastModified, readChecksum());
    }

    private IllegalStateException truncated() {
        return new IllegalStateException(what + ": stored value is truncated or malformed");
    }
}
