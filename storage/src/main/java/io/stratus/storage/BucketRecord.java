package io.stratus.storage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The value in the buckets column family. {@code id} keys the bucket's objects and uploads; ids
 * are never reused, so a deleted and recreated bucket never sees its predecessor's keys.
 */
record BucketRecord(long id, Instant created, String region) {
    static final int FORMAT_VERSION = 1;

    BucketRecord {
        requireNonNull(created, "created is null");
        requireNonNull(region, "region is null");
    }

    BucketInfo toInfo(String name) {
        return new BucketInfo(name, created, region);
    }

    byte[] encode() {
        return new ValueWriter(FORMAT_VERSION).writeLong(id).writeInstant(created).writeString(region).toByteArray();
    }

    static BucketRecord decode(byte[] value) {
        ValueReader in = ValueReader.open(value, FORMAT_VERSION, "bucket record");
        long id = in.readLong();
        Instant created = in.readInstant();
        return new BucketRecord(id, created, in.readString());
    }
}
