package io.stratus.s3;

import static java.util.Objects.requireNonNull;

import io.stratus.auth.AuthContext;
import io.stratus.auth.AuthException;
import io.stratus.auth.SigV4Authenticator;
import io.stratus.auth.SignedRequest;
import io.stratus.http.HttpExchange;
import io.stratus.http.HttpRequestHead;
import io.stratus.http.HttpService;
import io.stratus.http.RequestBodyTimeoutException;
import io.stratus.kv.CacheOnlyReads;
import io.stratus.s3.support.CopySource;
import io.stratus.kv.WouldBlockException;
import io.stratus.storage.ObjectStore;
import io.stratus.storage.StorageEngine;
import io.stratus.storage.StorageException;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3 REST API: authenticate, route once into an {@link S3Operation}, authorise once, then run
 * the operation's handler. Every failure is rendered here, by {@link S3ErrorRenderer}.
 */
public final class S3Service implements HttpService {
    private static final Logger log = LoggerFactory.getLogger(S3Service.class);
    private static final String INTERNAL_PREFIX = "/_stratus/";

    private final S3Router router;
    private final SigV4Authenticator authenticator;
    private final S3Authorizer authorizer;
    private final S3Handlers handlers;
    private final ObjectStore objects;
    private final String region;

    public S3Service(S3Config config, StorageEngine storage, SigV4Authenticator authenticator, S3Authorizer authorizer) {
        this(config, storage, authenticator, authorizer, BucketPolicyStore.NONE);
    }

    public S3Service(S3Config config, StorageEngine storage, SigV4Authenticator authenticator, S3Authorizer authorizer,
                     BucketPolicyStore policies) {
        requireNonNull(config, "config is null");
        this.router = new S3Router(config.virtualHostDomains());
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
        this.handlers = new S3Handlers(config, storage, policies, authorizer);
        this.objects = storage.objects();
        this.region = config.region();
    }

    /** The service name in metrics. */
    public String name() {
        return "s3";
    }

    @Override
    public boolean handles(HttpRequestHead head) {
        return !head.rawPath().startsWith(INTERNAL_PREFIX);
    }

    /**
     * GET and HEAD of an object are answered on the event loop when everything they need is in
     * memory: the credential, the policies, the object's metadata and its inline bytes, all served
     * from RocksDB's memtables and block cache. Every read happens before the response starts, so
     * where one would touch a file it throws {@link WouldBlockException} with nothing sent, and the
     * request runs on a worker instead. Objects larger than one message always go to a worker.
     * PutObject with a small body already received is checked here too and handed to the group
     * committer, whose thread answers once the write is durable.
     */
    @Override
    public boolean handleNow(HttpExchange exchange) {
        S3Router.Route route = eventLoopRoute(exchange);
        if (route == null) {
            return false;
        }
        try (CacheOnlyReads.Scope scope = CacheOnlyReads.enter()) {
            serve(exchange, route);
            return true;
        } catch (WouldBlockException e) {
            return false;
        } catch (Exception e) {
            // serve() answers its own failures; anything escaping it is retried where it may block.
            if (exchange.responded()) {
                log.error("Request {} failed after its response began", exchange.requestId(), e);
                return true;
            }
            return false;
        }
    }

    /**
     * A small PutObject waits on the event loop for its body, then is answered there: the body is
     * hashed there and the write handed to the group committer, which answers once it is durable.
     */
    @Override
    public boolean handleNowWithBody(HttpExchange exchange) {
        return exchange.method().equals("PUT") && eventLoopRoute(exchange) != null;
    }

    /**
     * The route of a GetObject or HeadObject request, or of a PutObject whose body (at most
     * {@link #WHOLE_BODY_LIMIT} bytes) has arrived whole, else null. A PutObject reads nothing that
     * may block after its body: the bucket and the caller's policies are looked up first, and the
     * group committer does the rest on its own thread.
     */
    private S3Router.Route eventLoopRoute(HttpExchange exchange) {
        String method = exchange.method();
        boolean read = method.equals("GET") || method.equals("HEAD");
        boolean put = method.equals("PUT");
        if (!read && !put) {
            return null;
        }
        if (put && (exchange.contentLength() < 0 || exchange.contentLength() > WHOLE_BODY_LIMIT)) {
            return null;
        }
        try {
            S3Router.Route route = router.route(exchange);
            S3Operation operation = route.operation();
            boolean eligible = read ? operation == S3Operation.GET_OBJECT || operation == S3Operation.HEAD_OBJECT
                    : operation == S3Operation.PUT_OBJECT;
            return eligible ? route : null;
        } catch (S3Exception | RuntimeException e) {
            return null; // a worker routes it again and answers the error
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws Exception {
        serve(exchange, null);
    }

    /** Serves one request; {@code routed} is its route when already known (else it is routed here). */
    private void serve(HttpExchange exchange, S3Router.Route routed) throws Exception {
        String resource = exchange.path();
        try {
            AuthContext auth = authenticator.authenticate(
                    new SignedRequest(exchange.method(), exchange.rawPath(), exchange.rawQuery(), exchange.headerEntries()), "s3");
            S3Router.Route route = routed != null ? routed : router.route(exchange);
            exchange.setOperation(route.operation().awsName());
            resource = S3Request.resource(route.bucket(), route.key());
            boolean copy = route.operation() == S3Operation.COPY_OBJECT || route.operation() == S3Operation.UPLOAD_PART_COPY;
            CopySource source = copy ? CopySource.parse(exchange.header("x-amz-copy-source")) : null;
            S3Request request = new S3Request(route.operation(), route.bucket(), route.key(), exchange, auth, source);
            S3ConditionKeys context = S3ConditionKeys.of(exchange, objects);
            // DeleteObjects is authorised key by key (s3:DeleteObject on each object), in its handler.
            if (route.operation() != S3Operation.DELETE_OBJECTS) {
                authorizer.authorize(auth, route.operation(), route.bucket(), route.key(), context);
            }
            if (source != null) {
                // A copy reads its source: the caller must also be allowed to GET it.
                authorizer.authorize(auth, S3Operation.GET_OBJECT, source.bucket(), source.key(), context);
            }
            handlers.dispatch(request);
        } catch (S3Exception e) {
            fail(exchange, e, resource);
        } catch (AuthException e) {
            // Like AWS, name the expected region so clients (s3cmd) can retry with it.
            Map<String, String> extra = e.code().equals("AuthorizationHeaderMalformed")
                    || e.code().equals("AuthorizationQueryParametersError") ? Map.of("Region", region) : Map.of();
            fail(exchange, new S3Exception(e.code(), e.httpStatus(), e.getMessage(), extra), resource);
        } catch (StorageException e) {
            log.error("Storage failure for request {} on {}", exchange.requestId(), resource, e);
            fail(exchange, StorageErrors.toS3(e, null, null), resource);
        } catch (RequestBodyTimeoutException e) {
            // The body stopped arriving, or arrived slower than the floor rate: AWS's answer, and the
            // connection closes after it. Nothing was stored (the write failed before its commit).
            log.debug("Request {}: body too slow: {}", exchange.requestId(), e.getMessage());
            fail(exchange, new S3Exception(S3ErrorCode.REQUEST_TIMEOUT), resource);
        } catch (IOException e) {
            // The client went away or sent a broken body: nothing useful can be answered on this connection.
            log.debug("I/O failure for request {}: {}", exchange.requestId(), e.toString());
            fail(exchange, new S3Exception(S3ErrorCode.INCOMPLETE_BODY), resource);
        } catch (WouldBlockException e) {
            throw e; // not an error: handleNow retries on a worker
        } catch (RuntimeException e) {
            log.error("Internal error for request {} on {}", exchange.requestId(), resource, e);
            fail(exchange, new S3Exception(S3ErrorCode.INTERNAL_ERROR), resource);
        }
    }

    private static void fail(HttpExchange exchange, S3Exception e, String resource) throws IOException {
        if (exchange.responded()) {
            return;
        }
        S3ErrorRenderer.render(exchange, e, resource);
    }
}
