package io.stratus.s3;

import io.stratus.http.HttpRequestHead;
import io.stratus.s3.support.ObjectKeys;
import java.util.List;
import java.util.Locale;

/**
 * Turns a request into exactly one {@link S3Operation} plus bucket and key, once, before any
 * handler runs. Path-style ({@code /bucket/key}) and virtual-host style ({@code bucket.localhost/key}).
 */
public final class S3Router {
    /** The virtual-host domains with their leading dot ({@code ".localhost"}), made once, not per request. */
    private final List<String> dottedDomains;

    public S3Router(List<String> virtualHostDomains) {
        this.dottedDomains = virtualHostDomains.stream().map(domain -> "." + domain).toList();
    }

    public record Route(S3Operation operation, String bucket, String key) {
    }

    public Route route(HttpRequestHead head) throws S3Exception {
        String path = head.path();
        if (path.isEmpty() || path.charAt(0) != '/') {
            throw new S3Exception(S3ErrorCode.INVALID_URI);
        }
        String bucket = virtualHostBucket(head.header("host"));
        String key;
        if (bucket != null) {
            key = path.length() > 1 ? path.substring(1) : null;
        } else {
            int slash = path.indexOf('/', 1);
            if (path.length() == 1) {
                bucket = null;
                key = null;
            } else if (slash < 0) {
                bucket = path.substring(1);
                key = null;
            } else {
                bucket = path.substring(1, slash);
                key = slash + 1 < path.length() ? path.substring(slash + 1) : null;
            }
        }
        if (key != null) {
            ObjectKeys.validate(key);
        }
        return new Route(operation(head, bucket, key), bucket, key);
    }

    private String virtualHostBucket(String host) {
        if (host == null) {
            return null;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon) {
            h = h.substring(0, colon);
        }
        // The longest domain wins: with both "localhost" and "s3.localhost" configured,
        // "b.s3.localhost" is bucket "b", not bucket "b.s3".
        String longest = null;
        for (String dotted : dottedDomains) {
            if (h.endsWith(dotted) && h.length() > dotted.length()
                    && (longest == null || dotted.length() > longest.length())) {
                longest = dotted;
            }
        }
        return longest == null ? null : h.substring(0, h.length() - longest.length());
    }

    private static S3Operation operation(HttpRequestHead head, String bucket, String key) throws S3Exception {
        String method = head.method();
        if (bucket == null) {
            if (method.equals("GET")) {
                return S3Operation.LIST_BUCKETS;
            }
            throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED);
        }
        return key == null ? bucketOperation(head, method) : objectOperation(head, method);
    }

    private static S3Operation bucketOperation(HttpRequestHead h, String method) throws S3Exception {
        switch (method) {
            case "GET":
                if (h.hasQueryParameter("location")) {
                    return S3Operation.GET_BUCKET_LOCATION;
                } else if (h.hasQueryParameter("versioning")) {
                    return S3Operation.GET_BUCKET_VERSIONING;
                } else if (h.hasQueryParameter("versions")) {
                    return S3Operation.LIST_OBJECT_VERSIONS;
                } else if (h.hasQueryParameter("uploads")) {
                    return S3Operation.LIST_MULTIPART_UPLOADS;
                } else if (h.hasQueryParameter("acl")) {
                    return S3Operation.GET_BUCKET_ACL;
                } else if (h.hasQueryParameter("policy")) {
                    return S3Operation.GET_BUCKET_POLICY;
                } else if (h.hasQueryParameter("cors")) {
                    return S3Operation.GET_BUCKET_CORS;
                }
                rejectUnknownSubresource(h);
                return "2".equals(h.queryParameter("list-type")) ? S3Operation.LIST_OBJECTS_V2 : S3Operation.LIST_OBJECTS;
            case "PUT":
                if (h.hasQueryParameter("policy")) {
                    return S3Operation.PUT_BUCKET_POLICY;
                }
                rejectUnknownSubresource(h);
                return S3Operation.CREATE_BUCKET;
            case "HEAD":
                return S3Operation.HEAD_BUCKET;
            case "DELETE":
                if (h.hasQueryParameter("policy")) {
                    return S3Operation.DELETE_BUCKET_POLICY;
                }
                rejectUnknownSubresource(h);
                return S3Operation.DELETE_BUCKET;
            case "POST":
                if (h.hasQueryParameter("delete")) {
                    return S3Operation.DELETE_OBJECTS;
                }
                throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED);
            default:
                throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED);
        }
    }

    private static S3Operation objectOperation(HttpRequestHead h, String method) throws S3Exception {
        switch (method) {
            case "GET":
                if (h.hasQueryParameter("uploadId")) {
                    return S3Operation.LIST_PARTS;
                } else if (h.hasQueryParameter("attributes")) {
                    return S3Operation.GET_OBJECT_ATTRIBUTES;
                } else if (h.hasQueryParameter("tagging")) {
                    return S3Operation.GET_OBJECT_TAGGING;
                } else if (h.hasQueryParameter("acl")) {
                    return S3Operation.GET_OBJECT_ACL;
                }
                rejectUnknownSubresource(h);
                return S3Operation.GET_OBJECT;
            case "HEAD":
                return S3Operation.HEAD_OBJECT;
            case "PUT":
                if (h.hasQueryParameter("uploadId") || h.hasQueryParameter("partNumber")) {
                    return h.header("x-amz-copy-source") != null ? S3Operation.UPLOAD_PART_COPY : S3Operation.UPLOAD_PART;
                } else if (h.hasQueryParameter("tagging")) {
                    return S3Operation.PUT_OBJECT_TAGGING;
                }
                rejectUnknownSubresource(h);
                return h.header("x-amz-copy-source") != null ? S3Operation.COPY_OBJECT : S3Operation.PUT_OBJECT;
            case "DELETE":
                if (h.hasQueryParameter("uploadId")) {
                    return S3Operation.ABORT_MULTIPART_UPLOAD;
                } else if (h.hasQueryParameter("tagging")) {
                    return S3Operation.DELETE_OBJECT_TAGGING;
                }
                rejectUnknownSubresource(h);
                return S3Operation.DELETE_OBJECT;
            case "POST":
                if (h.hasQueryParameter("uploads")) {
                    return S3Operation.CREATE_MULTIPART_UPLOAD;
                } else if (h.hasQueryParameter("uploadId")) {
                    return S3Operation.COMPLETE_MULTIPART_UPLOAD;
                }
                throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED);
            default:
                throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED);
        }
    }

    /** Sub-resources Stratus does not serve yet: answer NotImplemented rather than misroute them. */
    private static final List<String> UNSUPPORTED_SUBRESOURCES = List.of("policy", "cors", "lifecycle", "website",
            "logging", "notification", "replication", "encryption", "object-lock", "retention", "legal-hold",
            "publicAccessBlock", "ownershipControls", "requestPayment", "accelerate", "analytics", "inventory",
            "metrics", "intelligent-tiering", "restore", "select", "torrent", "tagging", "versioning", "acl", "policyStatus");

    private static void rejectUnknownSubresource(HttpRequestHead h) throws S3Exception {
        for (String name : UNSUPPORTED_SUBRESOURCES) {
            if (h.hasQueryParameter(name)) {
                throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED,
                        "The " + name + " sub-resource is not implemented by Stratus yet.");
            }
        }
    }
}
