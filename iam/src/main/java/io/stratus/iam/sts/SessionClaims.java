package io.stratus.iam.sts;

import java.util.List;

/**
 * What a session token carries, sealed: the temporary key pair, who it acts as, until when, and the
 * session policies that narrow it.
 *
 * @param type {@code root} or {@code user} (GetSessionToken), {@code role} (AssumeRole*),
 *     {@code federated} (GetFederationToken)
 * @param principalArn the ARN the session acts as, e.g. arn:aws:sts::000000000000:assumed-role/R/s
 * @param userName the IAM user behind a user or federated session; null otherwise
 * @param roleName the role of a role session; null otherwise
 * @param userId the aws:userid value (e.g. {@code AROA...:session})
 * @param expiration epoch seconds after which the credentials are refused
 * @param policy the inline session policy JSON, or null
 * @param policyArns managed session policy ARNs (may be empty)
 */
public record SessionClaims(
        String accessKeyId,
        String secretAccessKey,
        String type,
        String principalArn,
        String userName,
        String roleName,
        String userId,
        long expiration,
        String policy,
        List<String> policyArns) {
    public SessionClaims {
        policyArns = List.copyOf(policyArns == null ? List.of() : policyArns);
    }

    @Override
    public String toString() {
        return "SessionClaims[" + accessKeyId + ", " + type + ", " + principalArn + ", expiration=" + expiration + "]";
    }
}
