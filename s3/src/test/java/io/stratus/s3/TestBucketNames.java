package io.stratus.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.stratus.s3.support.BucketNames;
import org.junit.jupiter.api.Test;

class TestBucketNames {
    @Test
    void acceptsAwsValidNames() {
        for (String n : new String[] {"abc", "my-bucket", "my.bucket.name", "a1b2c3", "x".repeat(63), "123bucket"}) {
            assertThat(BucketNames.isValid(n)).as(n).isTrue();
        }
    }

    @Test
    void rejectsInvalidNames() {
        for (String n : new String[] {"ab", "x".repeat(64), "Bucket", "bucket_", "-bucket", "bucket-", ".bucket", "a..b",
                "a.-b", "a-.b", "10.0.0.1", "xn--abc", "sthree-x", "foo-s3alias", "foo--ol-s3", "bad bucket", ""}) {
            assertThat(BucketNames.isValid(n)).as(n).isFalse();
        }
    }
}
