package io.stratus.bench.compare;

import io.stratus.bench.S3Target;
import java.io.IOException;

/** A store `bench compare` starts, measures and stops: Stratus or S3Proxy, each in its own process. */
interface ManagedServer extends AutoCloseable {
    S3Target target();

    long pid();

    /** Seconds from process start to accepting requests, at the last (re)start. */
    double startupSeconds();

    /** Stops the process and starts it again on the same data and port (to time start-up with data stored). */
    void restart() throws IOException;

    /** Stops the process (SIGTERM, then SIGKILL after a grace period). */
    @Override
    void close();
}
