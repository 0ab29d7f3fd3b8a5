package io.stratus.storage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The value in the objects column family: what {@link ObjectInfo} shows plus where the bytes are.
 * The encoding puts the data locations last so that listing and HEAD decode only the head of a
 * record (a big multipart object's block CRC list is never parsed to list it).
 */
record ObjectRecord(long size, String etag, Instant lastModified, ObjectMetadata metadata,
                    ChecksumValue checksum, List<PartInfo> parts, ObjectData data) {
    static final int FORMAT_VERSION = 1;
    private static final int INLINE = 1;
    private static final int FILES = 2;

    ObjectRecord {
        requireNonNull(etag, "etag is null");
        requireNonNull(lastModified, "lastModified is null");
        requireNonNull(metadata, "metadata is null");
        parts = List.copyOf(parts);
        requireNonNull(data, "data is null");
    }

    ObjectInfo toInfo(String bucket, String key) {
        return new ObjectInfo(bucket, key, size, etag, lastModified, metadata, checksum, parts);
    }

    ObjectRecord withMetadata(ObjectMetadata newMetadata, Instant modified) {
        return new ObjectRecord(size, etag, modified, newMetadata, checksum, parts, data);
    }

    byte[] encode() {
        ValueWriter out = new ValueWriter(FORMAT_VERSION)
                .writeLong(size)
                .writeString(etag)
                .writeInstant(lastModified)
                .writeMetadata(metadata)
                .writeChecksum(checksum)
                .writeInt(parts.size());
        parts.forEach(out::writePart);
        if (data instanceof ObjectData.Inline inline) {
            out.writeByte(INLINE).writeBytes(inline.bytes()).writeInt(inline.crc32c());
        } else {
            List<FileSegment> segments = ((ObjectData.Files) data).segments();
            out.writeByte(FILES).writeInt(segments.size());
            segments.forEach(out::writeSegment);
        }
        return out.toByteArray();
    }

    static ObjectRecord decode(byte[] value) {
        ValueReader in = ValueReader.open(value, FORMAT_VERSION, "object record");
        Head head = readHead(in);
        ObjectData data;
        int kind = in.readByte();
        if (kind == INLINE) {
            byte[] bytes = in.readBytes();
            data = new ObjectData.Inline(bytes, in.readInt());
        } else if (kind == FILES) {
            int count = in.readInt();
            List<FileSegment> segments = new ArrayList<>(Math.max(0, count));
            for (int i = 0; i < count; i++) {
                segments.add(in.readSegment());
            }
            data = new ObjectData.Files(segments);
        } else {
            throw new IllegalStateException("object record: unknown data kind " + kind);
        }
        return new ObjectRecord(head.size, head.etag, head.lastModified, head.metadata, head.checksum, head.parts, data);
    }

    /** Decodes only what {@link ObjectInfo} needs. */
    static ObjectInfo decodeInfo(String bucket, String key, byte[] value) {
        Head head = readHead(ValueReader.open(value, FORMAT_VERSION, "object record"));
        return new ObjectInfo(bucket, key, head.size, head.etag, head.lastModified, head.metadata, head.checksum, head.parts);
    }

    private static Head readHead(ValueReader in) {
        long size = in.readLong();
        String etag = in.readString();
        Instant lastModified = in.readInstant();
        ObjectMetadata metadata = in.readMetadata();
        ChecksumValue checksum = in.readChecksum();
        int partCount = in.readInt();
        List<PartInfo> parts = new ArrayList<>(Math.max(0, partCount));
        for (int i = 0; i < partCount; i++) {
            parts.add(in.readPart());
        }
        return new Head(size, etag, lastModified, metadata, checksum, parts);
    }

    private record Head(long size, String etag, Instant lastModified, ObjectMetadata metadata,
                        ChecksumValue checksum, List<PartInfo> parts) {
    }
}
