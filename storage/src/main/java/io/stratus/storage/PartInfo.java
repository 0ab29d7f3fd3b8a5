package io.stratus.storage;

import java.time.Instant;

/**
 * One uploaded part (while an upload is in progress) or one part of a completed multipart object.
 * {@code etag} is the hex MD5 without quotes; {@code checksum} is null when none was requested.
 */
public record PartInfo(int partNumber, long size, String etag, Instant lastModified, ChecksumValue checksum) {
}
