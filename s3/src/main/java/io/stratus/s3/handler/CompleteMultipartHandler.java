package io.stratus.s3.handler;

import io.stratus.core.checksum.ChecksumAlgorithm;
import io.stratus.core.checksum.Checksummer;
import io.stratus.core.checksum.Checksummers;
import io.stratus.core.checksum.MultipartChecksums;
import io.stratus.core.util.Hex;
import io.stratus.s3.S3ErrorCode;
import io.stratus.s3.S3Exception;
import io.stratus.s3.S3Request;
import io.stratus.s3.S3Responses;
import io.stratus.s3.StorageErrors;
import io.stratus.s3.support.ETags;
import io.stratus.s3.xml.XmlElement;
import io.stratus.s3.xml.XmlReader;
import io.stratus.s3.xml.XmlWriter;
import io.stratus.storage.ChecksumValue;
import io.stratus.storage.ChecksumValue.ChecksumType;
import io.stratus.storage.MultipartStore;
import io.stratus.storage.MultipartUpload;
import io.stratus.storage.ObjectInfo;
import io.stratus.storage.PartInfo;
import io.stratus.storage.StorageException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CompleteMultipartUpload: S3's rules for the part list (ascending, known parts with matching
 * ETags, every part but the last at least 5 MiB), the multipart ETag (MD5 of the part MD5s, "-N")
 * and the whole-object checksum (composite or full-object), then one atomic commit in the store.
 */
public final class CompleteMultipartHandler {
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    private static final int MAX_LISTED_PARTS = Integers.MAX_PART_NUMBER;

    private final MultipartStore multipart;
    private final XmlReader xmlReader;
    private final RequestBodies bodies;

    public CompleteMultipartHandler(MultipartStore multipart, XmlReader xmlReader, RequestBodies bodies) {
        this.multipart = multipart;
        this.xmlReader = xmlReader;
        this.bodies = bodies;
    }

    record RequestedPart(int number, String etag, String checksum) {
    }

    public void completeMultipartUpload(S3Request req) throws Exception {
        String uploadId = req.query("uploadId");
        MultipartUpload upload;
        List<PartInfo> stored;
        try {
            upload = multipart.get(req.bucket(), req.key(), uploadId);
            stored = multipart.listParts(req.bucket(), req.key(), uploadId, 0, MAX_LISTED_PARTS);
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), req.key());
        }
        List<RequestedPart> requested = parse(xmlReader, bodies.readSmall(req, RequestBodies.MAX_COMPLETE_XML),
                upload.checksumAlgorithm());
        Map<Integer, PartInfo> byNumber = new HashMap<>();
        for (PartInfo p : stored) {
            byNumber.put(p.partNumber(), p);
        }
        List<PartInfo> chosen = new ArrayList<>(requested.size());
        int previous = 0;
        for (RequestedPart r : requested) {
            if (r.number <= previous) {
                throw new S3Exception(S3ErrorCode.INVALID_PART_ORDER);
            }
            previous = r.number;
            PartInfo p = byNumber.get(r.number);
            if (p == null || !p.etag().equals(ETags.unquote(r.etag))) {
                throw new S3Exception(S3ErrorCode.INVALID_PART);
            }
            if (r.checksum != null && p.checksum() != null && !r.checksum.equals(p.checksum().base64())) {
                throw new S3Exception(S3ErrorCode.INVALID_PART);
            }
            chosen.add(p);
        }
        for (int i = 0; i < chosen.size() - 1; i++) {
            if (chosen.get(i).size() < MIN_PART_SIZE) {
                throw new S3Exception(S3ErrorCode.ENTITY_TOO_SMALL, S3ErrorCode.ENTITY_TOO_SMALL.defaultMessage(),
                        Map.of("ProposedSize", Long.toString(chosen.get(i).size()), "MinSizeAllowed", Long.toString(MIN_PART_SIZE),
                                "PartNumber", Integer.toString(chosen.get(i).partNumber()), "ETag", chosen.get(i).etag()));
            }
        }
        String etag = multipartEtag(chosen);
        ChecksumValue checksum = wholeChecksum(upload, chosen);
        verifyClientWholeChecksum(req, checksum);
        ObjectInfo info;
        try {
            info = multipart.complete(req.bucket(), req.key(), uploadId, chosen.stream().map(PartInfo::partNumber).toList(),
                    etag, checksum, ObjectWriteHandler.writeCondition(req));
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), req.key());
        }
        XmlWriter xml = XmlWriter.document("CompleteMultipartUploadResult")
                .element("Location", "/" + req.bucket() + "/" + req.key())
                .element("Bucket", req.bucket())
                .element("Key", req.key())
                .element("ETag", ETags.quote(info.etag()));
        if (info.checksum() != null) {
            xml.element("Checksum" + info.checksum().algorithm().name(), info.checksum().base64())
                    .element("ChecksumType", info.checksum().type().name());
        }
        S3Responses.xml(req.exchange(), xml);
    }

    /** The part list of a CompleteMultipartUpload document; {@code algorithm} names the checksum element to read, if any. */
    static List<RequestedPart> parse(XmlReader xmlReader, byte[] body, ChecksumAlgorithm algorithm) throws S3Exception {
        XmlElement root = xmlReader.parse(body, "CompleteMultipartUpload");
        List<XmlElement> parts = root.children("Part");
        if (parts.isEmpty()) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML, "You must specify at least one part");
        }
        String checksumElement = algorithm == null ? null : "Checksum" + algorithm.name();
        List<RequestedPart> result = new ArrayList<>(parts.size());
        for (XmlElement p : parts) {
            String number = p.childText("PartNumber");
            String etag = p.childText("ETag");
            if (number == null || etag == null) {
                throw new S3Exception(S3ErrorCode.MALFORMED_XML);
            }
            int n;
            try {
                n = Integer.parseInt(number);
            } catch (NumberFormatException e) {
                throw new S3Exception(S3ErrorCode.MALFORMED_XML);
            }
            if (n < 1 || n > Integers.MAX_PART_NUMBER) {
                throw S3Exception.invalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", number);
            }
            result.add(new RequestedPart(n, etag, checksumElement == null ? null : p.childText(checksumElement)));
        }
        return result;
    }

    /** hex(MD5(md5(part1) || ... || md5(partN))) + "-N", as S3 computes multipart ETags. */
    static String multipartEtag(List<PartInfo> parts) {
        Checksummer md5 = Checksummers.md5();
        for (PartInfo p : parts) {
            md5.update(Hex.decode(p.etag()));
        }
        return Hex.encode(md5.digest()) + "-" + parts.size();
    }

    private static ChecksumValue wholeChecksum(MultipartUpload upload, List<PartInfo> parts) {
        ChecksumAlgorithm algorithm = upload.checksumAlgorithm();
        if (algorithm == null) {
            return null;
        }
        List<byte[]> digests = new ArrayList<>(parts.size());
        List<Long> lengths = new ArrayList<>(parts.size());
        for (PartInfo p : parts) {
            if (p.checksum() == null || p.checksum().algorithm() != algorithm) {
                return null;
            }
            digests.add(Base64.getDecoder().decode(p.checksum().base64()));
            lengths.add(p.size());
        }
        if (upload.checksumType() == ChecksumType.FULL_OBJECT) {
            return new ChecksumValue(algorithm, MultipartChecksums.fullObjectCrc(algorithm, digests, lengths), ChecksumType.FULL_OBJECT);
        }
        return new ChecksumValue(algorithm, MultipartChecksums.composite(algorithm, digests), ChecksumType.COMPOSITE);
    }

    /** A client may state the whole object's checksum on completion; it must agree with ours. */
    private static void verifyClientWholeChecksum(S3Request req, ChecksumValue checksum) throws S3Exception {
        if (checksum == null) {
            return;
        }
        String sent = req.header(checksum.algorithm().headerName());
        if (sent == null) {
            return;
        }
        String expected = checksum.base64();
        String sentValue = sent.trim();
        if (checksum.type() == ChecksumType.COMPOSITE && !sentValue.contains("-")) {
            sentValue = sentValue + expected.substring(expected.lastIndexOf('-'));
        }
        if (!sentValue.equals(expected)) {
            throw new S3Exception(S3ErrorCode.BAD_DIGEST,
                    "The " + checksum.algorithm().name() + " you specified did not match the calculated checksum.");
        }
    }
}
