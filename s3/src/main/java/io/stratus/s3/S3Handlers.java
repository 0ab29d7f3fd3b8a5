package io.stratus.s3;

import io.stratus.s3.handler.BucketHandler;
import io.stratus.s3.handler.CompleteMultipartHandler;
import io.stratus.s3.handler.DeleteObjectsHandler;
import io.stratus.s3.handler.ListHandler;
import io.stratus.s3.handler.MultipartHandler;
import io.stratus.s3.handler.ObjectAttributesHandler;
import io.stratus.s3.handler.ObjectReadHandler;
import io.stratus.s3.handler.ObjectWriteHandler;
import io.stratus.s3.handler.RequestBodies;
import io.stratus.s3.xml.XmlReader;
import io.stratus.storage.StorageEngine;

/** The handler of each operation family, and the one exhaustive switch from operation to handler. */
final class S3Handlers {
    private final BucketHandler buckets;
    private final ListHandler lists;
    private final ObjectReadHandler reads;
    private final ObjectWriteHandler writes;
    private final DeleteObjectsHandler deletes;
    private final MultipartHandler multipart;
    private final CompleteMultipartHandler complete;
    private final ObjectAttributesHandler attributes;

    S3Handlers(S3Config config, StorageEngine storage, BucketPolicyStore policies, S3Authorizer authorizer) {
        XmlReader xml = new XmlReader();
        RequestBodies bodies = new RequestBodies();
        this.buckets = new BucketHandler(config, storage.buckets(), policies, xml, bodies);
        this.lists = new ListHandler(config, storage.objects());
        this.reads = new ObjectReadHandler(storage.objects());
        this.writes = new ObjectWriteHandler(storage.objects(), bodies);
        this.deletes = new DeleteObjectsHandler(storage.buckets(), storage.objects(), xml, bodies, authorizer);
        this.multipart = new MultipartHandler(config, storage.objects(), storage.multipart(), bodies);
        this.complete = new CompleteMultipartHandler(storage.multipart(), xml, bodies);
        this.attributes = new ObjectAttributesHandler(config, storage.objects(), xml, bodies);
    }

    void dispatch(S3Request r) throws Exception {
        switch (r.operation()) {
            case LIST_BUCKETS -> buckets.listBuckets(r);
            case CREATE_BUCKET -> buckets.createBucket(r);
            case HEAD_BUCKET -> buckets.headBucket(r);
            case DELETE_BUCKET -> buckets.deleteBucket(r);
            case GET_BUCKET_LOCATION -> buckets.getBucketLocation(r);
            case GET_BUCKET_VERSIONING -> buckets.getBucketVersioning(r);
            case GET_BUCKET_ACL -> buckets.getBucketAcl(r);
            case GET_BUCKET_POLICY -> buckets.getBucketPolicy(r);
            case PUT_BUCKET_POLICY -> buckets.putBucketPolicy(r);
            case DELETE_BUCKET_POLICY -> buckets.deleteBucketPolicy(r);
            case GET_BUCKET_CORS -> buckets.getBucketCors(r);
            case LIST_OBJECTS -> lists.listObjects(r);
            case LIST_OBJECTS_V2 -> lists.listObjectsV2(r);
            case LIST_OBJECT_VERSIONS -> lists.listObjectVersions(r);
            case LIST_MULTIPART_UPLOADS -> multipart.listMultipartUploads(r);
            case DELETE_OBJECTS -> deletes.deleteObjects(r);
            case PUT_OBJECT -> writes.putObject(r);
            case COPY_OBJECT -> writes.copyObject(r);
            case DELETE_OBJECT -> writes.deleteObject(r);
            case GET_OBJECT -> reads.getObject(r);
            case HEAD_OBJECT -> reads.headObject(r);
            case GET_OBJECT_ATTRIBUTES -> attributes.getObjectAttributes(r);
            case GET_OBJECT_ACL -> attributes.getObjectAcl(r);
            case GET_OBJECT_TAGGING -> attributes.getObjectTagging(r);
            case PUT_OBJECT_TAGGING -> attributes.putObjectTagging(r);
            case DELETE_OBJECT_TAGGING -> attributes.deleteObjectTagging(r);
            case CREATE_MULTIPART_UPLOAD -> multipart.createMultipartUpload(r);
            case UPLOAD_PART -> multipart.uploadPart(r);
            case UPLOAD_PART_COPY -> multipart.uploadPartCopy(r);
            case COMPLETE_MULTIPART_UPLOAD -> complete.completeMultipartUpload(r);
            case ABORT_MULTIPART_UPLOAD -> multipart.abortMultipartUpload(r);
            case LIST_PARTS -> multipart.listParts(r);
        }
    }
}
