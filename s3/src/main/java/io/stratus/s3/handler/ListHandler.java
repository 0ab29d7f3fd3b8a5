package io.stratus.s3.handler;

import io.stratus.s3.S3Config;
import io.stratus.s3.S3Exception;
import io.stratus.s3.S3Request;
import io.stratus.s3.S3Responses;
import io.stratus.s3.StorageErrors;
import io.stratus.s3.support.ETags;
import io.stratus.s3.support.MetadataHeaders;
import io.stratus.s3.support.UrlEncoding;
import io.stratus.s3.xml.XmlWriter;
import io.stratus.storage.ListRequest;
import io.stratus.storage.ListResult;
import io.stratus.storage.ObjectInfo;
import io.stratus.storage.ObjectStore;
import io.stratus.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.UnaryOperator;

/** ListObjects (v1), ListObjectsV2 and ListObjectVersions (unversioned buckets: every VersionId is "null"). */
public final class ListHandler {
    private static final int MAX_KEYS = 1000;

    private final S3Config config;
    private final ObjectStore objects;

    public ListHandler(S3Config config, ObjectStore objects) {
        this.config = config;
        this.objects = objects;
    }

    public void listObjects(S3Request req) throws Exception {
        Params p = Params.of(req);
        String marker = req.query("marker");
        ListResult page = list(req, p, emptyToNull(marker));
        XmlWriter xml = XmlWriter.document("ListBucketResult")
                .element("Name", req.bucket())
                .element("Prefix", p.encode.apply(p.prefix))
                .element("Marker", p.encode.apply(marker == null ? "" : marker))
                .element("MaxKeys", p.maxKeys);
        xml.element("Delimiter", p.encode.apply(p.delimiter));
        xml.element("EncodingType", p.encodingType);
        xml.element("IsTruncated", page.truncated());
        if (page.truncated() && p.delimiter != null) {
            // AWS sends NextMarker only with a delimiter; without one clients use the last key.
            xml.element("NextMarker", p.encode.apply(page.nextStartAfter()));
        }
        contents(xml, page, p, true);
        S3Responses.xml(req.exchange(), xml);
    }

    public void listObjectsV2(S3Request req) throws Exception {
        Params p = Params.of(req);
        String token = req.query("continuation-token");
        String startAfter = req.query("start-after");
        String from = token != null ? decodeToken(token) : emptyToNull(startAfter);
        if (token != null && startAfter != null && startAfter.compareTo(from) > 0) {
            from = startAfter;
        }
        ListResult page = list(req, p, from);
        XmlWriter xml = XmlWriter.document("ListBucketResult")
                .element("Name", req.bucket())
                .element("Prefix", p.encode.apply(p.prefix))
                .element("MaxKeys", p.maxKeys)
                .element("KeyCount", page.objects().size() + page.commonPrefixes().size());
        xml.element("Delimiter", p.encode.apply(p.delimiter));
        xml.element("EncodingType", p.encodingType);
        xml.element("IsTruncated", page.truncated());
        xml.element("ContinuationToken", token);
        if (page.truncated()) {
            xml.element("NextContinuationToken", encodeToken(page.nextStartAfter()));
        }
        xml.element("StartAfter", p.encode.apply(startAfter));
        contents(xml, page, p, "true".equals(req.query("fetch-owner")));
        S3Responses.xml(req.exchange(), xml);
    }

    public void listObjectVersions(S3Request req) throws Exception {
        Params p = Params.of(req);
        String keyMarker = req.query("key-marker");
        ListResult page = list(req, p, emptyToNull(keyMarker));
        XmlWriter xml = XmlWriter.document("ListVersionsResult")
                .element("Name", req.bucket())
                .element("Prefix", p.encode.apply(p.prefix))
                .element("KeyMarker", p.encode.apply(keyMarker == null ? "" : keyMarker))
                .element("VersionIdMarker", req.query("version-id-marker") == null ? "" : req.query("version-id-marker"))
                .element("MaxKeys", p.maxKeys);
        xml.element("Delimiter", p.encode.apply(p.delimiter));
        xml.element("EncodingType", p.encodingType);
        xml.element("IsTruncated", page.truncated());
        if (page.truncated()) {
            xml.element("NextKeyMarker", p.encode.apply(page.nextStartAfter())).element("NextVersionIdMarker", "null");
        }
        for (ObjectInfo o : page.objects()) {
            xml.start("Version")
                    .element("Key", p.encode.apply(o.key()))
                    .element("VersionId", "null")
                    .element("IsLatest", true)
                    .element("LastModified", o.lastModified())
                    .element("ETag", ETags.quote(o.etag()))
                    .element("Size", o.size());
            owner(xml);
            xml.element("StorageClass", storageClass(o)).end();
        }
        prefixes(xml, page, p);
        S3Responses.xml(req.exchange(), xml);
    }

    private ListResult list(S3Request req, Params p, String startAfter) throws S3Exception {
        try {
            return objects.list(new ListRequest(req.bucket(), p.prefix == null ? "" : p.prefix, p.delimiter, startAfter, p.maxKeys));
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), null);
        }
    }

    private void contents(XmlWriter xml, ListResult page, Params p, boolean withOwner) {
        for (ObjectInfo o : page.objects()) {
            xml.start("Contents")
                    .element("Key", p.encode.apply(o.key()))
                    .element("LastModified", o.lastModified())
                    .element("ETag", ETags.quote(o.etag()))
                    .element("Size", o.size());
            if (o.checksum() != null) {
                xml.element("ChecksumAlgorithm", o.checksum().algorithm().name())
                        .element("ChecksumType", o.checksum().type().name());
            }
            if (withOwner) {
                owner(xml);
            }
            xml.element("StorageClass", storageClass(o)).end();
        }
        prefixes(xml, page, p);
    }

    private static void prefixes(XmlWriter xml, ListResult page, Params p) {
        for (String prefix : page.commonPrefixes()) {
            xml.start("CommonPrefixes").element("Prefix", p.encode.apply(prefix)).end();
        }
    }

    private void owner(XmlWriter xml) {
        xml.start("Owner").element("ID", config.ownerId()).element("DisplayName", config.ownerName()).end();
    }

    private static String storageClass(ObjectInfo o) {
        return o.metadata().system().getOrDefault(MetadataHeaders.STORAGE_CLASS, "STANDARD");
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String encodeToken(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) throws S3Exception {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw S3Exception.invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
        }
    }

    /** The parameters all three listings share. */
    private record Params(String prefix, String delimiter, int maxKeys, String encodingType, UnaryOperator<String> encode) {
        static Params of(S3Request req) throws S3Exception {
            String encodingType = req.query("encoding-type");
            if (encodingType != null && !encodingType.equals("url")) {
                throw S3Exception.invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encodingType);
            }
            UnaryOperator<String> encode = encodingType == null ? s -> s : UrlEncoding::encode;
            String delimiter = req.query("delimiter");
            return new Params(req.query("prefix") == null ? "" : req.query("prefix"),
                    delimiter == null || delimiter.isEmpty() ? null : delimiter,
                    Integers.maxItems("max-keys", req.query("max-keys"), MAX_KEYS), encodingType, encode);
        }
    }
}
