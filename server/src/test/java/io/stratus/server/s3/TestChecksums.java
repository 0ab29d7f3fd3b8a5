package io.stratus.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** Default SDK checksum behaviour (aws-chunked with trailing checksums) and every algorithm S3 offers. */
class TestChecksums extends S3TestBase {
    @Test
    void everyAlgorithmIsVerifiedStoredAndReturned() throws Exception {
        String bucket = newBucket();
        byte[] body = "the quick brown fox".getBytes(StandardCharsets.UTF_8);
        // CRC64NVME needs the AWS CRT in the SDK to compute; it is covered below with a precomputed value.
        for (ChecksumAlgorithm algorithm : new ChecksumAlgorithm[] {ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32_C,
                ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256}) {
            String key = "obj-" + algorithm;
            s3.putObject(b -> b.bucket(bucket).key(key).checksumAlgorithm(algorithm), RequestBody.fromBytes(body));
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
            String value = switch (algorithm) {
                case CRC32 -> head.checksumCRC32();
                case CRC32_C -> head.checksumCRC32C();
                case CRC64_NVME -> head.checksumCRC64NVME();
                case SHA1 -> head.checksumSHA1();
                case SHA256 -> head.checksumSHA256();
                default -> null;
            };
            assertThat(value).as(algorithm.toString()).isNotNull();
            if (algorithm == ChecksumAlgorithm.SHA256) {
                assertThat(value).isEqualTo(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body)));
            }
            // GET with checksum mode makes the SDK validate the body against the returned checksum.
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED)).asByteArray())
                    .isEqualTo(body);
        }
    }

    @Test
    void crc64NvmeSentByTheClientIsVerified() {
        String bucket = newBucket();
        byte[] body = "123456789".getBytes(StandardCharsets.UTF_8);
        // CRC-64/NVME check value of "123456789" is 0xae8b14860a799888.
        String value = Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex("ae8b14860a799888"));
        s3.putObject(b -> b.bucket(bucket).key("nvme").checksumCRC64NVME(value), RequestBody.fromBytes(body));
        assertThat(s3.headObject(b -> b.bucket(bucket).key("nvme").checksumMode(ChecksumMode.ENABLED)).checksumCRC64NVME())
                .isEqualTo(value);
        String wrong = Base64.getEncoder().encodeToString(new byte[8]);
        assertThat(errorCode(() -> s3.putObject(b -> b.bucket(bucket).key("nvme2").checksumCRC64NVME(wrong),
                RequestBody.fromBytes(body)))).isEqualTo("BadDigest");
    }

    @Test
    void objectsWithoutAChosenAlgorithmGetCrc64Nvme() {
        String bucket = newBucket();
        // The SDK default (when_supported) sends CRC32 in a trailer; a plain PUT still ends with a checksum.
        put(bucket, "plain", "data");
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("plain").checksumMode(ChecksumMode.ENABLED));
        assertThat(head.checksumCRC32() != null || head.checksumCRC64NVME() != null).isTrue();
    }

    @Test
    void wrongChecksumIsRejectedAndStoresNothing() {
        String bucket = newBucket();
        assertThat(errorCode(() -> s3.putObject(b -> b.bucket(bucket).key("bad").checksumCRC32("AAAAAA=="),
                RequestBody.fromString("payload")))).isEqualTo("BadDigest");
        assertThat(errorCode(() -> s3.putObject(b -> b.bucket(bucket).key("bad").checksumSHA256(
                Base64.getEncoder().encodeToString(new byte[32])), RequestBody.fromString("payload")))).isEqualTo("BadDigest");
        assertThat(errorCode(() -> s3.putObject(b -> b.bucket(bucket).key("bad").checksumCRC32("not-base64!"),
                RequestBody.fromString("payload")))).isEqualTo("InvalidRequest");
        assertThat(errorStatus(() -> s3.headObject(b -> b.bucket(bucket).key("bad")))).isEqualTo(404);
    }

    @Test
    void contentMd5IsVerified() throws Exception {
        String bucket = newBucket();
        String good = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest("abc".getBytes(StandardCharsets.UTF_8)));
        s3.putObject(b -> b.bucket(bucket).key("md5").contentMD5(good), RequestBody.fromString("abc"));
        assertThat(get(bucket, "md5")).isEqualTo("abc");
        String wrong = Base64.getEncoder().encodeToString(new byte[16]);
        assertThat(errorCode(() -> s3.putObject(b -> b.bucket(bucket).key("md5").contentMD5(wrong), RequestBody.fromString("xyz"))))
                .isEqualTo("BadDigest");
        assertThat(errorCode(() -> s3.putObject(b -> b.bucket(bucket).key("md5").contentMD5("short"), RequestBody.fromString("xyz"))))
                .isEqualTo("InvalidDigest");
        assertThat(get(bucket, "md5")).isEqualTo("abc");
    }
}
