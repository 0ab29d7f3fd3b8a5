package io.stratus.iam.store;

import io.stratus.iam.IamError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * One page of an IAM List* result, as the query API pages: {@code Marker} / {@code MaxItems} in,
 * {@code IsTruncated} / {@code Marker} out.
 *
 * @param items the page's items, in listing order
 * @param marker what the client sends as {@code Marker} for the next page; null on the last page.
 *     It is opaque to clients (base64url of the last item's sort key), like AWS's.
 */
public record Page<T>(List<T> items, String marker) {
    public Page {
        items = List.copyOf(items);
    }

    public boolean truncated() {
        return marker != null;
    }

    /**
     * Pages a list held in memory (an entity's inline policy names, its attached policies, tags):
     * sorted by {@code sortKey}, the items after the one {@code marker} names, at most {@code maxItems}.
     */
    public static <T> Page<T> of(List<T> all, Function<T, String> sortKey, String marker, int maxItems) {
        List<T> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(sortKey));
        String after = marker == null ? null : decode(marker);
        List<T> items = new ArrayList<>();
        for (T item : sorted) {
            if (after != null && sortKey.apply(item).compareTo(after) <= 0) {
                continue;
            }
            if (items.size() == maxItems) {
                return new Page<>(items, encode(sortKey.apply(items.get(items.size() - 1))));
            }
            items.add(item);
        }
        return new Page<>(items, null);
    }

    static String encode(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws io.stratus.iam.IamException ValidationError for a marker this server did not hand out */
    static String decode(String marker) {
        try {
            return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw IamError.VALIDATION_ERROR.exception("Invalid Marker: " + marker);
        }
    }
}
