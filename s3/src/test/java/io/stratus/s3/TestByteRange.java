package io.stratus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stratus.s3.support.ByteRange;
import org.junit.jupiter.api.Test;

class TestByteRange {
    @Test
    void parsesTheThreeForms() throws Exception {
        assertThat(ByteRange.parse("bytes=0-9", 100)).isEqualTo(new ByteRange(0, 10));
        assertThat(ByteRange.parse("bytes=90-", 100)).isEqualTo(new ByteRange(90, 10));
        assertThat(ByteRange.parse("bytes=-5", 100)).isEqualTo(new ByteRange(95, 5));
        assertThat(ByteRange.parse("bytes=-500", 100)).isEqualTo(new ByteRange(0, 100));
        assertThat(ByteRange.parse("bytes=50-5000", 100)).isEqualTo(new ByteRange(50, 50));
    }

    @Test
    void unsatisfiableIs416() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=100-", 100)).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.httpStatus()).isEqualTo(416));
        assertThatThrownBy(() -> ByteRange.parse("bytes=-0", 100)).isInstanceOf(S3Exception.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0)).isInstanceOf(S3Exception.class);
    }

    @Test
    void junkAndOverflowAreIgnored() throws Exception {
        assertThat(ByteRange.parse("bytes=99999999999999999999-", 100)).isNull();
        assertThat(ByteRange.parse("bytes=5-2", 100)).isNull();
        assertThat(ByteRange.parse("bytes=0-1,5-6", 100)).isNull();
        assertThat(ByteRange.parse("items=0-1", 100)).isNull();
        assertThat(ByteRange.parse("bytes=-", 100)).isNull();
        assertThat(ByteRange.parse("bytes=a-b", 100)).isNull();
        assertThat(ByteRange.parse("bytes=-9223372036854775807", 100)).isEqualTo(new ByteRange(0, 100));
    }
}
