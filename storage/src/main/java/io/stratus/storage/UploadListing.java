package io.stratus.storage;

import java.util.List;

/** A page of in-progress uploads ordered by (key, initiation order); see ListMultipartUploads. */
public record UploadListing(List<MultipartUpload> uploads, List<String> commonPrefixes, boolean truncated,
                            String nextKeyMarker, String nextUploadIdMarker) {
}
