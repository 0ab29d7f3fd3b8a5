package io.stratus.storage;

import java.time.Instant;

/** A bucket as stored. */
public record BucketInfo(String name, Instant created, String region) {
}
