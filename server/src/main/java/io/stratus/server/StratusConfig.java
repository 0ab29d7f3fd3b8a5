package io.stratus.server;

import java.nio.file.Path;

/**
 * The one typed configuration of a Stratus process, assembled from flags and environment by
 * {@link StratusMain}. {@link #describe()} prints it with secrets masked.
 */
public record StratusConfig(
        Path dataDir,
        String host,
        int port,
        String region,
        String rootAccessKey,
        String rootSecretKey,
        long minFreeBytes,
        boolean directWrites) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 4566;
    public static final String DEFAULT_REGION = "us-east-1";
    public static final long DEFAULT_MIN_FREE_BYTES = 64L * 1024 * 1024;

    /** Embedded defaults with the given data directory and port (0 = any free port): what tests use. */
    public static StratusConfig forDataDir(Path dataDir, int port) {
        return new StratusConfig(dataDir, DEFAULT_HOST, port, DEFAULT_REGION, null, null, DEFAULT_MIN_FREE_BYTES, false);
    }

    public StratusConfig withRootCredentials(String accessKey, String secretKey) {
        return new StratusConfig(dataDir, host, port, region, accessKey, secretKey, minFreeBytes, directWrites);
    }

    public StratusConfig withDirectWrites(boolean value) {
        return new StratusConfig(dataDir, host, port, region, rootAccessKey, rootSecretKey, minFreeBytes, value);
    }

    public StratusConfig withPort(int newPort) {
        return new StratusConfig(dataDir, host, newPort, region, rootAccessKey, rootSecretKey, minFreeBytes, directWrites);
    }

    public String describe() {
        return "data-dir=" + dataDir.toAbsolutePath() + " host=" + host + " port=" + port + " region=" + region
                + " root-access-key=" + (rootAccessKey == null ? "(from data dir)" : rootAccessKey)
                + " root-secret-key=" + (rootSecretKey == null ? "(from data dir)" : "****")
                + " min-free-bytes=" + minFreeBytes + " direct-writes=" + directWrites;
    }
}
