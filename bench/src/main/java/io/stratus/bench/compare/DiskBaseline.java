package io.stratus.bench.compare;

import io.stratus.bench.ByteSizes;
import io.stratus.bench.Progress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hardware limit the object store is measured against, on the same filesystem: files of the
 * object size written sequentially and fsynced one by one (what a durable PUT must do at least),
 * then read back from the page cache (what a GET of a hot object must do at least).
 */
public final class DiskBaseline {
    private static final int BUFFER = (int) ByteSizes.MIB;

    private DiskBaseline() {
    }

    /** One measurement: {@code operation} is "write+fsync" or "page-cache read". */
    public record Row(String operation, long fileSize, int threads, long bytes, double seconds, double mibPerSecond) {
        public String format() {
            return String.format(Locale.ROOT, "%-16s %10s %5d %9.0f MiB/s  (%s in %.2fs)", operation,
                    ByteSizes.format(fileSize), threads, mibPerSecond, ByteSizes.human(bytes), seconds);
        }
    }

    /** All rows, and the best rate of each kind: the limits the ratios use. */
    public record Result(List<Row> rows, double writeMibPerSecond, double readMibPerSecond) {
        public Result {
            rows = List.copyOf(rows);
        }
    }

    /**
     * @param totalBytes written per thread count (split over the threads), e.g. 2GiB
     * @param readDuration how long each read measurement loops over the files
     */
    public static Result measure(Path directory, long fileSize, long totalBytes, List<Integer> threadCounts,
            Duration readDuration, Progress progress) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        ByteBuffer data = ByteBuffer.allocateDirect(BUFFER);
        SplittableRandom random = new SplittableRandom(7);
        while (data.hasRemaining()) {
            data.putLong(random.nextLong());
        }
        data.flip();
        List<Row> rows = new ArrayList<>();
        double bestWrite = 0;
        double bestRead = 0;
        for (int threads : threadCounts) {
            int files = (int) Math.max(threads, totalBytes / fileSize);
            List<Path> paths = new ArrayList<>();
            for (int i = 0; i < files; i++) {
                paths.add(directory.resolve("baseline-" + threads + "-" + i));
            }
            try {
                progress.update("disk baseline: write+fsync " + files + " x " + ByteSizes.format(fileSize) + ", "
                        + threads + " thread(s)");
                Row write = write(paths, fileSize, threads, data);
                rows.add(write);
                bestWrite = Math.max(bestWrite, write.mibPerSecond());
                progress.update("disk baseline: page-cache read, " + threads + " thread(s)");
                Row read = read(paths, fileSize, threads, readDuration);
                rows.add(read);
                bestRead = Math.max(bestRead, read.mibPerSecond());
            } finally {
                for (Path path : paths) {
                    Files.deleteIfExists(path);
                }
                progress.done();
            }
        }
        return new Result(rows, bestWrite, bestRead);
    }

    private static Row write(List<Path> paths, long fileSize, int threads, ByteBuffer data)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        runThreads(threads, t -> {
            ByteBuffer view = data.duplicate();
            for (int i = t; i < paths.size(); i += threads) {
                try (FileChannel channel = FileChannel.open(paths.get(i), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    long remaining = fileSize;
                    while (remaining > 0) {
                        view.clear().limit((int) Math.min(remaining, view.capacity()));
                        while (view.hasRemaining()) {
                            remaining -= channel.write(view);
                        }
                    }
                    channel.force(true);
                }
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = fileSize * paths.size();
        return new Row("write+fsync", fileSize, threads, bytes, seconds, bytes / seconds / ByteSizes.MIB);
    }

    private static Row read(List<Path> paths, long fileSize, int threads, Duration duration)
            throws IOException, InterruptedException {
        AtomicLong total = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        runThreads(threads, t -> {
            ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
            long bytes = 0;
            int next = t;
            do {
                try (FileChannel channel = FileChannel.open(paths.get(next % paths.size()), StandardOpenOption.READ)) {
                    long position = 0;
                    while (position < fileSize) {
                        buffer.clear();
                        int n = channel.read(buffer, position);
                        if (n < 0) {
                            break;
                        }
                        position += n;
                    }
                    bytes += position;
                }
                next += threads;
            } while (System.nanoTime() < deadline);
            total.addAndGet(bytes);
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Row("page-cache read", fileSize, threads, total.get(), seconds, total.get() / seconds / ByteSizes.MIB);
    }

    private interface ThreadBody {
        void run(int thread) throws IOException;
    }

    private static void runThreads(int threads, ThreadBody body) throws IOException, InterruptedException {
        List<Thread> running = new ArrayList<>();
        IOException[] failure = new IOException[1];
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread thread = new Thread(() -> {
                try {
                    body.run(index);
                } catch (IOException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            }, "disk-baseline-" + t);
            running.add(thread);
            thread.start();
        }
        for (Thread thread : running) {
            thread.join();
        }
        synchronized (failure) {
            if (failure[0] != null) {
                throw failure[0];
            }
        }
    }
}
