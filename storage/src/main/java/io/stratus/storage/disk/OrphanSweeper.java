package io.stratus.storage.disk;

import io.stratus.kv.KvException;
import io.stratus.kv.RocksKv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes data files that no record references: leftovers of a crash between a file's rename and
 * its metadata commit (or between a commit and the deletion of replaced files). Runs in the
 * background after start-up so that opening never waits for a directory walk; only files older
 * than the start are candidates, so in-flight writes are never touched.
 */
final class OrphanSweeper implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(OrphanSweeper.class);

    private final RocksKv kv;
    private final Path dataDir;
    private final Instant startedAt;
    private volatile boolean stopped;

    OrphanSweeper(RocksKv kv, Path dataDir, Instant startedAt) {
        this.kv = kv;
        this.dataDir = dataDir;
        this.startedAt = startedAt;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        int removed = 0;
        try (Stream<Path> walk = Files.walk(dataDir, 3)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (stopped) {
                    return;
                }
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                String name = p.getFileName().toString();
                if (kv.get(Keys.FILES, Keys.utf8(name)) == null
                        && Files.getLastModifiedTime(p).toInstant().isBefore(startedAt)) {
                    Files.deleteIfExists(p);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!stopped) {
                log.warn("Orphan sweep stopped early: {}", e.toString());
            }
        }
        if (removed > 0) {
            log.info("Removed {} unreferenced data files left by an earlier crash", removed);
        }
    }
}
