package io.stratus.s3;

import java.util.List;

/**
 * Settings of the S3 protocol layer. {@code virtualHostDomains}: a request whose Host is
 * {@code <bucket>.<domain>} is virtual-host style. {@code ownerId}/{@code ownerName} are what
 * listings show as the owner of everything (the account's canonical user).
 */
public record S3Config(String region, List<String> virtualHostDomains, String ownerId, String ownerName) {
    public S3Config {
        virtualHostDomains = List.copyOf(virtualHostDomains);
    }

    public static S3Config defaults(String region) {
        return new S3Config(region, List.of("localhost", "s3.localhost", "localhost.localstack.cloud"),
                "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a", "stratus");
    }
}
