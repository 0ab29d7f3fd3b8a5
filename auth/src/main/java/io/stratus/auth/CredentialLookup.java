package io.stratus.auth;

import java.util.Optional;

/** Finds the credential for an access key id; implemented by the identity store. */
public interface CredentialLookup {
    Optional<Credential> find(String accessKeyId);
}
