package io.stratus.kv;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads RocksDB's native library exactly once per class loader, on first use of a store.
 *
 * <p>RocksJava unpacks its 15 MB library from the jar into a new temporary file on every start
 * (a few hundred milliseconds of a start-up budget of seconds) and leaves that file behind when
 * the process is killed. This unpacks it once into a private cache directory, keyed by the jar
 * entry's CRC-32 and size, checks the cached copy against that CRC on every load (a damaged or
 * swapped file is replaced), and falls back to RocksJava's own loader on any problem.
 */
final class NativeLibrary {
    private static final Logger log = LoggerFactory.getLogger(NativeLibrary.class);

    static {
        load();
    }

    private NativeLibrary() {
    }

    /** Touching this method runs the static initializer above; the JVM guarantees it runs once. */
    static void ensureLoaded() {
    }

    private static void load() {
        try {
            Path dir = cachedCopyDirectory();
            if (dir != null) {
                RocksDB.loadLibrary(List.of(dir.toString()));
                return;
            }
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            log.debug("Cached RocksDB library not usable, unpacking a temporary copy instead", e);
        }
        RocksDB.loadLibrary();
    }

    /** The directory holding a verified copy of the library, or null when it is not in a jar. */
    private static Path cachedCopyDirectory() throws IOException {
        String resourceName = Environment.getJniLibraryFileName("rocksdb");
        // RocksDB.loadLibrary(paths) looks for the name built from "rocksdbjni" (it doubles the
        // "jni": librocksdbjnijni-linux64.so), so the copy is stored under that name.
        String fileName = Environment.getJniLibraryFileName("rocksdbjni");
        URL resource = RocksDB.class.getClassLoader().getResource(resourceName);
        if (resource == null) {
            return null;
        }
        URLConnection connection = resource.openConnection();
        if (!(connection instanceof JarURLConnection jar)) {
            return null;
        }
        connection.setUseCaches(false);
        JarEntry entry = jar.getJarEntry();
        if (entry.getCrc() < 0 || entry.getSize() < 0) {
            return null;
        }
        Path dir = cacheRoot().resolve(String.format(Locale.ROOT, "rocksdbjni-%08x-%d", entry.getCrc(), entry.getSize()));
        Path library = dir.resolve(fileName);
        if (Files.isRegularFile(library) && crc32(library) == entry.getCrc()) {
            return dir;
        }
        createPrivateDirectories(dir);
        Path partial = Files.createTempFile(dir, fileName, ".partial");
        try {
            try (InputStream in = resource.openStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            if (crc32(partial) != entry.getCrc()) {
                throw new IOException("unpacked " + fileName + " does not match its jar entry");
            }
            try {
                Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
        return dir;
    }

    /** {@code $XDG_CACHE_HOME/stratus/native}, else {@code ~/.cache/stratus/native}: never a shared directory. */
    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("stratus").resolve("native");
    }

    private static void createPrivateDirectories(Path dir) throws IOException {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }

    private static long crc32(Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }
}
