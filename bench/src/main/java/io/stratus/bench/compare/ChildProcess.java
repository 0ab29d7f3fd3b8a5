package io.stratus.bench.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server started as a child process: its output is appended to a log file, and the first line
 * matching {@code readyLine} (if given) completes {@link #readyLine()} with the time it was seen.
 */
final class ChildProcess implements AutoCloseable {
    private static final int TAIL_LINES = 30;

    private final Process process;
    private final long startNanos;
    private final CompletableFuture<Ready> ready = new CompletableFuture<>();
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final Path log;

    private ChildProcess(Process process, long startNanos, Path log) {
        this.process = process;
        this.startNanos = startNanos;
        this.log = log;
    }

    /** A line that matched, and when (System.nanoTime()). */
    record Ready(Matcher match, long nanos) {
    }

    static ChildProcess start(List<String> command, Map<String, String> environment, Path log, Pattern readyLine)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Files.createDirectories(log.toAbsolutePath().getParent());
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        ChildProcess child = new ChildProcess(process, start, log);
        Thread pump = new Thread(() -> child.pump(readyLine), "child-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        return child;
    }

    long pid() {
        return process.pid();
    }

    long startNanos() {
        return startNanos;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the ready line; fails with the log's tail when the process dies or the time runs out. */
    Ready awaitReady(Duration timeout) throws IOException {
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("not ready after " + timeout.toSeconds() + "s; log " + log + ":\n" + tail());
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage() + "; log " + log + ":\n" + tail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code grace}. */
    void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    private void pump(Pattern readyLine) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (readyLine != null && !ready.isDone()) {
                    Matcher matcher = readyLine.matcher(line);
                    if (matcher.find()) {
                        ready.complete(new Ready(matcher, System.nanoTime()));
                    }
                }
                out.write(line);
                out.write('\n');
                out.flush();
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process went away
        } finally {
            ready.completeExceptionally(new IOException("process exited before it was ready (exit code "
                    + exitCode() + ")"));
        }
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
