// AWS SDK for JavaScript v3 against Stratus, default client settings except endpoint, credentials
// and region. Current SDKs compute CRC32 checksums on every upload by default (header for buffers,
// aws-chunked body with a trailer for streams) and validate response checksums: this is the client
// that exercises today's defaults.
//
// Usage: node test.mjs ENDPOINT   (credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)
// Prints "PASS <name>" or "FAIL <name>: <why>" per case; run.sh counts the lines.
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { readFileSync } from "node:fs";
import {
  S3Client,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  CopyObjectCommand,
  paginateListObjectsV2,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";

const endpoint = process.argv[2];
const MiB = 1024 * 1024;
const bucket = `js-sdk-${Date.now() % 1e9}`;
const s3 = new S3Client({ endpoint, region: "us-east-1" });

const sha256 = (b) => createHash("sha256").update(b).digest("hex");
const md5Etag = (b) => `"${createHash("md5").update(b).digest("hex")}"`;
// CRC32 (IEEE, reflected), computed here rather than with node:zlib's crc32 (Node >= 20.15 only)
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b) => {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  const v = Buffer.alloc(4);
  v.writeUInt32BE((c ^ 0xffffffff) >>> 0);
  return v;
};
const crc32b64 = (b) => crc32(b).toString("base64");

function eq(expected, actual, what) {
  const e = JSON.stringify(expected), a = JSON.stringify(actual);
  if (e !== a) throw new Error(`${what}: expected ${e}, got ${a}`);
}

async function errorOf(promise) {
  try {
    await promise;
  } catch (e) {
    return [e.name, e.$metadata?.httpStatusCode];
  }
  throw new Error("expected an error, the call succeeded");
}

async function getBytes(key, extra = {}) {
  const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...extra }));
  return { r, bytes: Buffer.from(await r.Body.transformToByteArray()) };
}

let failures = 0;
async function test(name, fn) {
  try {
    await fn();
    console.log(`PASS ${name}`);
  } catch (e) {
    failures++;
    const meta = e.$metadata ? ` [HTTP ${e.$metadata.httpStatusCode}${e.Code ? ", " + e.Code : ""}]` : "";
    const resp = e.$response?.body?.toString?.() ?? "";
    console.log(`FAIL ${name}: ${e.name}: ${String(e.message).replace(/\s+/g, " ")}${meta} ${resp}`.trim());
  }
}

const small = randomBytes(64 * 1024);

await test("CreateBucket, ListBuckets", async () => {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const r = await s3.send(new ListBucketsCommand({}));
  if (!r.Buckets.some((b) => b.Name === bucket)) throw new Error(`bucket not listed: ${JSON.stringify(r.Buckets)}`);
});

await test("PutObject Buffer (default CRC32 header), GetObject bytes + checksum validation", async () => {
  const p = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "buffer.bin", Body: small }));
  eq(md5Etag(small), p.ETag, "PutObject ETag");
  eq(crc32b64(small), p.ChecksumCRC32, "PutObject ChecksumCRC32");
  const { r, bytes } = await getBytes("buffer.bin", { ChecksumMode: "ENABLED" });
  eq(sha256(small), sha256(bytes), "body sha256");
  eq(crc32b64(small), r.ChecksumCRC32, "GetObject ChecksumCRC32");
  eq(small.length, r.ContentLength, "ContentLength");
});

await test("PutObject string body", async () => {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "text.txt", Body: "héllo wörld\n", ContentType: "text/plain" }));
  const { r, bytes } = await getBytes("text.txt");
  eq("héllo wörld\n", bytes.toString("utf8"), "body");
  eq("text/plain", r.ContentType, "ContentType");
});

await test("PutObject empty body", async () => {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "empty", Body: "" }));
  const { bytes } = await getBytes("empty");
  eq(0, bytes.length, "length");
});

await test("PutObject stream body (aws-chunked, CRC32 trailer), GetObject bytes", async () => {
  const data = randomBytes(3 * MiB + 17);
  const p = await s3.send(new PutObjectCommand({
    Bucket: bucket, Key: "stream.bin", Body: Readable.from([data.subarray(0, MiB), data.subarray(MiB)]),
    ContentLength: data.length,
  }));
  eq(md5Etag(data), p.ETag, "PutObject ETag");
  eq(crc32b64(data), p.ChecksumCRC32, "PutObject ChecksumCRC32");
  const { r, bytes } = await getBytes("stream.bin", { ChecksumMode: "ENABLED" });
  eq(sha256(data), sha256(bytes), "body sha256");
  eq(data.length, r.ContentLength, "ContentLength");
  const h = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "stream.bin", ChecksumMode: "ENABLED" }));
  eq(crc32b64(data), h.ChecksumCRC32, "HeadObject ChecksumCRC32");
  eq(data.length, h.ContentLength, "HeadObject ContentLength");
});

for (const algorithm of ["CRC32C", "SHA256", "CRC64NVME", "SHA1"]) {
  await test(`PutObject ChecksumAlgorithm=${algorithm}, HeadObject ChecksumMode=ENABLED`, async () => {
    const data = randomBytes(50_000);
    const key = `checksum/${algorithm}`;
    const p = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: data, ChecksumAlgorithm: algorithm }));
    const value = p[`Checksum${algorithm}`];
    if (!value) throw new Error(`PutObject returned no Checksum${algorithm}: ${JSON.stringify(p)}`);
    if (algorithm === "SHA256") eq(createHash("sha256").update(data).digest("base64"), value, "ChecksumSHA256");
    if (algorithm === "SHA1") eq(createHash("sha1").update(data).digest("base64"), value, "ChecksumSHA1");
    const h = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: "ENABLED" }));
    eq(value, h[`Checksum${algorithm}`], `HeadObject Checksum${algorithm}`);
    const { bytes } = await getBytes(key, { ChecksumMode: "ENABLED" }); // the SDK validates it
    eq(sha256(data), sha256(bytes), "body sha256");
  });
}

await test("PutObject stream with ChecksumAlgorithm=CRC32C (aws-chunked trailer)", async () => {
  const data = randomBytes(200_000);
  const p = await s3.send(new PutObjectCommand({
    Bucket: bucket, Key: "stream-crc32c.bin", Body: Readable.from([data]), ContentLength: data.length,
    ChecksumAlgorithm: "CRC32C",
  }));
  if (!p.ChecksumCRC32C) throw new Error(`no ChecksumCRC32C in ${JSON.stringify(p)}`);
  const { bytes } = await getBytes("stream-crc32c.bin", { ChecksumMode: "ENABLED" });
  eq(sha256(data), sha256(bytes), "body sha256");
});

const bigData = randomBytes(17 * MiB + 333); // lib-storage default partSize 5 MiB -> 4 parts

await test("lib-storage Upload 17 MiB Buffer (multipart, default CRC32 per part)", async () => {
  const r = await new Upload({ client: s3, params: { Bucket: bucket, Key: "upload/buffer.bin", Body: bigData } }).done();
  if (!/-4"$/.test(r.ETag)) throw new Error(`ETag ${r.ETag} is not a 4-part multipart ETag`);
  const h = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "upload/buffer.bin", ChecksumMode: "ENABLED" }));
  eq(bigData.length, h.ContentLength, "ContentLength");
  // AWS: a multipart upload created with ChecksumAlgorithm=CRC32 (no ChecksumType) is COMPOSITE:
  // base64(CRC32(concatenated part CRC32s)) + "-<parts>"
  const parts = [0, 1, 2, 3].map((i) => bigData.subarray(i * 5 * MiB, (i + 1) * 5 * MiB));
  const composite = `${crc32b64(Buffer.concat(parts.map(crc32)))}-4`;
  eq(composite, h.ChecksumCRC32, "HeadObject ChecksumCRC32 (composite)");
  eq("COMPOSITE", h.ChecksumType, "ChecksumType");
  const { bytes } = await getBytes("upload/buffer.bin", { ChecksumMode: "ENABLED" });
  eq(sha256(bigData), sha256(bytes), "body sha256");
});

await test("lib-storage Upload from a stream of unknown length (multipart)", async () => {
  const chunks = [];
  for (let i = 0; i < bigData.length; i += 1_000_000) chunks.push(bigData.subarray(i, i + 1_000_000));
  const r = await new Upload({
    client: s3, params: { Bucket: bucket, Key: "upload/stream.bin", Body: Readable.from(chunks) }, queueSize: 2,
  }).done();
  if (!/-4"$/.test(r.ETag)) throw new Error(`ETag ${r.ETag} is not a 4-part multipart ETag`);
  const { bytes } = await getBytes("upload/stream.bin");
  eq(sha256(bigData), sha256(bytes), "body sha256");
});

await test("lib-storage Upload of a small body (single PutObject)", async () => {
  const r = await new Upload({ client: s3, params: { Bucket: bucket, Key: "upload/small.bin", Body: small } }).done();
  eq(md5Etag(small), r.ETag, "ETag");
  const { bytes } = await getBytes("upload/small.bin");
  eq(sha256(small), sha256(bytes), "body sha256");
});

const listKeys = [];
for (const d of ["a", "b", "c"]) for (let i = 0; i < 4; i++) listKeys.push(`list/${d}/${i}.txt`);
listKeys.push("list/top1.txt", "list/top2.txt", "list/ü ñ+&=.txt");

await test("ListObjectsV2 paginator (MaxKeys 4), with and without delimiter", async () => {
  await Promise.all(listKeys.map((k) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: k, Body: k }))));
  const keys = [];
  let pages = 0;
  for await (const page of paginateListObjectsV2({ client: s3, pageSize: 4 }, { Bucket: bucket, Prefix: "list/" })) {
    pages++;
    for (const o of page.Contents ?? []) keys.push(o.Key);
  }
  const expected = [...listKeys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
  eq(expected, keys, "keys");
  eq(4, pages, "pages");
  const prefixes = [], top = [];
  for await (const page of paginateListObjectsV2({ client: s3, pageSize: 2 }, { Bucket: bucket, Prefix: "list/", Delimiter: "/" })) {
    for (const p of page.CommonPrefixes ?? []) prefixes.push(p.Prefix);
    for (const o of page.Contents ?? []) top.push(o.Key);
  }
  eq(["list/a/", "list/b/", "list/c/"], prefixes, "CommonPrefixes");
  eq(["list/top1.txt", "list/top2.txt", "list/ü ñ+&=.txt"], top, "Contents");
});

await test("CopyObject", async () => {
  const r = await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: "copy.bin", CopySource: `${bucket}/buffer.bin` }));
  eq(md5Etag(small), r.CopyObjectResult.ETag, "ETag");
  const { bytes } = await getBytes("copy.bin");
  eq(sha256(small), sha256(bytes), "body sha256");
});

await test("GetObject missing key -> NoSuchKey 404, HeadObject -> NotFound 404", async () => {
  eq(["NoSuchKey", 404], await errorOf(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "missing" }))), "GetObject");
  eq(["NotFound", 404], await errorOf(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "missing" }))), "HeadObject");
});

await test("GetObject Range", async () => {
  const { r, bytes } = await getBytes("buffer.bin", { Range: "bytes=100-199" });
  eq(sha256(small.subarray(100, 200)), sha256(bytes), "range sha256");
  eq(`bytes 100-199/${small.length}`, r.ContentRange, "ContentRange");
});

await test("conditional PutObject IfNoneMatch=* -> 412 PreconditionFailed when the key exists", async () => {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "create-once", Body: "first", IfNoneMatch: "*" }));
  eq(["PreconditionFailed", 412],
    await errorOf(s3.send(new PutObjectCommand({ Bucket: bucket, Key: "create-once", Body: "second", IfNoneMatch: "*" }))),
    "second put");
  const { bytes } = await getBytes("create-once");
  eq("first", bytes.toString(), "body");
});

await test("DeleteObjects (CRC32 instead of Content-MD5) and DeleteObject, bucket empty, DeleteBucket", async () => {
  const all = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket })) {
    for (const o of page.Contents ?? []) all.push(o.Key);
  }
  const last = all.pop();
  const r = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: all.map((Key) => ({ Key })) } }));
  eq([...all].sort(), (r.Deleted ?? []).map((d) => d.Key).sort(), "Deleted");
  eq(0, (r.Errors ?? []).length, "Errors");
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: last }));
  const left = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket })) {
    for (const o of page.Contents ?? []) left.push(o.Key);
  }
  eq([], left, "keys left");
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
});

const pkg = JSON.parse(readFileSync(new URL("./node_modules/@aws-sdk/client-s3/package.json", import.meta.url)));
console.log(`# @aws-sdk/client-s3 ${pkg.version}, node ${process.version}`);
process.exit(0);
