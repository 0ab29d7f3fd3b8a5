package io.stratus.server.s3;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** AWS SDK v2 clients for the identity tests, with default settings, signed with the given credentials. */
final class IdentityClients {
    private IdentityClients() {
    }

    static IamClient iam(URI endpoint, AwsCredentials credentials) {
        return IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).build();
    }

    static StsClient sts(URI endpoint, AwsCredentials credentials) {
        return StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).build();
    }

    static S3Client s3(URI endpoint, AwsCredentials credentials) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).build();
    }

    static AwsCredentials basic(String accessKeyId, String secretKey) {
        return AwsBasicCredentials.create(accessKeyId, secretKey);
    }

    static AwsCredentials session(Credentials temporary) {
        return AwsSessionCredentials.create(temporary.accessKeyId(), temporary.secretAccessKey(),
                temporary.sessionToken());
    }

    /** "Code/status" of a failed call to any service, e.g. {@code AccessDenied/403}. */
    static String failure(Runnable call) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            return code + "/" + e.statusCode();
        }
        throw new AssertionError("expected the call to fail");
    }
}
