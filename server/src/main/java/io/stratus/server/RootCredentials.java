package io.stratus.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;

/**
 * The root access key pair. Taken from configuration when given; otherwise generated on first
 * start, stored in {@code <data-dir>/root-credentials} (mode 0600) and reused. There is no
 * built-in default secret.
 */
public record RootCredentials(String accessKeyId, String secretKey, boolean generated) {
    static final String FILE_NAME = "root-credentials";
    private static final char[] KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    public static RootCredentials resolve(StratusConfig config) throws IOException {
        if (config.rootAccessKey() != null && config.rootSecretKey() != null) {
            return new RootCredentials(config.rootAccessKey(), config.rootSecretKey(), false);
        }
        if (config.rootAccessKey() != null || config.rootSecretKey() != null) {
            throw new IllegalArgumentException("Set both STRATUS_ROOT_ACCESS_KEY and STRATUS_ROOT_SECRET_KEY, or neither");
        }
        Path file = config.dataDir().resolve(FILE_NAME);
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 2 || lines.get(0).isBlank() || lines.get(1).isBlank()) {
                throw new IOException("Malformed " + file + ": expected access key and secret key on two lines");
            }
            return new RootCredentials(lines.get(0).trim(), lines.get(1).trim(), false);
        }
        SecureRandom random = new SecureRandom();
        RootCredentials created = new RootCredentials("AKIA" + random(random, KEY_ALPHABET, 16), random(random, SECRET_ALPHABET, 40), true);
        Files.createDirectories(config.dataDir());
        Path tmp = config.dataDir().resolve(FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, created.accessKeyId + "\n" + created.secretKey + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return created;
    }

    private static String random(SecureRandom random, char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }

    @Override
    public String toString() {
        return "RootCredentials[" + accessKeyId + ", ****]";
    }
}
