#!/usr/bin/env python3
"""boto3 against Stratus, default client settings except endpoint, credentials and region.

Usage: boto3_test.py ENDPOINT WORKDIR   (credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)
Prints one line per case: "PASS <name>" or "FAIL <name>: <why>". Exit code 0 even when cases fail;
run.sh counts the lines.
"""
import hashlib
import io
import os
import socket
import sys
import time
import traceback
import urllib.error
import urllib.request

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cksum  # noqa: E402

ENDPOINT = sys.argv[1]
WORK = sys.argv[2]
REGION = "us-east-1"
MiB = 1024 * 1024
BUCKET = "boto3-%d" % (int(time.time() * 1000) % 10**9)
BUCKET2 = BUCKET + "-dst"

s3 = boto3.client("s3", endpoint_url=ENDPOINT, region_name=REGION)


def case(name):
    """Runs the decorated function at once as one test case and prints its result."""
    def run(fn):
        try:
            fn()
            print("PASS " + name, flush=True)
        except AssertionError as e:
            print("FAIL %s: %s" % (name, e), flush=True)
        except Exception as e:  # a client error is a failed case, not a crashed suite
            detail = "%s: %s" % (type(e).__name__, e)
            if isinstance(e, ClientError):
                meta = e.response.get("ResponseMetadata", {})
                detail += " [HTTP %s, headers %s]" % (meta.get("HTTPStatusCode"), meta.get("HTTPHeaders"))
            tb = traceback.extract_tb(e.__traceback__)
            if tb:
                detail += " (at line %d)" % tb[-1].lineno
            print("FAIL %s: %s" % (name, detail), flush=True)
        return fn
    return run


def eq(expected, actual, what):
    assert expected == actual, "%s: expected %r, got %r" % (what, expected, actual)


def error_of(fn):
    """Calls fn, which must fail with a ClientError; returns (code, http status)."""
    try:
        fn()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    raise AssertionError("expected an error, the call succeeded")


def md5_etag(data):
    return '"%s"' % hashlib.md5(data).hexdigest()


def multipart_etag(parts):
    joined = b"".join(hashlib.md5(p).digest() for p in parts)
    return '"%s-%d"' % (hashlib.md5(joined).hexdigest(), len(parts))


def body(key, bucket=BUCKET, **kw):
    return s3.get_object(Bucket=bucket, Key=key, **kw)["Body"].read()


SMALL = os.urandom(100_000) + b"end"


@case("create_bucket, head_bucket, list_buckets")
def _():
    s3.create_bucket(Bucket=BUCKET)
    s3.create_bucket(Bucket=BUCKET2)
    s3.head_bucket(Bucket=BUCKET)
    eq(None, s3.get_bucket_location(Bucket=BUCKET).get("LocationConstraint"), "us-east-1 LocationConstraint")
    names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert BUCKET in names and BUCKET2 in names, "list_buckets lacks the new buckets: %r" % names


@case("create_bucket of a bucket you own -> 409 BucketAlreadyOwnedByYou, invalid name -> InvalidBucketName")
def _():
    # AWS answers 200 here in us-east-1 only (legacy); Stratus answers BucketAlreadyOwnedByYou in
    # every region, as its issue specifies and as MinIO and Ceph do. rclone and boto3 accept both.
    eq(("BucketAlreadyOwnedByYou", 409), error_of(lambda: s3.create_bucket(Bucket=BUCKET)), "re-create own bucket")
    eq(("InvalidBucketName", 400), error_of(lambda: s3.create_bucket(Bucket="Not_A_Valid_Bucket")), "invalid name")


@case("put_object/get_object bytes round trip, ETag = MD5")
def _():
    r = s3.put_object(Bucket=BUCKET, Key="plain.bin", Body=SMALL)
    eq(md5_etag(SMALL), r["ETag"], "PutObject ETag")
    g = s3.get_object(Bucket=BUCKET, Key="plain.bin")
    eq(SMALL, g["Body"].read(), "body")
    eq(len(SMALL), g["ContentLength"], "ContentLength")
    eq(md5_etag(SMALL), g["ETag"], "GetObject ETag")


@case("put_object empty body")
def _():
    s3.put_object(Bucket=BUCKET, Key="empty", Body=b"")
    eq(b"", body("empty"), "body")
    eq(0, s3.head_object(Bucket=BUCKET, Key="empty")["ContentLength"], "ContentLength")


for algorithm in ("CRC32", "CRC32C", "SHA1", "SHA256"):
    @case("put_object ChecksumAlgorithm=%s, get_object ChecksumMode=ENABLED validates" % algorithm)
    def _(algorithm=algorithm):
        data = os.urandom(70_000)
        key = "checksum/" + algorithm
        expected = cksum.b64(algorithm, data)
        r = s3.put_object(Bucket=BUCKET, Key=key, Body=data, ChecksumAlgorithm=algorithm)
        eq(expected, r.get("Checksum" + algorithm), "PutObject Checksum" + algorithm)
        g = s3.get_object(Bucket=BUCKET, Key=key, ChecksumMode="ENABLED")
        eq(expected, g.get("Checksum" + algorithm), "GetObject Checksum" + algorithm)
        eq(data, g["Body"].read(), "body")  # botocore validates the checksum while reading
        h = s3.head_object(Bucket=BUCKET, Key=key, ChecksumMode="ENABLED")
        eq(expected, h.get("Checksum" + algorithm), "HeadObject Checksum" + algorithm)


@case("put_object with a wrong x-amz-checksum-crc32 is rejected (BadDigest)")
def _():
    wrong = cksum.b64("crc32", b"something else")
    code, status = error_of(lambda: s3.put_object(Bucket=BUCKET, Key="bad-checksum", Body=b"payload",
                                                  ChecksumCRC32=wrong))
    eq(("BadDigest", 400), (code, status), "error")
    eq(("404", 404), error_of(lambda: s3.head_object(Bucket=BUCKET, Key="bad-checksum")), "object must not exist")


@case("put_object metadata and headers, head_object returns them")
def _():
    s3.put_object(Bucket=BUCKET, Key="meta.txt", Body=b"hello", ContentType="text/plain; charset=utf-8",
                  CacheControl="max-age=60", ContentDisposition='attachment; filename="x.txt"',
                  ContentEncoding="identity", Metadata={"colour": "blue", "Mixed-Case": "Value 1"})
    h = s3.head_object(Bucket=BUCKET, Key="meta.txt")
    eq("text/plain; charset=utf-8", h.get("ContentType"), "ContentType")
    eq("max-age=60", h.get("CacheControl"), "CacheControl")
    eq('attachment; filename="x.txt"', h.get("ContentDisposition"), "ContentDisposition")
    eq({"colour": "blue", "mixed-case": "Value 1"}, h.get("Metadata"), "Metadata")
    eq(5, h["ContentLength"], "ContentLength")
    assert h.get("LastModified") is not None, "no LastModified"


@case("get_object Range")
def _():
    g = s3.get_object(Bucket=BUCKET, Key="plain.bin", Range="bytes=10-19")
    eq(206, g["ResponseMetadata"]["HTTPStatusCode"], "status")
    eq(SMALL[10:20], g["Body"].read(), "range body")
    eq("bytes 10-19/%d" % len(SMALL), g.get("ContentRange"), "ContentRange")
    eq(SMALL[-3:], body("plain.bin", Range="bytes=-3"), "suffix range")
    eq(SMALL[99_990:], body("plain.bin", Range="bytes=99990-"), "open range")


@case("conditional get: If-None-Match -> 304, If-Match mismatch -> 412")
def _():
    etag = s3.head_object(Bucket=BUCKET, Key="plain.bin")["ETag"]
    code, status = error_of(lambda: s3.get_object(Bucket=BUCKET, Key="plain.bin", IfNoneMatch=etag))
    eq(304, status, "If-None-Match status")
    code, status = error_of(lambda: s3.get_object(Bucket=BUCKET, Key="plain.bin", IfMatch='"0000"'))
    eq(("PreconditionFailed", 412), (code, status), "If-Match error")
    eq(SMALL, body("plain.bin", IfMatch=etag), "If-Match body")


@case("errors: NoSuchKey, NoSuchBucket, head 404")
def _():
    eq(("404", 404), error_of(lambda: s3.head_bucket(Bucket=BUCKET + "-nope")), "head missing bucket")
    eq(("NoSuchKey", 404), error_of(lambda: s3.get_object(Bucket=BUCKET, Key="missing")), "get missing key")
    eq(("404", 404), error_of(lambda: s3.head_object(Bucket=BUCKET, Key="missing")), "head missing key")
    eq(("NoSuchBucket", 404), error_of(lambda: s3.get_object(Bucket=BUCKET + "-nope", Key="k")),
       "get from missing bucket")
    eq(("NoSuchBucket", 404), error_of(lambda: s3.list_objects_v2(Bucket=BUCKET + "-nope")), "list missing bucket")


BIG_PATH = os.path.join(WORK, "boto3-big.bin")
BIG_SIZE = 20 * MiB + 12345
with open(BIG_PATH, "wb") as f:
    f.write(os.urandom(BIG_SIZE))
BIG = open(BIG_PATH, "rb").read()
CHUNK = 8 * MiB  # boto3's default multipart_chunksize


@case("upload_file 20 MiB (transfer manager multipart), ETag of 3 parts")
def _():
    s3.upload_file(BIG_PATH, BUCKET, "big/file.bin")
    h = s3.head_object(Bucket=BUCKET, Key="big/file.bin")
    eq(BIG_SIZE, h["ContentLength"], "ContentLength")
    parts = [BIG[i:i + CHUNK] for i in range(0, len(BIG), CHUNK)]
    eq(multipart_etag(parts), h["ETag"], "multipart ETag")


@case("download_file 20 MiB (ranged parallel GETs), sha256 equal")
def _():
    out = os.path.join(WORK, "boto3-big.out")
    s3.download_file(BUCKET, "big/file.bin", out)
    eq(hashlib.sha256(BIG).hexdigest(), hashlib.sha256(open(out, "rb").read()).hexdigest(), "sha256")
    os.remove(out)


@case("upload_fileobj/download_fileobj")
def _():
    s3.upload_fileobj(io.BytesIO(SMALL), BUCKET, "fileobj.bin")
    buf = io.BytesIO()
    s3.download_fileobj(BUCKET, "fileobj.bin", buf)
    eq(SMALL, buf.getvalue(), "body")


@case("low-level multipart: create, upload_part, list_parts, complete, list/abort uploads")
def _():
    key = "mpu/low-level.bin"
    p1, p2 = os.urandom(5 * MiB), os.urandom(1)
    up = s3.create_multipart_upload(Bucket=BUCKET, Key=key, ContentType="application/x-test")["UploadId"]
    e1 = s3.upload_part(Bucket=BUCKET, Key=key, UploadId=up, PartNumber=1, Body=p1)["ETag"]
    e2 = s3.upload_part(Bucket=BUCKET, Key=key, UploadId=up, PartNumber=2, Body=p2)["ETag"]
    eq(md5_etag(p1), e1, "part 1 ETag")
    parts = s3.list_parts(Bucket=BUCKET, Key=key, UploadId=up)["Parts"]
    eq([(1, e1, len(p1)), (2, e2, 1)], [(p["PartNumber"], p["ETag"], p["Size"]) for p in parts], "list_parts")
    other = s3.create_multipart_upload(Bucket=BUCKET, Key="mpu/aborted")["UploadId"]
    uploads = s3.list_multipart_uploads(Bucket=BUCKET).get("Uploads", [])
    eq({(key, up), ("mpu/aborted", other)}, {(u["Key"], u["UploadId"]) for u in uploads}, "list_multipart_uploads")
    s3.abort_multipart_upload(Bucket=BUCKET, Key="mpu/aborted", UploadId=other)
    r = s3.complete_multipart_upload(Bucket=BUCKET, Key=key, UploadId=up, MultipartUpload={
        "Parts": [{"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]})
    eq(multipart_etag([p1, p2]), r["ETag"], "complete ETag")
    eq(p1 + p2, body(key), "body")
    eq("application/x-test", s3.head_object(Bucket=BUCKET, Key=key)["ContentType"], "ContentType")
    eq([], s3.list_multipart_uploads(Bucket=BUCKET).get("Uploads", []), "uploads after complete/abort")
    eq(("NoSuchUpload", 404), error_of(lambda: s3.list_parts(Bucket=BUCKET, Key=key, UploadId=up)),
       "list_parts after complete")


LIST_KEYS = sorted(["list/a/1", "list/a/2", "list/a/3", "list/a/4", "list/a/5", "list/b/1", "list/b/2",
                    "list/b/3", "list/c.txt", "list/d.txt", "list/e/f/g", "list/e/h"])


@case("list_objects_v2 paginated with delimiter")
def _():
    for k in LIST_KEYS:
        s3.put_object(Bucket=BUCKET, Key=k, Body=k.encode())
    pages = list(s3.get_paginator("list_objects_v2").paginate(
        Bucket=BUCKET, Prefix="list/", Delimiter="/", PaginationConfig={"PageSize": 2}))
    assert len(pages) >= 3, "expected at least 3 pages of 2, got %d" % len(pages)
    prefixes = [p["Prefix"] for page in pages for p in page.get("CommonPrefixes", [])]
    keys = [o["Key"] for page in pages for o in page.get("Contents", [])]
    eq(["list/a/", "list/b/", "list/e/"], prefixes, "CommonPrefixes")
    eq(["list/c.txt", "list/d.txt"], keys, "Contents")
    for page in pages:
        n = len(page.get("CommonPrefixes", [])) + len(page.get("Contents", []))
        assert n <= 2, "page holds %d entries for MaxKeys=2" % n
        eq(n, page["KeyCount"], "KeyCount")


@case("list_objects_v2 paginated without delimiter, StartAfter")
def _():
    pages = list(s3.get_paginator("list_objects_v2").paginate(
        Bucket=BUCKET, Prefix="list/", PaginationConfig={"PageSize": 5}))
    eq(LIST_KEYS, [o["Key"] for page in pages for o in page.get("Contents", [])], "keys")
    eq(3, len(pages), "pages")
    r = s3.list_objects_v2(Bucket=BUCKET, Prefix="list/", StartAfter="list/b/3")
    eq(LIST_KEYS[8:], [o["Key"] for o in r["Contents"]], "StartAfter")
    obj = [o for o in pages[0]["Contents"] if o["Key"] == "list/a/1"][0]
    eq(len(b"list/a/1"), obj["Size"], "Size")
    eq(md5_etag(b"list/a/1"), obj["ETag"], "ETag in listing")


@case("list_objects (v1) paginated with Marker and delimiter")
def _():
    pages = list(s3.get_paginator("list_objects").paginate(
        Bucket=BUCKET, Prefix="list/", Delimiter="/", PaginationConfig={"PageSize": 2}))
    prefixes = [p["Prefix"] for page in pages for p in page.get("CommonPrefixes", [])]
    keys = [o["Key"] for page in pages for o in page.get("Contents", [])]
    eq(["list/a/", "list/b/", "list/e/"], prefixes, "CommonPrefixes")
    eq(["list/c.txt", "list/d.txt"], keys, "Contents")
    pages = list(s3.get_paginator("list_objects").paginate(
        Bucket=BUCKET, Prefix="list/", PaginationConfig={"PageSize": 4}))
    eq(LIST_KEYS, [o["Key"] for page in pages for o in page.get("Contents", [])], "keys")


ODD_KEYS = ["odd/space in name.txt", "odd/plus+sign.txt", "odd/eq=amp&q?.txt", "odd/ünïcödé/日本.txt",
            "odd/percent%20.txt", "odd/tilde~star*.txt", "odd/semi;colon,comma.txt", "odd/a//double-slash"]


@case("keys with special characters: put, get, list")
def _():
    for k in ODD_KEYS:
        s3.put_object(Bucket=BUCKET, Key=k, Body=k.encode("utf-8"))
    for k in ODD_KEYS:
        eq(k.encode("utf-8"), body(k), "body of %r" % k)
    listed = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET, Prefix="odd/")["Contents"]]
    eq(sorted(ODD_KEYS, key=lambda k: k.encode("utf-8")), listed, "listing (UTF-8 byte order)")


def http(method, url, data=None, headers=None):
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


# Note: botocore 1.29 presigns S3 URLs with Signature Version 2 query parameters (AWSAccessKeyId,
# Expires, Signature) unless signature_version="s3v4" is configured; the cases below use the default,
# then SigV4 explicitly.
s3v4 = boto3.client("s3", endpoint_url=ENDPOINT, region_name=REGION, config=Config(signature_version="s3v4"))


@case("presigned GET through urllib (default presigning)")
def _():
    url = s3.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "plain.bin"}, ExpiresIn=300)
    status, data = http("GET", url)
    eq(200, status, "status")
    eq(SMALL, data, "body")


@case("presigned GET of a key with special characters")
def _():
    k = ODD_KEYS[3]
    url = s3.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": k}, ExpiresIn=300)
    eq((200, k.encode("utf-8")), http("GET", url), "response")


@case("presigned PUT through urllib, then get_object (default presigning)")
def _():
    # the Content-Type is signed (SigV2 always signs it), so send the one that was presigned; without it
    # urllib would send application/x-www-form-urlencoded
    data = os.urandom(300_000)
    url = s3.generate_presigned_url("put_object", ExpiresIn=300, Params={
        "Bucket": BUCKET, "Key": "presigned-put.bin", "ContentType": "application/octet-stream"})
    status, answer = http("PUT", url, data, {"Content-Type": "application/octet-stream"})
    eq(200, status, "PUT status (answer %r)" % answer[:300])
    eq(data, body("presigned-put.bin"), "body")


@case("presigned GET and PUT through urllib with signature_version=s3v4")
def _():
    data = os.urandom(200_000)
    url = s3v4.generate_presigned_url("put_object", ExpiresIn=300, Params={
        "Bucket": BUCKET, "Key": "presigned-v4.bin", "ContentType": "application/octet-stream"})
    assert "X-Amz-Signature=" in url, url
    status, answer = http("PUT", url, data, {"Content-Type": "application/octet-stream"})
    eq(200, status, "PUT status (answer %r)" % answer[:300])
    url = s3v4.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "presigned-v4.bin"},
                                      ExpiresIn=300)
    eq((200, data), http("GET", url), "GET response")


@case("presigned GET with response-content-type/-disposition overrides (s3v4)")
def _():
    url = s3v4.generate_presigned_url("get_object", ExpiresIn=300, Params={
        "Bucket": BUCKET, "Key": "plain.bin", "ResponseContentType": "image/png",
        "ResponseContentDisposition": 'attachment; filename="cat.png"', "ResponseCacheControl": "no-cache"})
    with urllib.request.urlopen(url, timeout=30) as r:
        eq(SMALL, r.read(), "body")
        eq(("image/png", 'attachment; filename="cat.png"', "no-cache"),
           (r.headers.get("Content-Type"), r.headers.get("Content-Disposition"), r.headers.get("Cache-Control")),
           "response headers")


def tampered(url):
    name = "X-Amz-Signature=" if "X-Amz-Signature=" in url else "Signature="
    i = url.index(name) + len(name)
    return url[:i] + ("A" if url[i] != "A" else "B") + url[i + 1:]


@case("presigned URLs with a tampered signature -> 403 SignatureDoesNotMatch")
def _():
    for client in (s3, s3v4):
        url = client.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "plain.bin"},
                                            ExpiresIn=300)
        status, data = http("GET", tampered(url))
        eq(403, status, "status for %s" % url)
        assert b"SignatureDoesNotMatch" in data, "error body: %r" % data[:300]


def post_form(url, fields, data):
    boundary = "----stratus-compat-" + os.urandom(8).hex()
    out = []
    for name, value in fields.items():
        out.append(('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, name, value)).encode())
    out.append(('--%s\r\nContent-Disposition: form-data; name="file"; filename="upload.bin"\r\n'
                'Content-Type: application/octet-stream\r\n\r\n' % boundary).encode() + data + b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    req = urllib.request.Request(url, data=b"".join(out), method="POST",
                                 headers={"Content-Type": "multipart/form-data; boundary=" + boundary})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


# POST Object (browser form upload) is not implemented yet (known gap, see compat/README.md);
# COMPAT_POST_OBJECT=1 runs these cases anyway.
for label, client in ((("default signing", s3), ("signature_version=s3v4", s3v4)) if os.environ.get("COMPAT_POST_OBJECT") else ()):
    @case("presigned POST (browser form upload) through urllib, %s" % label)
    def _(client=client, label=label):
        key = "post/%s.bin" % label.split("=")[-1].replace(" ", "-")
        data = os.urandom(100_000)
        post = client.generate_presigned_post(BUCKET, key, ExpiresIn=300)
        status, answer = post_form(post["url"], post["fields"], data)
        eq(204, status, "POST status (answer %r)" % answer[:300])
        eq(data, body(key), "body")


@case("presigned GET of a missing key -> 404 NoSuchKey")
def _():
    url = s3.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "nope"}, ExpiresIn=300)
    status, data = http("GET", url)
    eq(404, status, "status")
    assert b"NoSuchKey" in data, "error body: %r" % data[:300]


@case("copy_object within a bucket and across buckets, metadata COPY and REPLACE")
def _():
    r = s3.copy_object(Bucket=BUCKET, Key="meta-copy.txt", CopySource={"Bucket": BUCKET, "Key": "meta.txt"})
    eq(md5_etag(b"hello"), r["CopyObjectResult"]["ETag"], "CopyObjectResult ETag")
    h = s3.head_object(Bucket=BUCKET, Key="meta-copy.txt")
    eq({"colour": "blue", "mixed-case": "Value 1"}, h["Metadata"], "copied metadata")
    eq("text/plain; charset=utf-8", h["ContentType"], "copied ContentType")
    s3.copy_object(Bucket=BUCKET2, Key="x/plain.bin", CopySource={"Bucket": BUCKET, "Key": "plain.bin"})
    eq(SMALL, body("x/plain.bin", bucket=BUCKET2), "cross-bucket body")
    s3.copy_object(Bucket=BUCKET, Key="meta-replaced.txt", CopySource={"Bucket": BUCKET, "Key": "meta.txt"},
                   MetadataDirective="REPLACE", Metadata={"new": "yes"}, ContentType="application/json")
    h = s3.head_object(Bucket=BUCKET, Key="meta-replaced.txt")
    eq({"new": "yes"}, h["Metadata"], "replaced metadata")
    eq("application/json", h["ContentType"], "replaced ContentType")
    eq(b"hello", body("meta-replaced.txt"), "body")


@case("copy_object of a key with special characters")
def _():
    src = ODD_KEYS[2]
    s3.copy_object(Bucket=BUCKET, Key="odd-copy/" + src, CopySource={"Bucket": BUCKET, "Key": src})
    eq(src.encode("utf-8"), body("odd-copy/" + src), "body")


@case("copy_object onto itself with REPLACE updates metadata")
def _():
    s3.copy_object(Bucket=BUCKET, Key="meta-copy.txt", CopySource={"Bucket": BUCKET, "Key": "meta-copy.txt"},
                   MetadataDirective="REPLACE", Metadata={"v": "2"})
    eq({"v": "2"}, s3.head_object(Bucket=BUCKET, Key="meta-copy.txt")["Metadata"], "metadata")


@case("managed copy of 20 MiB (multipart UploadPartCopy)")
def _():
    s3.copy({"Bucket": BUCKET, "Key": "big/file.bin"}, BUCKET2, "big/copy.bin")
    eq(BIG_SIZE, s3.head_object(Bucket=BUCKET2, Key="big/copy.bin")["ContentLength"], "ContentLength")
    got = body("big/copy.bin", bucket=BUCKET2)
    eq(hashlib.sha256(BIG).hexdigest(), hashlib.sha256(got).hexdigest(), "sha256")


@case("delete_objects (with a missing key), then listing is empty")
def _():
    keys = ["del/%d" % i for i in range(5)]
    for k in keys:
        s3.put_object(Bucket=BUCKET, Key=k, Body=b"x")
    r = s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": k} for k in keys + ["del/missing"]]})
    eq(sorted(keys + ["del/missing"]), sorted(d["Key"] for d in r.get("Deleted", [])), "Deleted")
    eq([], r.get("Errors", []), "Errors")
    eq(0, s3.list_objects_v2(Bucket=BUCKET, Prefix="del/")["KeyCount"], "KeyCount after delete")


@case("delete_objects Quiet")
def _():
    for k in ("q/1", "q/2"):
        s3.put_object(Bucket=BUCKET, Key=k, Body=b"x")
    r = s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": "q/1"}, {"Key": "q/2"}], "Quiet": True})
    eq([], r.get("Deleted", []), "Deleted in quiet mode")
    eq(0, s3.list_objects_v2(Bucket=BUCKET, Prefix="q/")["KeyCount"], "KeyCount after delete")


@case("delete_object, delete_bucket refuses a non-empty bucket (BucketNotEmpty)")
def _():
    s3.delete_object(Bucket=BUCKET, Key="empty")
    eq(("404", 404), error_of(lambda: s3.head_object(Bucket=BUCKET, Key="empty")), "head after delete")
    s3.delete_object(Bucket=BUCKET, Key="never-existed")  # S3 answers 204 for a missing key too
    eq(("BucketNotEmpty", 409), error_of(lambda: s3.delete_bucket(Bucket=BUCKET2)), "delete non-empty bucket")


_real_getaddrinfo = socket.getaddrinfo


def _getaddrinfo(host, *args, **kwargs):
    # *.localhost is loopback (RFC 6761) but glibc without systemd-resolved does not resolve it
    if isinstance(host, str) and host.endswith(".localhost"):
        host = "127.0.0.1"
    return _real_getaddrinfo(host, *args, **kwargs)


@case("virtual-host style (bucket.localhost): put, get, list")
def _():
    socket.getaddrinfo = _getaddrinfo
    try:
        port = ENDPOINT.rsplit(":", 1)[1].strip("/")
        vs3 = boto3.client("s3", endpoint_url="http://localhost:%s" % port, region_name=REGION,
                           config=Config(s3={"addressing_style": "virtual"}))
        hosts = []
        vs3.meta.events.register("before-send.s3", lambda request, **kw: hosts.append(request.url))
        vs3.put_object(Bucket=BUCKET, Key="vhost/a.txt", Body=b"virtual")
        eq(b"virtual", vs3.get_object(Bucket=BUCKET, Key="vhost/a.txt")["Body"].read(), "body")
        eq(["vhost/a.txt"], [o["Key"] for o in vs3.list_objects_v2(Bucket=BUCKET, Prefix="vhost/")["Contents"]],
           "listing")
        assert all(u.startswith("http://%s.localhost:%s/" % (BUCKET, port)) for u in hosts), \
            "requests were not virtual-host style: %r" % hosts
    finally:
        socket.getaddrinfo = _real_getaddrinfo


@case("empty and delete both buckets")
def _():
    for b in (BUCKET, BUCKET2):
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=b):
            objs = [{"Key": o["Key"]} for o in page.get("Contents", [])]
            if objs:
                r = s3.delete_objects(Bucket=b, Delete={"Objects": objs, "Quiet": True})
                eq([], r.get("Errors", []), "delete errors")
        s3.delete_bucket(Bucket=b)
    names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert BUCKET not in names and BUCKET2 not in names, "buckets still listed: %r" % names
    eq(("NoSuchBucket", 404), error_of(lambda: s3.list_objects_v2(Bucket=BUCKET)), "list deleted bucket")

os.remove(BIG_PATH)
print("# boto3 %s, botocore %s" % (boto3.__version__, botocore.__version__))
