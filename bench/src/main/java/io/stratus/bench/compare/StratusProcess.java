package io.stratus.bench.compare;

import static java.util.Objects.requireNonNull;

import io.stratus.bench.S3Target;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Stratus as `./stratus server` runs it, in a child JVM started from a class path: its own data
 * directory, any free port (then the same port on restart), root credentials from the environment.
 * Ready when it prints {@code ready at http://...}.
 */
public final class StratusProcess implements ManagedServer {
    static final Pattern READY = Pattern.compile("ready at (http://\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Path dataDir;
    private final String classpath;
    private final List<String> javaOptions;
    private final String accessKey;
    private final String secretKey;
    private final Path log;
    private ChildProcess process;
    private URI endpoint;
    private double startupSeconds;

    private StratusProcess(Path dataDir, String classpath, List<String> javaOptions, String accessKey,
            String secretKey, Path log) {
        this.dataDir = requireNonNull(dataDir, "dataDir is null");
        this.classpath = requireNonNull(classpath, "classpath is null");
        this.javaOptions = List.copyOf(javaOptions);
        this.accessKey = requireNonNull(accessKey, "accessKey is null");
        this.secretKey = requireNonNull(secretKey, "secretKey is null");
        this.log = requireNonNull(log, "log is null");
    }

    /**
     * @param classpath where io.stratus.server.StratusMain and its libraries are; null for this process's
     */
    public static StratusProcess start(Path dataDir, String classpath, List<String> javaOptions, String accessKey,
            String secretKey, Path log) throws IOException {
        StratusProcess server = new StratusProcess(dataDir, classpath == null ? Classpath.current() : classpath,
                javaOptions, accessKey, secretKey, log);
        server.launch(0);
        return server;
    }

    private void launch(int port) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaExecutable().toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", classpath, "io.stratus.server.StratusMain", "server",
                "--data-dir", dataDir.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port)));
        process = ChildProcess.start(command, Map.of("STRATUS_ROOT_ACCESS_KEY", accessKey,
                "STRATUS_ROOT_SECRET_KEY", secretKey), log, READY);
        try {
            ChildProcess.Ready ready = process.awaitReady(START_TIMEOUT);
            endpoint = URI.create(ready.match().group(1));
            startupSeconds = (ready.nanos() - process.startNanos()) / 1e9;
        } catch (IOException e) {
            process.close();
            throw new IOException("Stratus did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public S3Target target() {
        return new S3Target("stratus", endpoint, accessKey, secretKey, "us-east-1");
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public double startupSeconds() {
        return startupSeconds;
    }

    @Override
    public void restart() throws IOException {
        int port = endpoint.getPort();
        process.stop(STOP_GRACE);
        launch(port);
    }

    @Override
    public void close() {
        process.stop(STOP_GRACE);
    }
}
