package io.stratus.bench;

import io.stratus.bench.compare.CompareCommand;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code stratus bench}: {@code s3} measures any S3 endpoint, {@code compare} runs the same
 * workload against Stratus, S3Proxy and the raw disk and prints the ratios.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, version = "Stratus bench 0.1.0",
        description = "Benchmarks: an S3 endpoint, or Stratus side by side with S3Proxy and the disk.",
        subcommands = {S3Command.class, CompareCommand.class})
public final class BenchMain implements Runnable {
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (0: ran without errors). */
    public static int execute(String... args) {
        return new CommandLine(new BenchMain())
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    // Bad flag values and unreachable endpoints are the user's to fix: a message, not a stack trace.
                    if (e instanceof IllegalArgumentException || e instanceof IOException) {
                        commandLine.getErr().println("bench: " + e.getMessage());
                        return 2;
                    }
                    throw e;
                })
                .execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
