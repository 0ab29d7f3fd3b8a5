package io.stratus.s3.handler;

import io.stratus.s3.S3Config;
import io.stratus.s3.S3ErrorCode;
import io.stratus.s3.S3Exception;
import io.stratus.s3.S3Request;
import io.stratus.s3.S3Responses;
import io.stratus.s3.StorageErrors;
import io.stratus.s3.support.MetadataHeaders;
import io.stratus.s3.support.Tags;
import io.stratus.s3.xml.S3Time;
import io.stratus.s3.xml.XmlReader;
import io.stratus.s3.xml.XmlWriter;
import io.stratus.storage.ObjectInfo;
import io.stratus.storage.ObjectMetadata;
import io.stratus.storage.ObjectStore;
import io.stratus.storage.PartInfo;
import io.stratus.storage.StorageException;
import io.stratus.storage.WriteCondition;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** GetObjectAttributes, object tagging (get/put/delete) and GetObjectAcl. */
public final class ObjectAttributesHandler {
    private static final Set<String> ATTRIBUTES = Set.of("etag", "checksum", "objectparts", "storageclass", "objectsize");

    private final S3Config config;
    private final ObjectStore objects;
    private final XmlReader xmlReader;
    private final RequestBodies bodies;

    public ObjectAttributesHandler(S3Config config, ObjectStore objects, XmlReader xmlReader, RequestBodies bodies) {
        this.config = config;
        this.objects = objects;
        this.xmlReader = xmlReader;
        this.bodies = bodies;
    }

    public void getObjectAttributes(S3Request req) throws Exception {
        // Clients send the list as one comma-separated value or as repeated header lines.
        String header = String.join(",", req.exchange().headers("x-amz-object-attributes"));
        if (header == null || header.isBlank()) {
            throw S3Exception.invalidArgument("The x-amz-object-attributes header specifying the attributes to be retrieved "
                    + "is either missing or empty", "x-amz-object-attributes", header);
        }
        Set<String> wanted = new HashSet<>();
        for (String a : header.split(",")) {
            String name = a.trim().toLowerCase(Locale.ROOT);
            if (!ATTRIBUTES.contains(name)) {
                throw S3Exception.invalidArgument("Invalid attribute name specified.", "x-amz-object-attributes", a.trim());
            }
            wanted.add(name);
        }
        ObjectInfo info = head(req);
        XmlWriter xml = XmlWriter.document("GetObjectAttributesResponse");
        if (wanted.contains("etag")) {
            xml.element("ETag", info.etag());
        }
        if (wanted.contains("checksum") && info.checksum() != null) {
            xml.start("Checksum").element("Checksum" + info.checksum().algorithm().name(), info.checksum().base64())
                    .element("ChecksumType", info.checksum().type().name()).end();
        }
        if (wanted.contains("objectparts") && !info.parts().isEmpty()) {
            objectParts(req, info, xml);
        }
        if (wanted.contains("storageclass")) {
            xml.element("StorageClass", info.metadata().system().getOrDefault(MetadataHeaders.STORAGE_CLASS, "STANDARD"));
        }
        if (wanted.contains("objectsize")) {
            xml.element("ObjectSize", info.size());
        }
        req.exchange().respond(200, List.of(Map.entry("Content-Type", "application/xml"),
                Map.entry("Last-Modified", S3Time.httpDate(info.lastModified()))), xml.toBytes());
    }

    private static void objectParts(S3Request req, ObjectInfo info, XmlWriter xml) throws S3Exception {
        int maxParts = Integers.maxItems("x-amz-max-parts", req.header("x-amz-max-parts"), 1000);
        int marker = Integers.marker("x-amz-part-number-marker", req.header("x-amz-part-number-marker"));
        List<PartInfo> after = info.parts().stream().filter(p -> p.partNumber() > marker).toList();
        List<PartInfo> page = after.subList(0, Math.min(maxParts, after.size()));
        xml.start("ObjectParts")
                .element("TotalPartsCount", info.parts().size())
                .element("PartNumberMarker", marker)
                .element("NextPartNumberMarker", page.isEmpty() ? marker : page.get(page.size() - 1).partNumber())
                .element("MaxParts", maxParts)
                .element("IsTruncated", after.size() > page.size());
        for (PartInfo p : page) {
            xml.start("Part").element("PartNumber", p.partNumber()).element("Size", p.size());
            MultipartHandler.checksumElement(xml, p.checksum());
            xml.end();
        }
        xml.end();
    }

    public void getObjectTagging(S3Request req) throws Exception {
        ObjectInfo info = head(req);
        XmlWriter xml = XmlWriter.document("Tagging").start("TagSet");
        for (Map.Entry<String, String> t : info.metadata().tags().entrySet()) {
            xml.start("Tag").element("Key", t.getKey()).element("Value", t.getValue()).end();
        }
        S3Responses.xml(req.exchange(), xml);
    }

    public void putObjectTagging(S3Request req) throws Exception {
        Map<String, String> tags = Tags.parseXml(xmlReader.parse(bodies.readSmall(req, RequestBodies.MAX_CONFIG_XML), "Tagging"));
        replaceTags(req, tags);
        S3Responses.empty(req.exchange(), 200, List.of());
    }

    public void deleteObjectTagging(S3Request req) throws Exception {
        replaceTags(req, Map.of());
        S3Responses.empty(req.exchange(), 204, List.of());
    }

    private void replaceTags(S3Request req, Map<String, String> tags) throws S3Exception {
        ObjectInfo info = head(req);
        ObjectMetadata m = info.metadata();
        try {
            objects.replaceMetadata(req.bucket(), req.key(), new ObjectMetadata(m.system(), m.user(), tags),
                    new WriteCondition(false, info.etag()));
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), req.key());
        }
    }

    public void getObjectAcl(S3Request req) throws Exception {
        head(req);
        S3Responses.xml(req.exchange(), BucketHandler.ownerFullControl(config));
    }

    private ObjectInfo head(S3Request req) throws S3Exception {
        try {
            return objects.head(req.bucket(), req.key());
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), req.key());
        }
    }

}
