package io.stratus.auth;

import java.util.Optional;

/** Finds the credential for an access key id; implemented by the identity store. */
public interface CredentialLookup {
    /**
     * @param accessKeyId the key id named in the request's credential scope
     * @param sessionToken the session token the request presented (X-Amz-Security-Token header or
     *     query parameter), or null when it carried none. Temporary credentials are verified from it
     *     alone, without a store lookup; long-term keys take none.
     * @return the credential; empty when the key id is unknown (InvalidAccessKeyId)
     * @throws AuthException when the token is refused, e.g. InvalidToken or ExpiredToken
     */
    Optional<Credential> find(String accessKeyId, String sessionToken);
}
