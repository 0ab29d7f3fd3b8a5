package io.stratus.bench;

import static io.stratus.bench.BenchRunner.listKey;
import static io.stratus.bench.BucketCalls.require;
import static io.stratus.bench.RequestHeads.encode;
import static io.stratus.bench.RequestHeads.objectPath;
import static java.util.Objects.requireNonNull;

import io.stratus.bench.StepExecutor.RequestTask;
import io.stratus.bench.Workload.ListSpec;
import io.stratus.bench.http.HttpConnection.BodyMode;
import io.stratus.bench.http.HttpResponse;
import io.stratus.bench.http.Payload;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The single-request operations of a run, as tasks for the event loop: each builds a signed
 * request and checks that the response is what S3 would answer (status, body size, key count),
 * so that a fast wrong answer counts as an error, not as throughput.
 */
final class RequestTasks {
    /** GET and HEAD cycle over at most this many of the keys PUT wrote (their signed heads are cached). */
    private static final int READ_KEYS_CAP = 10_000;
    /** A cached signature is re-made after this long (servers accept 15 minutes of skew). */
    private static final long RESIGN_NANOS = 5L * 60 * 1_000_000_000L;
    private static final byte[] KEY_MARKER = "<Key>".getBytes(StandardCharsets.US_ASCII);

    private final RequestHeads heads;
    private final Payload payload;

    RequestTasks(RequestHeads heads, Payload payload) {
        this.heads = requireNonNull(heads, "heads is null");
        this.payload = requireNonNull(payload, "payload is null");
    }

    RequestTask put(String bucket, KeyLedger ledger, int worker, long size, int maxKeys) {
        return new RequestTask() {
            private int sequence = -1;

            @Override
            public Request next() {
                if (sequence + 1 >= maxKeys) {
                    return null;
                }
                sequence++;
                byte[] head = heads.build("PUT", objectPath(bucket, ledger.key(worker, sequence)), "", size);
                return new Request(head, payload, size, false, BodyMode.DISCARD);
            }

            @Override
            public long complete(HttpResponse response) throws RequestFailedException {
                require(response, "PUT", ledger.key(worker, sequence));
                ledger.add(worker, sequence);
                return size;
            }
        };
    }

    RequestTask read(String bucket, KeyLedger ledger, int worker, long size, boolean headOnly) {
        int source = ledger.sourceFor(worker);
        int keys = Math.max(1, Math.min(ledger.count(source), READ_KEYS_CAP / ledger.workers()));
        byte[][] cached = new byte[keys][];
        long[] signedAt = new long[keys];
        // Workers sharing a source start at different keys.
        int[] next = {worker * 7919 % keys};
        String method = headOnly ? "HEAD" : "GET";
        return new RequestTask() {
            private int index;

            @Override
            public Request next() {
                index = next[0]++ % keys;
                long now = System.nanoTime();
                byte[] head = cached[index];
                if (head == null || now - signedAt[index] > RESIGN_NANOS) {
                    head = heads.build(method, objectPath(bucket, ledger.writtenKey(source, index)), "", -1);
                    cached[index] = head;
                    signedAt[index] = now;
                }
                return new Request(head, null, 0, headOnly, BodyMode.DISCARD);
            }

            @Override
            public long complete(HttpResponse response) throws RequestFailedException {
                require(response, method, ledger.writtenKey(source, index));
                if (!headOnly && response.bodyBytes() != size) {
                    throw new RequestFailedException("GET returned " + response.bodyBytes() + " bytes, expected " + size);
                }
                return response.bodyBytes();
            }
        };
    }

    /** DELETEs the keys {@code keys} gives in {@code bucketName} until it gives null. */
    RequestTask deletes(String bucketName, Supplier<String> keys) {
        return perKey("DELETE", bucketName, keys, -1);
    }

    /** PUTs an empty object under each key {@code keys} gives in {@code bucketName} until it gives null. */
    RequestTask emptyPuts(String bucketName, Supplier<String> keys) {
        return perKey("PUT", bucketName, keys, 0);
    }

    /** One bodiless request per key; {@code contentLength} as for {@link RequestHeads#build}. */
    private RequestTask perKey(String method, String bucketName, Supplier<String> keys, long contentLength) {
        return new RequestTask() {
            private String key;

            @Override
            public Request next() {
                key = keys.get();
                return key == null ? null
                        : Request.of(heads.build(method, objectPath(bucketName, key), "", contentLength), BodyMode.DISCARD);
            }

            @Override
            public long complete(HttpResponse response) throws RequestFailedException {
                require(response, method, key);
                return 0;
            }
        };
    }

    /** Random pages of the listing bucket, each of which must hold exactly a page of keys. */
    RequestTask list(ListSpec spec, long keys) {
        String pathPrefix = "/" + spec.bucket();
        int page = spec.pageSize();
        return new RequestTask() {
            private long after;

            @Override
            public Request next() {
                after = ThreadLocalRandom.current().nextLong(keys - page);
                String query = "list-type=2&max-keys=" + page + "&start-after=" + encode(listKey(after), false);
                return Request.of(heads.build("GET", pathPrefix, query, -1), BodyMode.CAPTURE);
            }

            @Override
            public long complete(HttpResponse response) throws RequestFailedException {
                require(response, "ListObjectsV2", spec.bucket());
                int listed = response.count(KEY_MARKER);
                if (listed != page) {
                    throw new RequestFailedException("ListObjectsV2 after " + listKey(after) + " returned " + listed
                            + " keys, expected " + page);
                }
                return response.bodyLength();
            }
        };
    }
}
