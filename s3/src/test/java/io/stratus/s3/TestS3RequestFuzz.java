package io.stratus.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.stratus.s3.support.BucketNames;
import io.stratus.s3.support.ByteRange;
import io.stratus.s3.support.CopySource;
import io.stratus.s3.support.IntegrityCheck;
import io.stratus.s3.support.MetadataHeaders;
import io.stratus.s3.support.ObjectKeys;
import io.stratus.s3.support.Preconditions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes what S3 makes of a request head before any handler runs: {@link S3Router} (path- and
 * virtual-host style, every sub-resource), then the header parsers (Range, x-amz-copy-source,
 * metadata and tagging, checksum headers, conditional headers). Each either succeeds or throws an
 * {@link S3Exception} with a client-error status (4xx, or 304 for a condition) — never another
 * exception, never InternalError, never a hang. Routing keeps keys as data: a routed path-style
 * request is exactly "/" + bucket + "/" + key, a virtual-host one "/" + key, dot segments included.
 *
 * <p>Input: see {@link FuzzedHead}; a header {@code x-fuzz-size: N} sets the object size Range is
 * resolved against. Seeds are under {@code TestS3RequestFuzzInputs/route}.
 */
class TestS3RequestFuzz {
    private static final S3Router ROUTER = new S3Router(List.of("localhost", "s3.localhost"));

    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    @FuzzTest
    void route(byte[] input) {
        FuzzedHead head = FuzzedHead.parse(input);
        expectOnlyS3Errors(() -> {
            S3Router.Route route = ROUTER.route(head);
            assertThat(route.operation()).isNotNull();
            if (route.key() != null) {
                assertThat(route.key()).isNotEmpty().doesNotContain("\0");
                assertThat(route.key().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ObjectKeys.MAX_KEY_BYTES);
                // Path style: "/" + bucket + "/" + key. Virtual-host style: the whole path is the key,
                // which may itself start with the bucket's name.
                assertThat(head.path()).isIn("/" + route.bucket() + "/" + route.key(), "/" + route.key());
            }
            if (route.bucket() != null) {
                BucketNames.isValid(route.bucket());
            }
        });
        long size = objectSize(head.header("x-fuzz-size"));
        expectOnlyS3Errors(() -> {
            ByteRange range = ByteRange.parse(head.header("range"), size);
            if (range != null) {
                assertThat(range.first()).isNotNegative();
                assertThat(range.length()).isPositive();
                assertThat(range.last()).isLessThan(size);
            }
        });
        if (head.header("x-amz-copy-source") != null) {
            expectOnlyS3Errors(() -> CopySource.parse(head.header("x-amz-copy-source")));
        }
        expectOnlyS3Errors(() -> MetadataHeaders.read(head.headerEntries()));
        expectOnlyS3Errors(() -> IntegrityCheck.requestedAlgorithm(head::header));
        expectOnlyS3Errors(() -> Preconditions.checkRead(head::header, "0123456789abcdef0123456789abcdef",
                Instant.parse("2024-01-01T00:00:00Z")));
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void expectOnlyS3Errors(Step step) {
        try {
            step.run();
        } catch (S3Exception e) {
            assertThat(e.httpStatus()).as(e.code()).isIn(304, 400, 403, 404, 405, 411, 412, 416, 501);
            assertThat(e.code()).isNotEqualTo("InternalError");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("undocumented failure", e);
        }
    }

    private static long objectSize(String header) {
        try {
            return header == null ? 1000 : Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return 1000;
        }
    }
}
