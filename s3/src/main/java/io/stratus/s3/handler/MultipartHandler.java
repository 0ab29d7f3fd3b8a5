package io.stratus.s3.handler;

import io.stratus.core.checksum.ChecksumAlgorithm;
import io.stratus.s3.S3Config;
import io.stratus.s3.S3ErrorCode;
import io.stratus.s3.S3Exception;
import io.stratus.s3.S3Request;
import io.stratus.s3.S3Responses;
import io.stratus.s3.StorageErrors;
import io.stratus.s3.support.ByteRange;
import io.stratus.s3.support.CopySource;
import io.stratus.s3.support.ETags;
import io.stratus.s3.support.IntegrityCheck;
import io.stratus.s3.support.MetadataHeaders;
import io.stratus.s3.support.Preconditions;
import io.stratus.s3.xml.XmlElement;
import io.stratus.s3.xml.XmlReader;
import io.stratus.s3.xml.XmlWriter;
import io.stratus.storage.ChecksumValue;
import io.stratus.storage.ChecksumValue.ChecksumType;
import io.stratus.storage.MultipartStore;
import io.stratus.storage.MultipartUpload;
import io.stratus.storage.ObjectBody;
import io.stratus.storage.ObjectInfo;
import io.stratus.storage.ObjectMetadata;
import io.stratus.storage.ObjectStore;
import io.stratus.storage.PartInfo;
import io.stratus.storage.PreCommitCheck;
import io.stratus.storage.StorageException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CreateMultipartUpload, UploadPart, UploadPartCopy, AbortMultipartUpload, ListParts and
 * ListMultipartUploads. Completion has its own class ({@link CompleteMultipartHandler}).
 */
public final class MultipartHandler {
    private static final int MAX_PARTS_PER_PAGE = 1000;

    private final S3Config config;
    private final ObjectStore objects;
    private final MultipartStore multipart;
    private final RequestBodies bodies;

    public MultipartHandler(S3Config config, ObjectStore objects, MultipartStore multipart, RequestBodies bodies) {
        this.config = config;
        this.objects = objects;
        this.multipart = multipart;
        this.bodies = bodies;
    }

    public void createMultipartUpload(S3Request req) throws Exception {
        ObjectMetadata metadata = MetadataHeaders.read(req.exchange().headerEntries());
        String algorithmHeader = req.header("x-amz-checksum-algorithm");
        ChecksumAlgorithm algorithm = null;
        if (algorithmHeader != null) {
            algorithm = ChecksumAlgorithm.fromName(algorithmHeader).orElseThrow(() -> S3Exception.invalidArgument(
                    "Checksum algorithm provided is unsupported.", "x-amz-checksum-algorithm", algorithmHeader));
        }
        ChecksumType type = checksumType(req.header("x-amz-checksum-type"), algorithm);
        // Without an algorithm, S3 still protects the object with a full-object CRC64NVME.
        ChecksumAlgorithm stored = algorithm != null ? algorithm : ChecksumAlgorithm.CRC64NVME;
        MultipartUpload upload;
        try {
            upload = multipart.create(req.bucket(), req.key(), metadata, stored, type);
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), req.key());
        }
        List<Map.Entry<String, String>> headers = S3Responses.headers();
        headers.add(Map.entry("Content-Type", "application/xml"));
        if (algorithm != null) {
            headers.add(Map.entry("x-amz-checksum-algorithm", algorithm.name()));
            headers.add(Map.entry("x-amz-checksum-type", type.name()));
        }
        XmlWriter xml = XmlWriter.document("InitiateMultipartUploadResult")
                .element("Bucket", req.bucket()).element("Key", req.key()).element("UploadId", upload.uploadId());
        req.exchange().respond(200, headers, xml.toBytes());
    }

    private static ChecksumType checksumType(String header, ChecksumAlgorithm algorithm) throws S3Exception {
        if (header == null) {
            return algorithm == null || algorithm == ChecksumAlgorithm.CRC64NVME ? ChecksumType.FULL_OBJECT : ChecksumType.COMPOSITE;
        }
        ChecksumType type;
        try {
            type = ChecksumType.valueOf(header.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw S3Exception.invalidArgument("Value for x-amz-checksum-type header is invalid.", "x-amz-checksum-type", header);
        }
        if (algorithm == null) {
            throw S3Exception.invalidRequest("The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
        }
        if (type == ChecksumType.FULL_OBJECT && !algorithm.isCrc()) {
            throw S3Exception.invalidRequest("The FULL_OBJECT checksum type cannot be used with the " + algorithm.name() + " checksum algorithm.");
        }
        if (type == ChecksumType.COMPOSITE && algorithm == ChecksumAlgorithm.CRC64NVME) {
            throw S3Exception.invalidRequest("The COMPOSITE checksum type cannot be used with the CRC64NVME checksum algorithm.");
        }
        return type;
    }

    public void uploadPart(S3Request req) throws Exception {
        int partNumber = Integers.partNumber(req.query("partNumber"));
        MultipartUpload upload = upload(req);
        long length = bodies.payloadLength(req);
        if (length > RequestBodies.MAX_OBJECT_PUT) {
            throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE);
        }
        IntegrityCheck integrity = IntegrityCheck.prepare(req::header, req.auth(), upload.checksumAlgorithm());
        InputStream body = integrity.wrap(bodies.stream(req));
        PartInfo part;
        try {
            part = multipart.uploadPart(req.bucket(), req.key(), upload.uploadId(), partNumber, body, length, integrity.check());
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), req.key());
        }
        List<Map.Entry<String, String>> headers = S3Responses.headers();
        headers.add(Map.entry("ETag", ETags.quote(part.etag())));
        if (integrity.clientAlgorithm() == upload.checksumAlgorithm() && part.checksum() != null) {
            headers.add(Map.entry(part.checksum().algorithm().headerName(), part.checksum().base64()));
        }
        S3Responses.empty(req.exchange(), 200, headers);
    }

    public void uploadPartCopy(S3Request req) throws Exception {
        int partNumber = Integers.partNumber(req.query("partNumber"));
        MultipartUpload upload = upload(req);
        CopySource source = req.copySource();
        ObjectInfo sourceInfo;
        try {
            sourceInfo = objects.head(source.bucket(), source.key());
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, source.bucket(), source.key());
        }
        Preconditions.checkCopySource(req::header, sourceInfo.etag(), sourceInfo.lastModified());
        long offset = 0;
        long length = sourceInfo.size();
        String rangeHeader = req.header("x-amz-copy-source-range");
        if (rangeHeader != null) {
            ByteRange range = copyRange(rangeHeader, sourceInfo.size());
            offset = range.first();
            length = range.length();
        }
        PartInfo part;
        try (ObjectBody body = objects.open(source.bucket(), source.key(), offset, length)) {
            try (InputStream in = body.openStream()) {
                part = multipart.uploadPart(req.bucket(), req.key(), upload.uploadId(), partNumber, in, length, PreCommitCheck.NONE);
            }
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), req.key());
        }
        XmlWriter xml = XmlWriter.document("CopyPartResult")
                .element("ETag", ETags.quote(part.etag())).element("LastModified", part.lastModified());
        if (part.checksum() != null) {
            xml.element("Checksum" + part.checksum().algorithm().name(), part.checksum().base64());
        }
        S3Responses.xml(req.exchange(), xml);
    }

    /** x-amz-copy-source-range must be "bytes=first-last" inside the source object. */
    private static ByteRange copyRange(String header, long size) throws S3Exception {
        String h = header.trim();
        int dash = h.indexOf('-');
        if (!h.startsWith("bytes=") || dash < 0) {
            throw S3Exception.invalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last "
                    + "where first and last are the zero-based offsets of the first and last bytes to copy",
                    "x-amz-copy-source-range", header);
        }
        try {
            long first = Long.parseLong(h.substring(6, dash).trim());
            long last = Long.parseLong(h.substring(dash + 1).trim());
            if (first < 0 || last < first || last >= size) {
                throw new S3Exception(S3ErrorCode.INVALID_RANGE);
            }
            return new ByteRange(first, last - first + 1);
        } catch (NumberFormatException e) {
            throw S3Exception.invalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last",
                    "x-amz-copy-source-range", header);
        }
    }

    public void abortMultipartUpload(S3Request req) throws Exception {
        try {
            multipart.abort(req.bucket(), req.key(), req.query("uploadId"));
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), req.key());
        }
        S3Responses.empty(req.exchange(), 204, List.of());
    }

    public void listParts(S3Request req) throws Exception {
        MultipartUpload upload = upload(req);
        int maxParts = Integers.maxItems("max-parts", req.query("max-parts"), MAX_PARTS_PER_PAGE);
        int marker = Integers.marker("part-number-marker", req.query("part-number-marker"));
        List<PartInfo> parts;
        try {
            parts = multipart.listParts(req.bucket(), req.key(), upload.uploadId(), marker, maxParts + 1);
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), req.key());
        }
        boolean truncated = parts.size() > maxParts;
        List<PartInfo> page = truncated ? parts.subList(0, maxParts) : parts;
        XmlWriter xml = XmlWriter.document("ListPartsResult")
                .element("Bucket", req.bucket()).element("Key", req.key()).element("UploadId", upload.uploadId());
        xml.start("Initiator").element("ID", config.ownerId()).element("DisplayName", config.ownerName()).end();
        xml.start("Owner").element("ID", config.ownerId()).element("DisplayName", config.ownerName()).end();
        xml.element("StorageClass", upload.metadata().system().getOrDefault(MetadataHeaders.STORAGE_CLASS, "STANDARD"))
                .element("PartNumberMarker", marker)
                .element("NextPartNumberMarker", page.isEmpty() ? 0 : page.get(page.size() - 1).partNumber())
                .element("MaxParts", maxParts)
                .element("IsTruncated", truncated)
                .element("ChecksumAlgorithm", upload.checksumAlgorithm() == null ? null : upload.checksumAlgorithm().name())
                .element("ChecksumType", upload.checksumType() == null ? null : upload.checksumType().name());
        for (PartInfo p : page) {
            xml.start("Part").element("PartNumber", p.partNumber()).element("LastModified", p.lastModified())
                    .element("ETag", ETags.quote(p.etag())).element("Size", p.size());
            checksumElement(xml, p.checksum());
            xml.end();
        }
        S3Responses.xml(req.exchange(), xml);
    }

    public void listMultipartUploads(S3Request req) throws Exception {
        int maxUploads = Integers.maxItems("max-uploads", req.query("max-uploads"), 1000);
        String prefix = req.query("prefix") == null ? "" : req.query("prefix");
        String delimiter = req.query("delimiter");
        String keyMarker = req.query("key-marker");
        String uploadIdMarker = req.query("upload-id-marker");
        io.stratus.storage.UploadListing listing;
        try {
            listing = multipart.listUploads(req.bucket(), prefix, delimiter == null || delimiter.isEmpty() ? null : delimiter,
                    keyMarker, uploadIdMarker, maxUploads);
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), null);
        }
        XmlWriter xml = XmlWriter.document("ListMultipartUploadsResult")
                .element("Bucket", req.bucket())
                .element("KeyMarker", keyMarker == null ? "" : keyMarker)
                .element("UploadIdMarker", uploadIdMarker == null ? "" : uploadIdMarker)
                .element("NextKeyMarker", listing.nextKeyMarker() == null ? "" : listing.nextKeyMarker())
                .element("NextUploadIdMarker", listing.nextUploadIdMarker() == null ? "" : listing.nextUploadIdMarker())
                .element("Prefix", prefix)
                .element("Delimiter", delimiter)
                .element("MaxUploads", maxUploads)
                .element("IsTruncated", listing.truncated());
        for (MultipartUpload u : listing.uploads()) {
            xml.start("Upload").element("Key", u.key()).element("UploadId", u.uploadId());
            xml.start("Initiator").element("ID", config.ownerId()).element("DisplayName", config.ownerName()).end();
            xml.start("Owner").element("ID", config.ownerId()).element("DisplayName", config.ownerName()).end();
            xml.element("StorageClass", u.metadata().system().getOrDefault(MetadataHeaders.STORAGE_CLASS, "STANDARD"))
                    .element("Initiated", u.initiated());
            if (u.checksumAlgorithm() != null) {
                xml.element("ChecksumAlgorithm", u.checksumAlgorithm().name())
                        .element("ChecksumType", u.checksumType().name());
            }
            xml.end();
        }
        for (String p : listing.commonPrefixes()) {
            xml.start("CommonPrefixes").element("Prefix", p).end();
        }
        S3Responses.xml(req.exchange(), xml);
    }

    static void checksumElement(XmlWriter xml, ChecksumValue checksum) {
        if (checksum != null) {
            xml.element("Checksum" + checksum.algorithm().name(), checksum.base64());
        }
    }

    private MultipartUpload upload(S3Request req) throws S3Exception {
        String uploadId = req.query("uploadId");
        if (uploadId == null || uploadId.isEmpty()) {
            throw new S3Exception(S3ErrorCode.NO_SUCH_UPLOAD);
        }
        try {
            return multipart.get(req.bucket(), req.key(), uploadId);
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), req.key());
        }
    }

}
