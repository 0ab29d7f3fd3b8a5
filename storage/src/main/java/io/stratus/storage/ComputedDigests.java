package io.stratus.storage;

/**
 * What the engine computed while streaming a body to disk, handed to a {@link PreCommitCheck}
 * before anything becomes visible. {@code checksumBase64} is null when no algorithm was requested.
 */
public record ComputedDigests(long size, byte[] md5, String checksumBase64) {
}
