package io.stratus.server;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code stratus} command line. */
@Command(name = "stratus", mixinStandardHelpOptions = true, version = "Stratus 0.1.0",
        description = "A self-hosted, AWS-compatible data cloud.",
        subcommands = {StratusMain.ServerCommand.class, ScrubCommand.class})
public final class StratusMain implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new StratusMain()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** {@code stratus server}: runs in the foreground until SIGTERM / Ctrl-C. */
    @Command(name = "server", mixinStandardHelpOptions = true, description = "Start Stratus in the foreground.")
    static final class ServerCommand implements Callable<Integer> {
        @Option(names = "--data-dir", defaultValue = "${env:STRATUS_DATA_DIR:-./stratus-data}",
                description = "Data directory (env STRATUS_DATA_DIR, default ./stratus-data).")
        Path dataDir;

        @Option(names = "--host", defaultValue = "${env:STRATUS_HOST:-127.0.0.1}",
                description = "Address to listen on (env STRATUS_HOST, default 127.0.0.1).")
        String host;

        @Option(names = "--port", defaultValue = "${env:STRATUS_PORT:-4566}",
                description = "Port to listen on (env STRATUS_PORT, default 4566).")
        int port;

        @Option(names = "--region", defaultValue = "${env:STRATUS_REGION:-us-east-1}",
                description = "Region reported and required in signatures (env STRATUS_REGION, default us-east-1).")
        String region;

        @Option(names = "--min-free-bytes", defaultValue = "${env:STRATUS_MIN_FREE_BYTES:-67108864}",
                description = "Writes fail with 507 when the data directory's filesystem has less free space than this.")
        long minFreeBytes;

        @Option(names = "--direct-writes", arity = "1", defaultValue = "${env:STRATUS_DIRECT_WRITES:-false}",
                description = "Write bodies of 8 MiB and more with O_DIRECT where the file system supports it (env"
                        + " STRATUS_DIRECT_WRITES, default false): less CPU per uploaded byte, but the first read of a new"
                        + " object comes from the disk.")
        boolean directWrites;

        @Override
        public Integer call() throws Exception {
            StratusConfig config = new StratusConfig(dataDir, host, port, region,
                    System.getenv("STRATUS_ROOT_ACCESS_KEY"), System.getenv("STRATUS_ROOT_SECRET_KEY"), minFreeBytes,
                    directWrites);
            System.out.println("Stratus configuration: " + config.describe());
            StratusServer server = StratusServer.start(config);
            RootCredentials root = server.rootCredentials();
            if (root.generated()) {
                // Printed once, on the start that created them; later starts read the file.
                System.out.println("Generated root credentials (stored in " + config.dataDir().resolve(RootCredentials.FILE_NAME) + "):");
                System.out.println("  AWS_ACCESS_KEY_ID=" + root.accessKeyId());
                System.out.println("  AWS_SECRET_ACCESS_KEY=" + root.secretKey());
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "stratus-shutdown"));
            System.out.println("Stratus ready at " + server.endpoint());
            System.out.flush();
            stopped.await();
            return 0;
        }
    }
}
