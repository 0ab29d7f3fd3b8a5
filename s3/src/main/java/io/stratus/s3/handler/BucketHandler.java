package io.stratus.s3.handler;

import io.stratus.s3.S3Config;
import io.stratus.s3.S3ErrorCode;
import io.stratus.s3.S3Exception;
import io.stratus.s3.S3Request;
import io.stratus.s3.S3Responses;
import io.stratus.s3.StorageErrors;
import io.stratus.s3.support.BucketNames;
import io.stratus.s3.xml.XmlElement;
import io.stratus.s3.xml.XmlReader;
import io.stratus.s3.xml.XmlWriter;
import io.stratus.storage.BucketInfo;
import io.stratus.storage.BucketStore;
import io.stratus.storage.StorageException;
import java.util.List;
import java.util.Map;

/** Bucket-level operations: ListBuckets, CreateBucket, HeadBucket, DeleteBucket, location, versioning, ACL. */
public final class BucketHandler {
    private final S3Config config;
    private final BucketStore buckets;
    private final io.stratus.s3.BucketPolicyStore policies;
    private final XmlReader xmlReader;
    private final RequestBodies bodies;

    public BucketHandler(S3Config config, BucketStore buckets, io.stratus.s3.BucketPolicyStore policies,
                         XmlReader xmlReader, RequestBodies bodies) {
        this.config = config;
        this.buckets = buckets;
        this.policies = policies;
        this.xmlReader = xmlReader;
        this.bodies = bodies;
    }

    public void listBuckets(S3Request req) throws Exception {
        XmlWriter xml = XmlWriter.document("ListAllMyBucketsResult");
        owner(xml);
        xml.start("Buckets");
        for (BucketInfo b : buckets.list()) {
            xml.start("Bucket").element("Name", b.name()).element("CreationDate", b.created())
                    .element("BucketRegion", b.region()).end();
        }
        xml.end();
        S3Responses.xml(req.exchange(), xml);
    }

    public void createBucket(S3Request req) throws Exception {
        BucketNames.validate(req.bucket());
        String region = config.region();
        byte[] body = bodies.readSmall(req, RequestBodies.MAX_CONFIG_XML);
        if (body.length > 0) {
            XmlElement conf = xmlReader.parse(body, "CreateBucketConfiguration");
            String constraint = conf.childText("LocationConstraint");
            if (constraint != null && !constraint.isEmpty() && !constraint.equals(config.region())) {
                throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT.code(), 400,
                        "The specified location-constraint is not valid", Map.of("LocationConstraint", constraint));
            }
        }
        try {
            buckets.create(req.bucket(), region);
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), null);
        }
        List<Map.Entry<String, String>> headers = S3Responses.headers();
        headers.add(Map.entry("Location", "/" + req.bucket()));
        S3Responses.empty(req.exchange(), 200, headers);
    }

    public void headBucket(S3Request req) throws Exception {
        BucketInfo b = require(req.bucket());
        S3Responses.empty(req.exchange(), 200, List.of(Map.entry("x-amz-bucket-region", b.region())));
    }

    public void deleteBucket(S3Request req) throws Exception {
        try {
            buckets.delete(req.bucket());
        } catch (StorageException e) {
            throw StorageErrors.toS3(e, req.bucket(), null);
        }
        // A bucket created later under the same name must not inherit this one's policy.
        policies.delete(req.bucket());
        S3Responses.empty(req.exchange(), 204, List.of());
    }

    public void getBucketLocation(S3Request req) throws Exception {
        BucketInfo b = require(req.bucket());
        XmlWriter xml = XmlWriter.document("LocationConstraint");
        // AWS answers an empty constraint for us-east-1, the region that predates constraints.
        S3Responses.xml(req.exchange(), "us-east-1".equals(b.region()) ? xml : xmlWithText(b.region()));
    }

    private static XmlWriter xmlWithText(String region) {
        return XmlWriter.document("LocationConstraint").text(region);
    }

    public void getBucketVersioning(S3Request req) throws Exception {
        require(req.bucket());
        // Never-versioned buckets answer an empty configuration (no Status element), as AWS does.
        S3Responses.xml(req.exchange(), XmlWriter.document("VersioningConfiguration"));
    }

    public void getBucketAcl(S3Request req) throws Exception {
        require(req.bucket());
        S3Responses.xml(req.exchange(), ownerFullControl(config));
    }

    public void getBucketPolicy(S3Request req) throws Exception {
        require(req.bucket());
        String policy = policies.get(req.bucket()).orElseThrow(() -> new S3Exception("NoSuchBucketPolicy", 404,
                "The bucket policy does not exist", Map.of("BucketName", req.bucket())));
        req.exchange().respond(200, List.of(Map.entry("Content-Type", "application/json")),
                policy.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Validated by the policy store before it is kept; the one policy engine evaluates it. */
    public void putBucketPolicy(S3Request req) throws Exception {
        require(req.bucket());
        byte[] body = bodies.readSmall(req, 20 * 1024);
        policies.put(req.bucket(), new String(body, java.nio.charset.StandardCharsets.UTF_8));
        S3Responses.empty(req.exchange(), 204, List.of());
    }

    public void deleteBucketPolicy(S3Request req) throws Exception {
        require(req.bucket());
        policies.delete(req.bucket());
        S3Responses.empty(req.exchange(), 204, List.of());
    }

    /** CORS configuration is not stored yet: answer as AWS does for a bucket without one. */
    public void getBucketCors(S3Request req) throws Exception {
        require(req.bucket());
        throw new S3Exception("NoSuchCORSConfiguration", 404, "The CORS configuration does not exist",
                Map.of("BucketName", req.bucket()));
    }

    /** The canned private ACL: the owner has FULL_CONTROL. Also used for GetObjectAcl. */
    static XmlWriter ownerFullControl(S3Config config) {
        XmlWriter xml = XmlWriter.document("AccessControlPolicy");
        xml.start("Owner").element("ID", config.ownerId()).element("DisplayName", config.ownerName()).end();
        xml.start("AccessControlList").start("Grant")
                .startWithAttributes("Grantee", "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance", "xsi:type", "CanonicalUser")
                .element("ID", config.ownerId()).element("DisplayName", config.ownerName()).end()
                .element("Permission", "FULL_CONTROL");
        return xml;
    }

    private void owner(XmlWriter xml) {
        xml.start("Owner").element("ID", config.ownerId()).element("DisplayName", config.ownerName()).end();
    }

    private BucketInfo require(String bucket) throws S3Exception {
        return buckets.get(bucket).orElseThrow(() -> new S3Exception(S3ErrorCode.NO_SUCH_BUCKET,
                S3ErrorCode.NO_SUCH_BUCKET.defaultMessage(), Map.of("BucketName", bucket)));
    }
}
