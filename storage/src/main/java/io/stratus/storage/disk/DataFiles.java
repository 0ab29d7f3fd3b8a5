package io.stratus.storage.disk;

import io.stratus.storage.StorageError;
import io.stratus.storage.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The object data files: written under tmp/, fsynced, then renamed into data/ (two levels of
 * fan-out by name) with the directory fsynced. Names are random and never derived from keys,
 * so no key can reach the filesystem's path rules.
 */
final class DataFiles {
    private final Path dataDir;
    private final Path tmpDir;
    private final long minFreeBytes;
    private final SecureRandom random = new SecureRandom();

    DataFiles(Path root, long minFreeBytes) throws IOException {
        this.dataDir = root.resolve("data");
        this.tmpDir = root.resolve("tmp");
        this.minFreeBytes = minFreeBytes;
        Files.createDirectories(dataDir);
        Files.createDirectories(tmpDir);
    }

    Path dataDir() {
        return dataDir;
    }

    String newName() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    Path tempPath(String name) {
        return tmpDir.resolve(name + ".tmp");
    }

    Path path(String name) {
        return dataDir.resolve(name.substring(0, 2)).resolve(name.substring(2, 4)).resolve(name);
    }

    /** Fails with INSUFFICIENT_STORAGE when the filesystem is below the free-space reserve. */
    void checkFreeSpace() throws StorageException {
        try {
            if (Files.getFileStore(tmpDir).getUsableSpace() < minFreeBytes) {
                throw new StorageException(StorageError.INSUFFICIENT_STORAGE,
                        "The data directory's filesystem is below its free-space reserve of " + minFreeBytes + " bytes");
            }
        } catch (IOException e) {
            throw new StorageException(StorageError.INTERNAL, "Cannot read free space: " + e.getMessage(), e);
        }
    }

    /** Moves a written, fsynced temp file to its final place and makes the rename durable. */
    void publish(Path temp, String name) throws IOException {
        Path target = path(name);
        Files.createDirectories(target.getParent());
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target);
        }
        fsyncDirectory(target.getParent());
    }

    void delete(String name) {
        try {
            Files.deleteIfExists(path(name));
        } catch (IOException ignored) {
            // an orphan left here is removed by the start-up sweep
        }
    }

    FileChannel open(String name) throws IOException {
        return FileChannel.open(path(name), StandardOpenOption.READ);
    }

    /** Removes every leftover of writes that never finished (called before serving). */
    void clearTemp() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmpDir)) {
            for (Path p : files) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            // Some filesystems refuse fsync on directories; the data itself is already synced.
        }
    }
}
