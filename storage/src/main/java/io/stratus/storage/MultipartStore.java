package io.stratus.storage;

import io.stratus.core.checksum.ChecksumAlgorithm;
import java.io.InputStream;
import java.util.List;

/**
 * Multipart uploads. Parts stay in the files they were written to; completing writes a manifest
 * and never copies part data. S3's rules for completion (part order, minimum sizes, ETag and
 * checksum of the whole) are the protocol layer's; this store only persists what it is told.
 */
public interface MultipartStore {
    MultipartUpload create(String bucket, String key, ObjectMetadata metadata,
                           ChecksumAlgorithm checksumAlgorithm, ChecksumValue.ChecksumType checksumType) throws StorageException;

    /** @throws StorageException NO_SUCH_UPLOAD */
    MultipartUpload get(String bucket, String key, String uploadId) throws StorageException;

    /**
     * Stores (or replaces) one part. The part's checksum is computed with the upload's algorithm.
     * @throws StorageException NO_SUCH_UPLOAD, INCOMPLETE_BODY, INSUFFICIENT_STORAGE, or what the check threw
     */
    PartInfo uploadPart(String bucket, String key, String uploadId, int partNumber,
                        InputStream body, long contentLength, PreCommitCheck check) throws Exception;

    /** Parts with number > partNumberMarker, ascending, at most maxParts (+1 to tell truncation is the caller's job). */
    List<PartInfo> listParts(String bucket, String key, String uploadId, int partNumberMarker, int maxParts) throws StorageException;

    /**
     * Atomically turns the named parts (in the given order) into the object, replacing any
     * previous object under the key, and removes the upload. Parts not named are deleted.
     * @throws StorageException NO_SUCH_UPLOAD, PRECONDITION_FAILED
     */
    ObjectInfo complete(String bucket, String key, String uploadId, List<Integer> partNumbers,
                        String etag, ChecksumValue checksum, WriteCondition condition) throws StorageException;

    /** @throws StorageException NO_SUCH_UPLOAD */
    void abort(String bucket, String key, String uploadId) throws StorageException;

    UploadListing listUploads(String bucket, String prefix, String delimiter,
                              String keyMarker, String uploadIdMarker, int maxUploads) throws StorageException;
}
