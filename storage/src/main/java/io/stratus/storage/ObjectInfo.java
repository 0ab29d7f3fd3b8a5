package io.stratus.storage;

import java.time.Instant;
import java.util.List;

/**
 * An object's stored record, without its bytes. {@code etag} has no quotes: hex MD5 for a single
 * PUT, {@code hex(md5 of part md5s)-N} for a multipart object. {@code checksum} may be null.
 * {@code parts} is empty for single-part objects, else the parts in order (sizes and checksums).
 */
public record ObjectInfo(
        String bucket,
        String key,
        long size,
        String etag,
        Instant lastModified,
        ObjectMetadata metadata,
        ChecksumValue checksum,
        List<PartInfo> parts) {
    public ObjectInfo {
        parts = List.copyOf(parts);
    }
}
