package io.stratus.s3.handler;

import io.stratus.http.HttpExchange;
import io.stratus.kv.CacheOnlyReads;
import io.stratus.s3.S3ErrorCode;
import io.stratus.s3.S3Exception;
import io.stratus.s3.S3Request;
import io.stratus.s3.StorageErrors;
import io.stratus.s3.support.ByteArraySink;
import io.stratus.s3.support.ByteRange;
import io.stratus.s3.support.IntegrityCheck;
import io.stratus.s3.support.ObjectHeaders;
import io.stratus.s3.support.Preconditions;
import io.stratus.storage.ChecksumValue;
import io.stratus.storage.ObjectBody;
import io.stratus.storage.ObjectInfo;
import io.stratus.storage.ObjectStore;
import io.stratus.storage.PartInfo;
import io.stratus.storage.StorageError;
import io.stratus.storage.StorageException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GetObject and HeadObject: ranges, part numbers, conditional headers, overrides, checksum mode. */
public final class ObjectReadHandler {
    private static final Logger log = LoggerFactory.getLogger(ObjectReadHandler.class);
    /** Bodies up to this size are sent as one message with their headers (the HTTP layer's single-write size). */
    private static final int SINGLE_MESSAGE_LIMIT = 64 * 1024;

    private final ObjectStore objects;

    public ObjectReadHandler(ObjectStore objects) {
        this.objects = objects;
    }

    public void headObject(S3Request req) throws Exception {
        serve(req, false);
    }

    public void getObject(S3Request req) throws Exception {
        serve(req, true);
    }

    /** What part of the object a request selects, and the headers describing it. */
    private record Selection(int status, long offset, long length, List<Map.Entry<String, String>> headers) {
    }

    private void serve(S3Request req, boolean withBody) throws Exception {
        if (!withBody) {
            Selection sel = select(req, head(req));
            req.exchange().startResponse(sel.status, sel.headers, sel.length).finish();
            return;
        }
        // One metadata read decides the headers and opens the bytes they describe, so an overwrite
        // racing with this GET cannot pair one version's headers with another's body.
        Selection[] chosen = new Selection[1];
        try (ObjectBody body = open(req, info -> {
            chosen[0] = select(req, info);
            return new long[] {chosen[0].offset, chosen[0].length};
        })) {
            send(req, chosen[0], body);
        }
    }

    private ObjectInfo head(S3Request req) throws S3Exception {
        try {
            return objects.head(req.bucket(), req.key());
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), req.key());
        }
    }

    private ObjectBody open(S3Request req, ObjectStore.RangeSelector<S3Exception> selector) throws S3Exception {
        try {
            return objects.open(req.bucket(), req.key(), selector);
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), req.key());
        }
    }

    private static void send(S3Request req, Selection sel, ObjectBody body) throws Exception {
        if (sel.length <= SINGLE_MESSAGE_LIMIT) {
            sendWhole(req, sel, body);
            return;
        }
        // Streaming waits for the connection to drain, which an event loop must never do.
        CacheOnlyReads.checkMayBlock();
        HttpExchange.ResponseStream out = req.exchange().startResponse(sel.status, sel.headers, sel.length);
        try {
            body.writeTo(out);
            out.finish();
        } catch (StorageException e) {
            // Headers are gone already; cutting the connection is the only way to tell the client
            // the body is bad without handing it bad bytes.
            if (e.error() == StorageError.CORRUPT_DATA) {
                log.error("Corrupt data detected serving s3://{}/{} (request {}): {}", req.bucket(), req.key(),
                        req.exchange().requestId(), e.getMessage());
            }
            out.abort();
        } catch (Exception e) {
            out.abort();
            throw e;
        }
    }

    /** Small bodies are read first and leave with their headers in one write (nothing is sent on corruption). */
    private static void sendWhole(S3Request req, Selection sel, ObjectBody body) throws Exception {
        ByteArraySink sink = new ByteArraySink((int) sel.length);
        try {
            body.writeTo(sink);
        } catch (StorageException e) {
            if (e.error() == StorageError.CORRUPT_DATA) {
                log.error("Corrupt data detected serving s3://{}/{} (request {}): {}", req.bucket(), req.key(),
                        req.exchange().requestId(), e.getMessage());
            }
            throw StorageErrors.toS3(e, req.bucket(), req.key());
        }
        req.exchange().respond(sel.status, sel.headers, sink.bytes());
    }

    private static Selection select(S3Request req, ObjectInfo info) throws S3Exception {
        Preconditions.checkRead(req::header, info.etag(), info.lastModified());
        List<Map.Entry<String, String>> headers = ObjectHeaders.of(info, req::query);
        boolean checksumMode = "ENABLED".equalsIgnoreCase(req.header("x-amz-checksum-mode"));
        String partNumberParam = req.query("partNumber");
        String rangeHeader = req.header("range");
        if (partNumberParam != null) {
            if (rangeHeader != null) {
                throw S3Exception.invalidRequest("Cannot specify both Range header and partNumber query parameter");
            }
            return selectPart(info, Integers.partNumber(partNumberParam), headers, checksumMode);
        }
        ByteRange range = ByteRange.parse(rangeHeader, info.size());
        if (range == null) {
            if (checksumMode) {
                addChecksum(headers, info.checksum());
            }
            return new Selection(200, 0, info.size(), headers);
        }
        headers.add(Map.entry("Content-Range", range.contentRange(info.size())));
        return new Selection(206, range.first(), range.length(), headers);
    }

    private static Selection selectPart(ObjectInfo info, int partNumber, List<Map.Entry<String, String>> headers,
                                        boolean checksumMode) throws S3Exception {
        List<PartInfo> parts = info.parts();
        if (parts.isEmpty()) {
            if (partNumber != 1) {
                throw new S3Exception("InvalidPartNumber", 416, "The requested partnumber is not satisfiable", Map.of());
            }
            if (checksumMode) {
                addChecksum(headers, info.checksum());
            }
            return new Selection(200, 0, info.size(), headers);
        }
        if (partNumber > parts.size()) {
            throw new S3Exception("InvalidPartNumber", 416, "The requested partnumber is not satisfiable", Map.of());
        }
        long offset = 0;
        for (int i = 0; i < partNumber - 1; i++) {
            offset += parts.get(i).size();
        }
        PartInfo part = parts.get(partNumber - 1);
        headers.add(Map.entry("x-amz-mp-parts-count", Integer.toString(parts.size())));
        if (part.size() > 0) {
            headers.add(Map.entry("Content-Range", "bytes " + offset + "-" + (offset + part.size() - 1) + "/" + info.size()));
        }
        if (checksumMode && info.checksum() != null && info.checksum().type() == ChecksumValue.ChecksumType.COMPOSITE) {
            addChecksum(headers, part.checksum());
        }
        return new Selection(206, offset, part.size(), headers);
    }

    private static void addChecksum(List<Map.Entry<String, String>> headers, ChecksumValue checksum) {
        headers.addAll(IntegrityCheck.responseHeaders(checksum).entrySet());
    }

}
