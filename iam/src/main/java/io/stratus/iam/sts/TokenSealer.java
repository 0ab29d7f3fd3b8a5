package io.stratus.iam.sts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals {@link SessionClaims} into session tokens with AES-256-GCM (authenticated encryption: a
 * token cannot be read or altered without the key). The key lives in the data directory
 * ({@code sts-token.key}, owner-only), created on first start.
 *
 * <p>Token layout, base64url without padding: format byte (1) | 12-byte nonce | ciphertext + 16-byte tag.
 */
public final class TokenSealer {
    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] AAD = "stratus-sts-session-token".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public TokenSealer(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("an AES-256 key has 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** Loads the key from {@code keyFile}, creating it (random, owner-only, fsynced) when missing. */
    public static TokenSealer fromKeyFile(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                Path temp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
                Files.deleteIfExists(temp);
                try {
                    Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(temp);
                }
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    channel.write(java.nio.ByteBuffer.wrap(key));
                    channel.force(true);
                }
                Files.move(temp, keyFile, StandardCopyOption.ATOMIC_MOVE);
            }
            return new TokenSealer(Files.readAllBytes(keyFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the STS token key " + keyFile, e);
        }
    }

    public String seal(SessionClaims claims) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(AAD);
            byte[] sealed = cipher.doFinal(json.writeValueAsBytes(claims));
            byte[] token = new byte[1 + NONCE_BYTES + sealed.length];
            token[0] = FORMAT;
            System.arraycopy(nonce, 0, token, 1, NONCE_BYTES);
            System.arraycopy(sealed, 0, token, 1 + NONCE_BYTES, sealed.length);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot seal a session token", e);
        }
    }

    /** The claims of a token sealed with this key; empty for anything else (forged, altered, garbage). */
    public Optional<SessionClaims> unseal(String token) {
        if (token == null || token.isEmpty() || token.length() > 16 * 1024) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(token);
            if (bytes.length < 1 + NONCE_BYTES + TAG_BITS / 8 || bytes[0] != FORMAT) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 1, NONCE_BYTES));
            cipher.updateAAD(AAD);
            byte[] plain = cipher.doFinal(bytes, 1 + NONCE_BYTES, bytes.length - 1 - NONCE_BYTES);
            return Optional.of(json.readValue(plain, SessionClaims.class));
        } catch (IllegalArgumentException | GeneralSecurityException | IOException e) {
            return Optional.empty();
        }
    }
}
