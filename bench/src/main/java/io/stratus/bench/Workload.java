package io.stratus.bench;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one bench run does against a store, in order: the object steps, then multipart, then listing.
 *
 * @param duration how long each timed operation of a step runs
 * @param warmup untimed PUT, GET and DELETE of 4KiB objects at concurrency 16 before the first step, each this
 *     long, so that neither the server's nor the client's JIT is measured cold (0: none)
 * @param requestTimeout a request running longer is aborted and counted as an error
 */
public record Workload(List<ObjectStep> steps, Optional<MultipartSpec> multipart, Optional<ListSpec> list,
        Duration duration, Duration warmup, Duration requestTimeout) {

    /** The object operations a step can run, in the order they run. */
    public static final Set<Operation> OBJECT_OPERATIONS = EnumSet.of(Operation.PUT, Operation.GET, Operation.HEAD,
            Operation.DELETE);

    public Workload {
        steps = List.copyOf(requireNonNull(steps, "steps is null"));
        requireNonNull(multipart, "multipart is null");
        requireNonNull(list, "list is null");
        requireNonNull(duration, "duration is null");
        requireNonNull(warmup, "warmup is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive");
        }
    }

    /**
     * PUT, GET, HEAD, DELETE of objects of one size at one concurrency: PUT writes new keys for the
     * duration, GET and HEAD read back what it wrote, DELETE removes it; leftovers are deleted untimed.
     */
    public record ObjectStep(long size, int concurrency, Set<Operation> operations) {
        public ObjectStep {
            operations = Set.copyOf(requireNonNull(operations, "operations is null"));
            if (size < 0 || concurrency < 1 || operations.isEmpty() || !OBJECT_OPERATIONS.containsAll(operations)) {
                throw new IllegalArgumentException("bad step: size " + size + ", concurrency " + concurrency + ", "
                        + operations);
            }
        }
    }

    /** Multipart uploads of {@code objectSize} in parts of {@code partSize}, parts sent one after another. */
    public record MultipartSpec(long objectSize, long partSize, List<Integer> concurrencies) {
        public MultipartSpec {
            concurrencies = List.copyOf(concurrencies);
            if (partSize < 5 * ByteSizes.MIB || objectSize < partSize || concurrencies.isEmpty()) {
                throw new IllegalArgumentException("multipart needs parts of at least 5MiB and an object at least one "
                        + "part long: " + ByteSizes.format(objectSize) + " in " + ByteSizes.format(partSize));
            }
        }

        public int parts() {
            return (int) ((objectSize + partSize - 1) / partSize);
        }
    }

    /**
     * Listing: the bucket is filled with empty objects up to each size in turn (only the keys it
     * lacks are written), then pages of {@code pageSize} are listed from random positions.
     *
     * @param keepBucket leave the filled bucket for the next run (a refill then costs one HEAD)
     */
    public record ListSpec(String bucket, List<Long> keyCounts, int pageSize, List<Integer> concurrencies,
            int fillConcurrency, boolean keepBucket) {
        public ListSpec {
            requireNonNull(bucket, "bucket is null");
            keyCounts = keyCounts.stream().sorted().toList();
            concurrencies = List.copyOf(concurrencies);
            if (keyCounts.isEmpty() || keyCounts.get(0) <= pageSize || pageSize < 1 || concurrencies.isEmpty()
                    || fillConcurrency < 1) {
                throw new IllegalArgumentException("listing needs buckets larger than a page: " + keyCounts + " keys, "
                        + "pages of " + pageSize);
            }
        }
    }
}
