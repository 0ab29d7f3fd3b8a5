package io.stratus.storage;

import static io.stratus.storage.StorageTesting.put;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestObjectListing {
    private static final Comparator<String> UTF8_ORDER = (a, b) -> Arrays.compareUnsigned(a.getBytes(UTF_8), b.getBytes(UTF_8));

    private LocalStorageEngine engine;
    private final List<String> keys = new ArrayList<>();

    @BeforeAll
    void fill(@TempDir Path dir) throws Exception {
        engine = LocalStorageEngine.open(dir, StorageOptions.defaults());
        engine.buckets().create("b", "us-east-1");
        engine.buckets().create("other", "us-east-1");
        keys.addAll(List.of("a", "a/", "a//", "a//x", "a/b", "a/b/c", "a/b/d", "a/c", "a0", "b", "b/", "c//d//e",
                "é/x", "é/y", "日本/1", "日本/2", "日本語", "\uFF5E/x", "😀/x", "😀", "z", "z/z/z", "~"));
        for (int d = 0; d < 40; d++) {
            for (int f = 0; f < 50; f++) {
                keys.add(String.format("dir%02d/file%02d", d, f));
            }
        }
        for (int i = 0; i < 300; i++) {
            keys.add(String.format("flat%03d", i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String key : keys) {
                futures.add(pool.submit(() -> put(engine, "b", key, key.getBytes(UTF_8))));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        put(engine, "other", "a/b", new byte[] {1});
        keys.sort(UTF8_ORDER);
    }

    @AfterAll
    void close() {
        engine.close();
    }

    @Test
    void paginatedListingsMatchTheModel() throws Exception {
        String[] prefixes = {null, "", "a", "a/", "dir1", "dir07/", "é", "日本", "zz", "flat1"};
        String[] delimiters = {null, "/", "//", "1"};
        int[] pageSizes = {1, 2, 7, 50, 1000, 5000};
        for (String prefix : prefixes) {
            for (String delimiter : delimiters) {
                List<String> expected = model(prefix, delimiter, null);
                for (int pageSize : pageSizes) {
                    if (pageSize < 7 && expected.size() > 200) {
                        continue; // tiny pages over thousands of entries prove nothing new and take long
                    }
                    assertThat(paginate(prefix, delimiter, null, pageSize))
                            .as("prefix=%s delimiter=%s pageSize=%s", prefix, delimiter, pageSize)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void startAfterIsExclusiveAndSkipsACommonPrefix() throws Exception {
        String[] starts = {"a", "a/", "a/b", "a/b/", "a//", "dir03/", "dir03/file10", "é", "日本/", "😀", "zzz", "0"};
        for (String startAfter : starts) {
            for (String delimiter : new String[] {null, "/"}) {
                assertThat(paginate(null, delimiter, startAfter, 100))
                        .as("startAfter=%s delimiter=%s", startAfter, delimiter)
                        .isEqualTo(model(null, delimiter, startAfter));
            }
        }
        ListResult afterPrefix = list(null, "/", "dir03/", 2);
        assertThat(afterPrefix.commonPrefixes()).containsExactly("dir04/", "dir05/");
        assertThat(afterPrefix.objects()).isEmpty();
    }

    @Test
    void pageBoundaryOnACommonPrefixDoesNotRepeatIt() throws Exception {
        ListResult one = list(null, "/", null, 2);
        assertThat(entries(one)).containsExactly("K:a", "P:a/");
        assertThat(one.truncated()).isTrue();
        assertThat(one.nextStartAfter()).isEqualTo("a/");
        // Continuing right after a prefix skips every key under it.
        ListResult two = list(null, "/", one.nextStartAfter(), 2);
        assertThat(entries(two)).containsExactly("K:a0", "K:b");
    }

    @Test
    void entriesCarryTheirRecords() throws Exception {
        ListResult result = list("a/b", null, null, 10);
        assertThat(result.objects()).extracting(ObjectInfo::key).containsExactly("a/b", "a/b/c", "a/b/d");
        assertThat(result.objects().get(1).size()).isEqualTo("a/b/c".length());
        assertThat(result.objects().get(1).etag()).isEqualTo(StorageTesting.md5Hex("a/b/c".getBytes(UTF_8)));
        assertThat(result.objects().get(1).bucket()).isEqualTo("b");
        assertThat(result.truncated()).isFalse();
        assertThat(result.nextStartAfter()).isEqualTo("a/b/d");
    }

    @Test
    void maxKeysZeroReturnsNothing() throws Exception {
        ListResult result = list(null, null, null, 0);
        assertThat(result.objects()).isEmpty();
        assertThat(result.commonPrefixes()).isEmpty();
        assertThat(result.truncated()).isTrue();
        assertThat(result.nextStartAfter()).isNull();
        ListResult none = list("nothing-here", null, null, 0);
        assertThat(none.truncated()).isFalse();
    }

    @Test
    void bucketsDoNotSeeEachOther() throws Exception {
        ListResult other = engine.objects().list(new ListRequest("other", null, null, null, 100));
        assertThat(other.objects()).extracting(ObjectInfo::key).containsExactly("a/b");
        assertThat(engine.objects().keys("other", "a", 10)).containsExactly("a/b");
    }

    private ListResult list(String prefix, String delimiter, String startAfter, int max) throws Exception {
        return engine.objects().list(new ListRequest("b", prefix, delimiter, startAfter, max));
    }

    private List<String> paginate(String prefix, String delimiter, String startAfter, int pageSize) throws Exception {
        List<String> all = new ArrayList<>();
        String next = startAfter;
        while (true) {
            ListResult page = list(prefix, delimiter, next, pageSize);
            List<String> entries = entries(page);
            assertThat(entries.size()).isLessThanOrEqualTo(pageSize);
            all.addAll(entries);
            if (!page.truncated()) {
                return all;
            }
            assertThat(entries).isNotEmpty();
            next = page.nextStartAfter();
            assertThat(entries.get(entries.size() - 1)).endsWith(next);
        }
    }

    /** A page's entries in listing order: objects and prefixes merged by key. */
    private static List<String> entries(ListResult result) {
        List<String> entries = new ArrayList<>();
        result.objects().forEach(o -> entries.add("K:" + o.key()));
        result.commonPrefixes().forEach(p -> entries.add("P:" + p));
        entries.sort(Comparator.comparing((String e) -> e.substring(2), UTF8_ORDER));
        return entries;
    }

    /** The obvious definition: every key under the prefix, rolled up, then those after startAfter. */
    private List<String> model(String prefix, String delimiter, String startAfter) {
        String p = prefix == null ? "" : prefix;
        List<String> entries = new ArrayList<>();
        for (String key : keys) {
            if (!key.startsWith(p)) {
                continue;
            }
            String entry = "K:" + key;
            if (delimiter != null) {
                int at = key.indexOf(delimiter, p.length());
                if (at >= 0) {
                    entry = "P:" + key.substring(0, at + delimiter.length());
                }
            }
            if (entries.isEmpty() || !entries.get(entries.size() - 1).equals(entry)) {
                entries.add(entry);
            }
        }
        if (startAfter != null) {
            entries.removeIf(e -> UTF8_ORDER.compare(e.substring(2), startAfter) <= 0);
        }
        return entries;
    }
}
