package io.stratus.storage;

import static java.util.Objects.requireNonNull;

/**
 * The value in the parts column family: one uploaded part and the data file holding it. Parts
 * always live in their own file (even small ones) so that completing an upload only moves file
 * references into the object record and its size stays bounded by the number of parts.
 */
record PartRecord(PartInfo info, FileSegment segment) {
    static final int FORMAT_VERSION = 1;

    PartRecord {
        requireNonNull(info, "info is null");
        requireNonNull(segment, "segment is null");
    }

    byte[] encode() {
        return new ValueWriter(FORMAT_VERSION).writePart(info).writeSegment(segment).toByteArray();
    }

    static PartRecord decode(byte[] value) {
        ValueReader in = ValueReader.open(value, FORMAT_VERSION, "part record");
        PartInfo info = in.readPart();
        return new PartRecord(info, in.readSegment());
    }
}
