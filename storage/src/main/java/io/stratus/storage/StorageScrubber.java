package io.stratus.storage;

import io.stratus.core.io.BodySink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies every stored object against its checksums, using the same verified read path as a
 * GET (each block's CRC32C is checked before its bytes are handed on), and reports what is
 * damaged. It only reads: scrubbing never changes the data directory.
 */
public final class StorageScrubber {
    private static final int PAGE = 1000;

    /** One damaged object and why. */
    public record Damage(String bucket, String key, String reason) {
    }

    /** Totals of a scrub run. */
    public record Report(long objectsChecked, long bytesChecked, List<Damage> damaged) {
    }

    private final StorageEngine engine;

    public StorageScrubber(StorageEngine engine) {
        this.engine = engine;
    }

    public Report run() throws StorageException {
        long objects = 0;
        long bytes = 0;
        List<Damage> damaged = new ArrayList<>();
        for (BucketInfo bucket : engine.buckets().list()) {
            String after = null;
            while (true) {
                ListResult page = engine.objects().list(new ListRequest(bucket.name(), "", null, after, PAGE));
                for (ObjectInfo o : page.objects()) {
                    objects++;
                    try (ObjectBody body = engine.objects().open(bucket.name(), o.key(), 0, o.size())) {
                        body.writeTo(DISCARD);
                        bytes += o.size();
                    } catch (StorageException | IOException e) {
                        damaged.add(new Damage(bucket.name(), o.key(), e.getMessage()));
                    }
                }
                if (!page.truncated()) {
                    break;
                }
                after = page.nextStartAfter();
            }
        }
        return new Report(objects, bytes, damaged);
    }

    /** Consumes verified bytes; file ranges were verified block by block before being offered. */
    private static final BodySink DISCARD = new BodySink() {
        @Override
        public void write(ByteBuffer b) {
            b.position(b.limit());
        }

        @Override
        public void transferFile(FileChannel file, long position, long count) {
            // nothing to send
        }
    };
}
