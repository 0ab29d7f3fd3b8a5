package io.stratus.bench;

import static io.stratus.bench.RequestHeads.objectPath;
import static java.util.Objects.requireNonNull;

import io.stratus.bench.http.HttpConnection;
import io.stratus.bench.http.HttpConnection.BodyMode;
import io.stratus.bench.http.HttpResponse;
import java.io.IOException;
import java.util.Locale;

/** The untimed bucket calls a run makes around its measured steps: create, delete, probe for a key. */
final class BucketCalls {
    private final ConnectionPool pool;
    private final RequestHeads heads;

    BucketCalls(ConnectionPool pool, RequestHeads heads) {
        this.pool = requireNonNull(pool, "pool is null");
        this.heads = requireNonNull(heads, "heads is null");
    }

    void createBucket(String name) throws IOException {
        Reply reply = call("PUT", "/" + name, 0);
        // 409 BucketAlreadyOwnedByYou: a kept listing bucket from an earlier run
        if (reply.status() / 100 != 2 && reply.status() != 409) {
            throw new IOException("CreateBucket " + name + " failed: " + reply);
        }
    }

    void deleteBucket(String name) throws IOException {
        Reply reply = call("DELETE", "/" + name, -1);
        if (reply.status() / 100 != 2) {
            throw new IOException("DeleteBucket " + name + " failed: " + reply);
        }
    }

    boolean exists(String bucketName, String key) throws IOException {
        HttpConnection connection = pool.acquire();
        try {
            HttpResponse response = connection.exchange(heads.build("HEAD", objectPath(bucketName, key), "", -1), null,
                    0, true, BodyMode.DISCARD);
            return response.isSuccess();
        } finally {
            pool.release(connection);
        }
    }

    /** Fails a timed request that did not succeed, naming the S3 error code when there is one. */
    static void require(HttpResponse response, String operation, String key) throws RequestFailedException {
        if (!response.isSuccess()) {
            String code = response.element("Code");
            throw new RequestFailedException(String.format(Locale.ROOT, "%s %s: HTTP %d%s", operation, key,
                    response.status(), code == null ? "" : " " + code));
        }
    }

    private Reply call(String method, String path, long contentLength) throws IOException {
        HttpConnection connection = pool.acquire();
        try {
            HttpResponse response = connection.exchange(heads.build(method, path, "", contentLength), null, 0, false,
                    BodyMode.CAPTURE);
            return new Reply(response.status(), response.bodyText());
        } finally {
            pool.release(connection);
        }
    }

    private record Reply(int status, String body) {
        @Override
        public String toString() {
            return "HTTP " + status + (body.isEmpty() ? "" : " " + body);
        }
    }
}
