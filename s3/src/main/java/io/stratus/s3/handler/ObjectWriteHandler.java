package io.stratus.s3.handler;

import io.stratus.s3.S3ErrorCode;
import io.stratus.s3.S3ErrorRenderer;
import io.stratus.s3.S3Exception;
import io.stratus.s3.S3Request;
import io.stratus.s3.S3Responses;
import io.stratus.s3.StorageErrors;
import io.stratus.s3.support.CopySource;
import io.stratus.s3.support.ETags;
import io.stratus.s3.support.IntegrityCheck;
import io.stratus.s3.support.MetadataHeaders;
import io.stratus.s3.support.Preconditions;
import io.stratus.s3.xml.XmlWriter;
import io.stratus.storage.ObjectBody;
import io.stratus.storage.ObjectInfo;
import io.stratus.storage.ObjectMetadata;
import io.stratus.storage.ObjectStore;
import io.stratus.storage.PreCommitCheck;
import io.stratus.storage.PutObjectRequest;
import io.stratus.storage.StorageError;
import io.stratus.storage.StorageException;
import io.stratus.storage.WriteCondition;
import io.stratus.core.checksum.ChecksumAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PutObject, CopyObject and DeleteObject. */
public final class ObjectWriteHandler {
    private static final Logger log = LoggerFactory.getLogger(ObjectWriteHandler.class);

    private final ObjectStore objects;
    private final RequestBodies bodies;

    public ObjectWriteHandler(ObjectStore objects, RequestBodies bodies) {
        this.objects = objects;
        this.bodies = bodies;
    }

    public void putObject(S3Request req) throws Exception {
        long length = bodies.payloadLength(req);
        if (length > RequestBodies.MAX_OBJECT_PUT) {
            throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE);
        }
        ObjectMetadata metadata = MetadataHeaders.read(req.exchange().headerEntries());
        WriteCondition condition = writeCondition(req);
        IntegrityCheck integrity = IntegrityCheck.prepare(req::header, req.auth(), null);
        InputStream body = integrity.wrap(bodies.stream(req));
        CompletableFuture<ObjectInfo> stored;
        try {
            stored = objects.putAsync(new PutObjectRequest(req.bucket(), req.key(), metadata, body, length,
                    integrity.storeAlgorithm(), integrity.check(), condition));
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), req.key());
        }
        answerWhenDurable(req, integrity, stored);
    }

    /**
     * Answers now when the write is already durable (a large body, committed by this thread);
     * else defers the response, and the group committer's thread answers once the write is
     * durable: this thread (a worker, or the event loop) moves on meanwhile.
     */
    private static void answerWhenDurable(S3Request req, IntegrityCheck integrity, CompletableFuture<ObjectInfo> stored)
            throws Exception {
        if (stored.isDone()) {
            respondStored(req, integrity, awaitDone(req, stored));
            return;
        }
        req.exchange().deferResponse();
        stored.whenComplete((info, failure) -> {
            try {
                if (failure != null) {
                    throw failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
                }
                respondStored(req, integrity, info);
            } catch (Throwable t) {
                failDeferred(req, t);
            }
        });
    }

    private static ObjectInfo awaitDone(S3Request req, CompletableFuture<ObjectInfo> done) throws Exception {
        try {
            return done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StorageException se) {
                throw StorageErrors.toS3(se, req.bucket(), req.key());
            }
            throw e;
        }
    }

    private static void respondStored(S3Request req, IntegrityCheck integrity, ObjectInfo info) throws IOException {
        List<Map.Entry<String, String>> headers = S3Responses.headers();
        headers.add(Map.entry("ETag", ETags.quote(info.etag())));
        if (integrity.clientAlgorithm() != null && info.checksum() != null) {
            headers.addAll(IntegrityCheck.responseHeaders(info.checksum()).entrySet());
        }
        S3Responses.empty(req.exchange(), 200, headers);
    }

    /** The deferred write failed: answer as the request's worker would have. */
    private static void failDeferred(S3Request req, Throwable failure) {
        S3Exception error;
        if (failure instanceof StorageException se) {
            error = StorageErrors.toS3(se, req.bucket(), req.key());
            if (se.error() == StorageError.INTERNAL) {
                log.error("Storage failure for request {} on {}", req.exchange().requestId(), req.resource(), se);
            }
        } else if (failure instanceof S3Exception s3) {
            error = s3;
        } else {
            log.error("Internal error for request {} on {}", req.exchange().requestId(), req.resource(), failure);
            error = new S3Exception(S3ErrorCode.INTERNAL_ERROR);
        }
        if (req.exchange().responded()) {
            return;
        }
        try {
            S3ErrorRenderer.render(req.exchange(), error, req.resource());
        } catch (IOException | RuntimeException e) {
            log.debug("Request {}: could not send the {} response", req.exchange().requestId(), error.code(), e);
        }
    }

    /** If-None-Match: * (create only) and If-Match: etag (replace only that version), checked at commit. */
    static WriteCondition writeCondition(S3Request req) throws S3Exception {
        String ifNoneMatch = req.header("if-none-match");
        String ifMatch = req.header("if-match");
        if (ifNoneMatch != null && !ifNoneMatch.trim().equals("*")) {
            throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "If-None-Match on writes supports only '*'.");
        }
        if (ifNoneMatch == null && ifMatch == null) {
            return WriteCondition.NONE;
        }
        return new WriteCondition(ifNoneMatch != null, ifMatch == null ? null : ETags.unquote(ifMatch));
    }

    public void copyObject(S3Request req) throws Exception {
        CopySource source = req.copySource();
        String metadataDirective = directive(req, "x-amz-metadata-directive");
        String taggingDirective = directive(req, "x-amz-tagging-directive");
        ObjectInfo sourceInfo;
        try {
            sourceInfo = objects.head(source.bucket(), source.key());
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, source.bucket(), source.key());
        }
        Preconditions.checkCopySource(req::header, sourceInfo.etag(), sourceInfo.lastModified());
        if (sourceInfo.size() > RequestBodies.MAX_OBJECT_PUT) {
            throw S3Exception.invalidRequest("The specified copy source is larger than the maximum allowable size for a copy source: 5368709120");
        }
        ObjectMetadata requested = MetadataHeaders.read(req.exchange().headerEntries());
        ObjectMetadata metadata = new ObjectMetadata(
                metadataDirective.equals("REPLACE") ? requested.system() : sourceInfo.metadata().system(),
                metadataDirective.equals("REPLACE") ? requested.user() : sourceInfo.metadata().user(),
                taggingDirective.equals("REPLACE") ? requested.tags() : sourceInfo.metadata().tags());
        ChecksumAlgorithm algorithm = ChecksumAlgorithm.fromName(req.header("x-amz-checksum-algorithm")).orElse(null);
        boolean sameObject = source.bucket().equals(req.bucket()) && source.key().equals(req.key());
        ObjectInfo result;
        try {
            if (sameObject && algorithm == null) {
                if (metadataDirective.equals("COPY") && taggingDirective.equals("COPY")
                        && req.header("x-amz-storage-class") == null) {
                    throw S3Exception.invalidRequest("This copy request is illegal because it is trying to copy an object "
                            + "to itself without changing the object's metadata, storage class, website redirect location "
                            + "or encryption attributes.");
                }
                // Rewriting an object's metadata in place never needs its bytes copied.
                result = objects.replaceMetadata(req.bucket(), req.key(), metadata,
                        new WriteCondition(false, sourceInfo.etag()));
            } else {
                result = copyBytes(req, sourceInfo, metadata, algorithm);
            }
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), req.key());
        }
        XmlWriter xml = XmlWriter.document("CopyObjectResult")
                .element("ETag", ETags.quote(result.etag()))
                .element("LastModified", result.lastModified());
        if (result.checksum() != null) {
            xml.element("Checksum" + result.checksum().algorithm().name(), result.checksum().base64())
                    .element("ChecksumType", result.checksum().type().name());
        }
        S3Responses.xml(req.exchange(), xml);
    }

    private ObjectInfo copyBytes(S3Request req, ObjectInfo sourceInfo, ObjectMetadata metadata, ChecksumAlgorithm algorithm)
            throws Exception {
        ChecksumAlgorithm store = algorithm != null ? algorithm
                : sourceInfo.checksum() != null ? sourceInfo.checksum().algorithm() : ChecksumAlgorithm.CRC64NVME;
        try (ObjectBody body = objects.open(sourceInfo.bucket(), sourceInfo.key(), 0, sourceInfo.size())) {
            if (!body.info().etag().equals(sourceInfo.etag())) {
                throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED, "The copy source changed during the copy; retry.");
            }
            try (InputStream in = body.openStream()) {
                return objects.put(new PutObjectRequest(req.bucket(), req.key(), metadata, in, sourceInfo.size(),
                        store, PreCommitCheck.NONE, writeCondition(req)));
            }
        }
    }

    private static String directive(S3Request req, String header) throws S3Exception {
        String value = req.header(header);
        if (value == null) {
            return "COPY";
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (!v.equals("COPY") && !v.equals("REPLACE")) {
            throw S3Exception.invalidArgument("Unknown " + header, header, value);
        }
        return v;
    }

    /**
     * Synchronous on purpose: routed through the group committer (tried in session 7, from the
     * event loop or a worker), DELETE doubled its rate but the 4 KiB GETs of the bench that followed
     * a DELETE-heavy warm-up lost 14-50% per request, for a reason not yet found (issue 5's notes).
     */
    public void deleteObject(S3Request req) throws Exception {
        try {
            objects.delete(req.bucket(), req.key());
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), req.key());
        }
        S3Responses.empty(req.exchange(), 204, List.of());
    }
}
