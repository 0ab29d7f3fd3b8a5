package io.stratus.storage;

import io.stratus.core.checksum.ChecksumAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes a stored value: a format-version byte, then big-endian fields. Strings are length +
 * UTF-8 (not Java's modified UTF-8, and without its 64 KiB limit); null strings have length -1.
 * Maps are written in sorted order so equal values give equal bytes.
 */
final class ValueWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    private final DataOutputStream out = new DataOutputStream(bytes);

    ValueWriter(int formatVersion) {
        writeByte(formatVersion);
    }

    ValueWriter writeByte(int value) {
        try {
            out.writeByte(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    ValueWriter writeBoolean(boolean value) {
        return writeByte(value ? 1 : 0);
    }

    ValueWriter writeInt(int value) {
        try {
            out.writeInt(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    ValueWriter writeLong(long value) {
        try {
            out.writeLong(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    ValueWriter writeBytes(byte[] value) {
        writeInt(value.length);
        bytes.writeBytes(value);
        return this;
    }

    ValueWriter writeString(String value) {
        if (value == null) {
            return writeInt(-1);
        }
        return writeBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    ValueWriter writeInstant(Instant value) {
        writeLong(value.getEpochSecond());
        return writeInt(value.getNano());
    }

    ValueWriter writeMap(Map<String, String> map) {
        writeInt(map.size());
        for (Map.Entry<String, String> entry : new TreeMap<>(map).entrySet()) {
            writeString(entry.getKey());
            writeString(entry.getValue());
        }
        return this;
    }

    ValueWriter writeMetadata(ObjectMetadata metadata) {
        writeMap(metadata.system());
        writeMap(metadata.user());
        return writeMap(metadata.tags());
    }

    /** Enum constants by name, so reordering an enum never changes stored meaning. */
    ValueWriter writeAlgorithm(ChecksumAlgorithm algorithm) {
        return writeString(algorithm == null ? null : algorithm.name());
    }

    ValueWriter writeChecksumType(ChecksumValue.ChecksumType type) {
        return writeString(type == null ? null : type.name());
    }

    ValueWriter writeChecksum(ChecksumValue checksum) {
        writeBoolean(checksum != null);
        if (checksum != null) {
            writeAlgorithm(checksum.algorithm());
            writeString(checksum.base64());
            writeChecksumType(checksum.type());
        }
        return this;
    }

    ValueWriter writeSegment(FileSegment segment) {
        bytes.writeBytes(segment.fileId().bytes());
        writeLong(segment.length());
        writeInt(segment.blockSize());
        writeInt(segment.blockCrcs().length);
        for (int crc : segment.blockCrcs()) {
            writeInt(crc);
        }
        return this;
    }

    ValueWriter writePart(PartInfo part) {
        writeInt(part.partNumber());
        writeLong(part.size());
        writeString(part.etag());
        writeInstant(part.lastModified());
        return writeChecksum(part.checksum());
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
