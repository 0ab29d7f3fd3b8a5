package io.stratus.s3;

/**
 * Every S3 operation Stratus routes, named as AWS names it, with the IAM action that authorises it.
 * Routing produces exactly one of these per request; the policy engine decides on the action.
 */
public enum S3Operation {
    LIST_BUCKETS("ListBuckets", "s3:ListAllMyBuckets"),
    CREATE_BUCKET("CreateBucket", "s3:CreateBucket"),
    HEAD_BUCKET("HeadBucket", "s3:ListBucket"),
    DELETE_BUCKET("DeleteBucket", "s3:DeleteBucket"),
    GET_BUCKET_LOCATION("GetBucketLocation", "s3:GetBucketLocation"),
    GET_BUCKET_VERSIONING("GetBucketVersioning", "s3:GetBucketVersioning"),
    GET_BUCKET_ACL("GetBucketAcl", "s3:GetBucketAcl"),
    GET_BUCKET_POLICY("GetBucketPolicy", "s3:GetBucketPolicy"),
    PUT_BUCKET_POLICY("PutBucketPolicy", "s3:PutBucketPolicy"),
    DELETE_BUCKET_POLICY("DeleteBucketPolicy", "s3:DeleteBucketPolicy"),
    GET_BUCKET_CORS("GetBucketCors", "s3:GetBucketCORS"),
    LIST_OBJECTS("ListObjects", "s3:ListBucket"),
    LIST_OBJECTS_V2("ListObjectsV2", "s3:ListBucket"),
    LIST_OBJECT_VERSIONS("ListObjectVersions", "s3:ListBucketVersions"),
    LIST_MULTIPART_UPLOADS("ListMultipartUploads", "s3:ListBucketMultipartUploads"),
    DELETE_OBJECTS("DeleteObjects", "s3:DeleteObject"),
    PUT_OBJECT("PutObject", "s3:PutObject"),
    COPY_OBJECT("CopyObject", "s3:PutObject"),
    GET_OBJECT("GetObject", "s3:GetObject"),
    HEAD_OBJECT("HeadObject", "s3:GetObject"),
    GET_OBJECT_ATTRIBUTES("GetObjectAttributes", "s3:GetObjectAttributes"),
    GET_OBJECT_ACL("GetObjectAcl", "s3:GetObjectAcl"),
    DELETE_OBJECT("DeleteObject", "s3:DeleteObject"),
    GET_OBJECT_TAGGING("GetObjectTagging", "s3:GetObjectTagging"),
    PUT_OBJECT_TAGGING("PutObjectTagging", "s3:PutObjectTagging"),
    DELETE_OBJECT_TAGGING("DeleteObjectTagging", "s3:DeleteObjectTagging"),
    CREATE_MULTIPART_UPLOAD("CreateMultipartUpload", "s3:PutObject"),
    UPLOAD_PART("UploadPart", "s3:PutObject"),
    UPLOAD_PART_COPY("UploadPartCopy", "s3:PutObject"),
    COMPLETE_MULTIPART_UPLOAD("CompleteMultipartUpload", "s3:PutObject"),
    ABORT_MULTIPART_UPLOAD("AbortMultipartUpload", "s3:AbortMultipartUpload"),
    LIST_PARTS("ListParts", "s3:ListMultipartUploadParts");

    private final String awsName;
    private final String action;

    S3Operation(String awsName, String action) {
        this.awsName = awsName;
        this.action = action;
    }

    /** The operation's AWS API name, used in metrics and logs. */
    public String awsName() {
        return awsName;
    }

    /** The IAM action checked for this operation. */
    public String action() {
        return action;
    }
}
