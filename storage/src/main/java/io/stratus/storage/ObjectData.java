package io.stratus.storage;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Where an object's bytes are: inside its metadata record, or in data files (in order). */
sealed interface ObjectData {
    /** Bytes stored in the record, with their CRC32C (checked before serving them). */
    record Inline(byte[] bytes, int crc32c) implements ObjectData {
        public Inline {
            requireNonNull(bytes, "bytes is null");
        }
    }

    /** One segment for a single PUT, one per part (in part order) for a multipart object. */
    record Files(List<FileSegment> segments) implements ObjectData {
        public Files {
            segments = List.copyOf(segments);
        }
    }

    default List<FileId> fileIds() {
        if (this instanceof Files files) {
            return files.segments().stream().map(FileSegment::fileId).toList();
        }
        return List.of();
    }
}
