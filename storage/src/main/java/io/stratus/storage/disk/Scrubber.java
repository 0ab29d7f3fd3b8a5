package io.stratus.storage.disk;

import io.stratus.core.io.BodySink;
import io.stratus.kv.RocksKv;
import io.stratus.storage.ObjectInfo;
import io.stratus.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies every stored object against its checksums (the same block checks a GET makes) and
 * reports what is damaged. Reads are the only I/O: scrubbing never changes the data directory.
 */
public final class Scrubber {
    /** One damaged object and why. */
    public record Damage(String bucket, String key, String reason) {
    }

    /** Totals of a scrub run. */
    public record Report(long objectsChecked, long bytesChecked, List<Damage> damaged) {
    }

    private final DiskStorageEngine engine;

    public Scrubber(DiskStorageEngine engine) {
        this.engine = engine;
    }

    public Report run() {
        Map<Long, String> bucketNames = new HashMap<>();
        for (var b : engine.buckets().list()) {
            try {
                bucketNames.put(engine.context().bucket(b.name()).id(), b.name());
            } catch (StorageException e) {
                // deleted meanwhile
            }
        }
        long objects = 0;
        long bytes = 0;
        List<Damage> damaged = new ArrayList<>();
        try (RocksKv.Cursor c = engine.context().kv.cursor(Keys.OBJECTS, null)) {
            for (c.seek(new byte[0]); c.valid(); c.next()) {
                byte[] raw = c.key();
                long bucketId = ByteBuffer.wrap(raw, 0, 8).getLong();
                String bucket = bucketNames.get(bucketId);
                String key = Keys.objectKey(raw);
                if (bucket == null) {
                    continue;
                }
                objects++;
                try {
                    ObjectInfo info = engine.objects().head(bucket, key);
                    try (var body = engine.objects().open(bucket, key, 0, info.size())) {
                        body.writeTo(DISCARD);
                    }
                    bytes += info.size();
                } catch (StorageException | IOException e) {
                    damaged.add(new Damage(bucket, key, e.getMessage()));
                }
            }
        }
        return new Report(objects, bytes, damaged);
    }

    private static final BodySink DISCARD = new BodySink() {
        @Override
        public void write(ByteBuffer b) {
            b.position(b.limit());
        }

        @Override
        public void transferFile(FileChannel file, long position, long count) {
            // already verified block by block before this call
        }
    };

}
