package io.stratus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The canonical URI and query forms that decide whether clients' signatures verify. */
class TestAwsEncoding {
    private static String canonicalQuery(String rawQuery) {
        return AwsEncoding.canonicalQuery(AwsEncoding.parseQuery(rawQuery), null);
    }

    @Test
    void queryIsDecodedReencodedAndSorted() {
        assertThat(canonicalQuery("b=2&a=x%20y&a=%2B&c=&d")).isEqualTo("a=%2B&a=x%20y&b=2&c=&d=");
        assertThat(canonicalQuery("prefix=a%2fb&delimiter=/&marker=%7E~")).isEqualTo("delimiter=%2F&marker=~~&prefix=a%2Fb");
        assertThat(canonicalQuery("k=%3D%26%3F%23&uploads")).isEqualTo("k=%3D%26%3F%23&uploads=");
        assertThat(canonicalQuery("key=caf%C3%A9&&")).isEqualTo("key=caf%C3%A9");
    }

    @Test
    void rawPlusInQueryMeansSpace() {
        assertThat(canonicalQuery("prefix=a+b&literal=a%2Bb")).isEqualTo("literal=a%2Bb&prefix=a%20b");
    }

    @Test
    void s3PathKeepsTheClientsEncoding() {
        assertThat(AwsEncoding.canonicalUri("/test$file.text", true)).isEqualTo("/test%24file.text");
        assertThat(AwsEncoding.canonicalUri("/bucket/a%2Fb%20c", true)).isEqualTo("/bucket/a%2Fb%20c");
        assertThat(AwsEncoding.canonicalUri("/bucket/caf\u00e9", true)).isEqualTo("/bucket/caf%C3%A9");
        assertThat(AwsEncoding.canonicalUri("", true)).isEqualTo("/");
    }

    @Test
    void otherServicesEncodeThePathOnceMore() {
        assertThat(AwsEncoding.canonicalUri("/a%20b/", false)).isEqualTo("/a%2520b/");
        assertThat(AwsEncoding.canonicalUri("/example space/", false)).isEqualTo("/example%20space/");
    }
}
