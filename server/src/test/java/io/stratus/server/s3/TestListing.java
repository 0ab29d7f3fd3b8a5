package io.stratus.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

class TestListing extends S3TestBase {
    private static String bucket;
    private static final List<String> KEYS = new ArrayList<>();

    @BeforeAll
    static void fill() {
        bucket = newBucket();
        for (String dir : new String[] {"a/", "b/", "b/c/", "ü/"}) {
            for (int i = 0; i < 7; i++) {
                KEYS.add(dir + "file" + i);
            }
        }
        KEYS.add("top1");
        KEYS.add("top2");
        KEYS.add("a");
        KEYS.add("a-b");
        for (String k : KEYS) {
            put(bucket, k, k);
        }
    }

    @Test
    void listsAllKeysInUtf8ByteOrder() {
        List<String> seen = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).maxKeys(5)).contents().forEach(o -> seen.add(o.key()));
        assertThat(seen).containsExactlyElementsOf(new TreeSet<>(KEYS));
        assertThat(seen.get(seen.size() - 1)).startsWith("ü/");
    }

    @Test
    void delimiterGivesCommonPrefixes() {
        ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/"));
        assertThat(r.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a/", "b/", "ü/");
        assertThat(r.contents()).extracting(S3Object::key).containsExactly("a", "a-b", "top1", "top2");
        assertThat(r.keyCount()).isEqualTo(7);
        ListObjectsV2Response nested = s3.listObjectsV2(b -> b.bucket(bucket).prefix("b/").delimiter("/"));
        assertThat(nested.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("b/c/");
        assertThat(nested.contents()).hasSize(7);
    }

    @Test
    void paginationWithDelimiterNeverRepeatsAPrefix() {
        List<String> entries = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).delimiter("/").maxKeys(1)).forEach(page -> {
            page.commonPrefixes().forEach(p -> entries.add(p.prefix()));
            page.contents().forEach(o -> entries.add(o.key()));
        });
        assertThat(entries).containsExactlyInAnyOrder("a/", "b/", "ü/", "a", "a-b", "top1", "top2");
        List<String> v1 = new ArrayList<>();
        String marker = null;
        while (true) {
            String m = marker;
            var page = s3.listObjects(b -> b.bucket(bucket).delimiter("/").maxKeys(2).marker(m));
            page.commonPrefixes().forEach(p -> v1.add(p.prefix()));
            page.contents().forEach(o -> v1.add(o.key()));
            if (!page.isTruncated()) {
                break;
            }
            marker = page.nextMarker();
        }
        assertThat(v1).containsExactlyInAnyOrder("a/", "b/", "ü/", "a", "a-b", "top1", "top2");
    }

    @Test
    void startAfterAndMaxKeys() {
        ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(bucket).startAfter("b/file6").maxKeys(3));
        assertThat(r.contents()).extracting(S3Object::key).containsExactly("top1", "top2", "ü/file0");
        assertThat(r.isTruncated()).isTrue();
        assertThat(r.nextContinuationToken()).isNotNull();
        assertThat(errorCode(() -> s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(-1)))).isEqualTo("InvalidArgument");
    }

    @Test
    void listV1WithMarker() {
        var r = s3.listObjects(b -> b.bucket(bucket).marker("top1").maxKeys(2));
        assertThat(r.contents()).extracting(S3Object::key).containsExactly("top2", "ü/file0");
        assertThat(r.isTruncated()).isTrue();
    }

    @Test
    void urlEncodingTypeRoundTrips() {
        ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(bucket).prefix("ü/").encodingType(EncodingType.URL).maxKeys(1));
        // The SDK decodes url-encoded keys for us; the key must come back as stored.
        assertThat(r.contents()).extracting(S3Object::key).containsExactly("ü/file0");
    }

    @Test
    void listObjectVersionsOfUnversionedBucket() {
        var r = s3.listObjectVersions(b -> b.bucket(bucket).prefix("a/"));
        assertThat(r.versions()).hasSize(7);
        assertThat(r.versions()).allSatisfy(v -> {
            assertThat(v.versionId()).isEqualTo("null");
            assertThat(v.isLatest()).isTrue();
        });
    }
}
