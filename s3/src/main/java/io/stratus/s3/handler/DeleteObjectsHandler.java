package io.stratus.s3.handler;

import io.stratus.s3.S3ErrorCode;
import io.stratus.s3.S3Exception;
import io.stratus.s3.S3Request;
import io.stratus.s3.S3Responses;
import io.stratus.s3.StorageErrors;
import io.stratus.s3.support.IntegrityCheck;
import io.stratus.s3.support.ObjectKeys;
import io.stratus.s3.xml.XmlElement;
import io.stratus.s3.xml.XmlReader;
import io.stratus.s3.xml.XmlWriter;
import io.stratus.storage.BucketStore;
import io.stratus.storage.ObjectStore;
import io.stratus.storage.StorageError;
import io.stratus.storage.StorageException;
import java.util.List;
import java.util.Map;

/** DeleteObjects: up to 1,000 keys per request, verbose or quiet result. */
public final class DeleteObjectsHandler {
    private static final int MAX_KEYS = 1000;

    private final BucketStore buckets;
    private final ObjectStore objects;
    private final XmlReader xmlReader;
    private final RequestBodies bodies;
    private final io.stratus.s3.S3Authorizer authorizer;

    public DeleteObjectsHandler(BucketStore buckets, ObjectStore objects, XmlReader xmlReader, RequestBodies bodies,
                                io.stratus.s3.S3Authorizer authorizer) {
        this.buckets = buckets;
        this.objects = objects;
        this.xmlReader = xmlReader;
        this.bodies = bodies;
        this.authorizer = authorizer;
    }

    public void deleteObjects(S3Request req) throws Exception {
        IntegrityCheck integrity = IntegrityCheck.prepare(req::header, req.auth(), null);
        byte[] body = bodies.readSmall(req, RequestBodies.MAX_DELETE_XML);
        integrity.verifyWhole(body);
        XmlElement delete = parse(xmlReader, body);
        List<XmlElement> entries = delete.children("Object");
        boolean quiet = "true".equalsIgnoreCase(delete.childText("Quiet"));
        if (buckets.get(req.bucket()).isEmpty()) {
            throw StorageErrors.toS3(new StorageException(StorageError.NO_SUCH_BUCKET, req.bucket()), req.bucket(), null);
        }
        XmlWriter xml = XmlWriter.document("DeleteResult");
        io.stratus.s3.S3ConditionKeys context = io.stratus.s3.S3ConditionKeys.of(req.exchange(), objects);
        for (XmlElement entry : entries) {
            XmlElement keyElement = entry.child("Key");
            if (keyElement == null) {
                throw new S3Exception(S3ErrorCode.MALFORMED_XML);
            }
            String key = keyElement.text();
            String versionId = entry.childText("VersionId");
            try {
                ObjectKeys.validate(key);
                // As in AWS, each key needs s3:DeleteObject on that object; a denied key is an Error entry.
                authorizer.authorize(req.auth(), io.stratus.s3.S3Operation.DELETE_OBJECT, req.bucket(), key, context);
                if (versionId != null && !versionId.equals("null")) {
                    throw new S3Exception("NoSuchVersion", 404, "The specified version does not exist.", Map.of());
                }
                objects.delete(req.bucket(), key);
                if (!quiet) {
                    xml.start("Deleted").element("Key", key).element("VersionId", versionId).end();
                }
            } catch (S3Exception e) {
                error(xml, key, versionId, e.code(), e.getMessage());
            } catch (StorageException e) {
                S3Exception s3 = StorageErrors.toS3(e, req.bucket(), key);
                error(xml, key, versionId, s3.code(), s3.getMessage());
            }
        }
        S3Responses.xml(req.exchange(), xml);
    }

    /**
     * Parses a Delete document and checks all of it before anything is deleted: an entry without a
     * Key found half-way through must not leave the keys before it deleted (AWS rejects the document whole).
     */
    static XmlElement parse(XmlReader xmlReader, byte[] body) throws S3Exception {
        XmlElement delete = xmlReader.parse(body, "Delete");
        List<XmlElement> entries = delete.children("Object");
        if (entries.isEmpty() || entries.size() > MAX_KEYS) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        for (XmlElement entry : entries) {
            if (entry.child("Key") == null) {
                throw new S3Exception(S3ErrorCode.MALFORMED_XML);
            }
        }
        return delete;
    }

    private static void error(XmlWriter xml, String key, String versionId, String code, String message) {
        xml.start("Error").element("Key", key).element("VersionId", versionId)
                .element("Code", code).element("Message", message).end();
    }
}
