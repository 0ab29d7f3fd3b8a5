#!/usr/bin/env python3
"""Reference checksums for the compatibility suite, computed independently of any S3 client.

Usage: cksum.py ALGORITHM FILE   (ALGORITHM: md5 | crc32 | crc32c | crc64nvme | sha1 | sha256)
       cksum.py etag FILE PART_SIZE_BYTES
Prints what S3 puts in its headers: md5 as hex (the ETag of a single PUT), the others base64 of the
big-endian digest (x-amz-checksum-*); "etag" prints the multipart ETag (hex MD5 of the parts' MD5s,
"-", part count) of FILE uploaded in parts of PART_SIZE_BYTES. Also imported by boto3_test.py.
"""
import base64
import hashlib
import sys
import zlib


def _table(poly, width):
    mask = (1 << width) - 1
    table = []
    for i in range(256):
        # reflected algorithms: shift right with the reversed polynomial
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ poly if crc & 1 else crc >> 1
        table.append(crc & mask)
    return table


_CRC32C = _table(0x82F63B78, 32)
_CRC64NVME = _table(0x9A6C9329AC4BC9B5, 64)


def _reflected_crc(data, table, width):
    mask = (1 << width) - 1
    crc = mask
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ mask


def digest(algorithm, data):
    """Raw big-endian digest bytes of data for one S3 checksum algorithm."""
    a = algorithm.lower()
    if a == "crc32":
        return (zlib.crc32(data) & 0xFFFFFFFF).to_bytes(4, "big")
    if a == "crc32c":
        return _reflected_crc(data, _CRC32C, 32).to_bytes(4, "big")
    if a == "crc64nvme":
        return _reflected_crc(data, _CRC64NVME, 64).to_bytes(8, "big")
    if a in ("sha1", "sha256", "md5"):
        return hashlib.new(a, data).digest()
    raise ValueError("unknown algorithm " + algorithm)


def b64(algorithm, data):
    return base64.b64encode(digest(algorithm, data)).decode()


def multipart_etag(path, part_size):
    md5s = []
    with open(path, "rb") as f:
        while True:
            part = f.read(part_size)
            if not part:
                break
            md5s.append(hashlib.md5(part).digest())
    return "%s-%d" % (hashlib.md5(b"".join(md5s)).hexdigest(), len(md5s))


def main(argv):
    if len(argv) == 4 and argv[1] == "etag":
        print(multipart_etag(argv[2], int(argv[3])))
        return 0
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    algorithm, path = argv[1], argv[2]
    with open(path, "rb") as f:
        data = f.read()
    if algorithm == "md5":
        print(hashlib.md5(data).hexdigest())
    else:
        print(b64(algorithm, data))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
