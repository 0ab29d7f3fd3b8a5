package io.stratus.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real `stratus server` in a child JVM (the test classpath), for restart and kill -9 tests. */
final class ChildServer implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready at (http://\\S+)");

    final Process process;
    final URI endpoint;
    final List<String> output;

    private ChildServer(Process process, URI endpoint, List<String> output) {
        this.process = process;
        this.endpoint = endpoint;
        this.output = output;
    }

    static ChildServer start(Path dataDir, String accessKey, String secretKey) throws Exception {
        return start(dataDir, accessKey, secretKey, "-Xmx512m");
    }

    /** As above with the given heap option (e.g. "-Xmx192m"), for memory-bound tests. */
    static ChildServer start(Path dataDir, String accessKey, String secretKey, String heapOption) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, heapOption, "-cp", System.getProperty("java.class.path"),
                StratusMain.class.getName(), "server", "--data-dir", dataDir.toString(), "--port", "0",
                "--min-free-bytes", "0");
        pb.environment().remove("STRATUS_ROOT_ACCESS_KEY");
        pb.environment().remove("STRATUS_ROOT_SECRET_KEY");
        if (accessKey != null) {
            pb.environment().put("STRATUS_ROOT_ACCESS_KEY", accessKey);
            pb.environment().put("STRATUS_ROOT_SECRET_KEY", secretKey);
        }
        pb.redirectErrorStream(true);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line);
            Matcher m = READY.matcher(line);
            if (m.find()) {
                // Keep the server's log: a failing test prints it.
                Thread drain = new Thread(() -> {
                    try {
                        out.lines().forEach(l -> {
                            synchronized (lines) {
                                if (lines.size() < 10_000) {
                                    lines.add(l);
                                }
                            }
                        });
                    } catch (java.io.UncheckedIOException e) {
                        // the process exited and its output pipe was closed under us: the log is complete
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return new ChildServer(p, URI.create(m.group(1)), lines);
            }
        }
        throw new AssertionError("server exited before ready: " + lines);
    }

    /** The server's output so far (its log goes to stderr, merged here). */
    String log() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** The child's peak resident set size (VmHWM in /proc/PID/status), in bytes (Linux). */
    long peakRssBytes() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no VmHWM in /proc/" + process.pid() + "/status");
    }

    /** SIGKILL: no shutdown hook, no flush, no close. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
