package io.stratus.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to the disk-writer pool ({@link StagedFileWriter}, {@link FlushBehind}). */
final class DiskTasks {
    private DiskTasks() {
    }

    /**
     * Waits for {@code task} even through interrupts, which are reported afterwards: the task still
     * uses the caller's channel or buffer, which must not be closed or reused under it. Rethrows
     * the task's IOException (also one wrapped in an UncheckedIOException).
     */
    static void awaitUninterruptibly(Future<?> task, String what) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException(what + " failed", cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
