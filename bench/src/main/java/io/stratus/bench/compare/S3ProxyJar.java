package io.stratus.bench.compare;

import io.stratus.bench.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The S3Proxy jar-with-dependencies, fetched from Maven Central with `mvn dependency:copy` into a cache directory. */
final class S3ProxyJar {
    private S3ProxyJar() {
    }

    static Path resolve(Path cacheDir, String version, Progress progress) throws IOException, InterruptedException {
        Path jar = cacheDir.resolve("s3proxy-" + version + "-jar-with-dependencies.jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Files.createDirectories(cacheDir);
        progress.message("Fetching S3Proxy " + version + " with Maven into " + cacheDir + " ...");
        List<String> command = List.of("mvn", "-B", "-q",
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
                "-Dartifact=org.gaul:s3proxy:" + version + ":jar:jar-with-dependencies",
                "-DoutputDirectory=" + cacheDir.toAbsolutePath());
        Path log = cacheDir.resolve("mvn-fetch.log");
        Process process = new ProcessBuilder(command).directory(cacheDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("mvn did not finish fetching S3Proxy in 10 minutes; see " + log);
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(jar)) {
            throw new IOException("could not fetch org.gaul:s3proxy:" + version + ":jar-with-dependencies with `"
                    + String.join(" ", command) + "` (exit " + process.exitValue() + "):\n" + Files.readString(log)
                    + "\nDownload it yourself and pass --s3proxy-jar PATH.");
        }
        return jar;
    }
}
