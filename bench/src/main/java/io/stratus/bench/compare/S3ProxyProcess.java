package io.stratus.bench.compare;

import static java.util.Objects.requireNonNull;

import io.stratus.bench.S3Target;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * S3Proxy (jar-with-dependencies) with a jclouds filesystem backend in its own directory, V2/V4
 * authentication with one identity, on a free port; ready when the port accepts connections.
 */
public final class S3ProxyProcess implements ManagedServer {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Path jar;
    private final Path properties;
    private final List<String> javaOptions;
    private final String accessKey;
    private final String secretKey;
    private final Path log;
    private final int port;
    private ChildProcess process;
    private double startupSeconds;

    private S3ProxyProcess(Path jar, Path properties, List<String> javaOptions, String accessKey, String secretKey,
            Path log, int port) {
        this.jar = requireNonNull(jar, "jar is null");
        this.properties = requireNonNull(properties, "properties is null");
        this.javaOptions = List.copyOf(javaOptions);
        this.accessKey = requireNonNull(accessKey, "accessKey is null");
        this.secretKey = requireNonNull(secretKey, "secretKey is null");
        this.log = requireNonNull(log, "log is null");
        this.port = port;
    }

    /**
     * @param backend the jclouds provider: {@code filesystem} (the default of the comparison) or {@code filesystem-nio2}
     */
    public static S3ProxyProcess start(Path jar, Path directory, String backend, List<String> javaOptions,
            String accessKey, String secretKey) throws IOException {
        Path data = Files.createDirectories(directory.resolve("data"));
        int port = freePort();
        Path properties = directory.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + accessKey,
                "s3proxy.credential=" + secretKey,
                "jclouds.provider=" + backend,
                "jclouds.filesystem.basedir=" + data.toAbsolutePath(),
                ""), StandardCharsets.UTF_8);
        S3ProxyProcess server = new S3ProxyProcess(jar, properties, javaOptions, accessKey, secretKey,
                directory.resolve("s3proxy.log"), port);
        server.launch();
        return server;
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaExecutable().toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar.toString(), "--properties", properties.toString()));
        process = ChildProcess.start(command, Map.of(), log, null);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("S3Proxy exited before it was ready; log " + log + ":\n" + process.tail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
                startupSeconds = (System.nanoTime() - process.startNanos()) / 1e9;
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    process.close();
                    throw new IOException("S3Proxy not listening after " + START_TIMEOUT.toSeconds() + "s; log " + log
                            + ":\n" + process.tail());
                }
                sleep(10);
            }
        }
    }

    @Override
    public S3Target target() {
        return new S3Target("s3proxy", URI.create("http://127.0.0.1:" + port), accessKey, secretKey, "us-east-1");
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
        process.stop(STOP_GRACE);
        launch();
    }

    @Override
    public void close() {
        process.stop(STOP_GRACE);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
