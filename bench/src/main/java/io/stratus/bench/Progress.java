package io.stratus.bench;

import java.io.PrintStream;

/**
 * The line that shows a step while it runs: rewritten in place on a terminal, printed every
 * ten seconds otherwise (logs), or not at all.
 */
public final class Progress {
    private static final long QUIET_INTERVAL_NANOS = 10_000_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private int lastLength;
    private long lastPrinted;

    private Progress(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
        this.lastPrinted = System.nanoTime();
    }

    /** On stderr; in place when the process has a console. */
    public static Progress toStderr() {
        return new Progress(System.err, System.console() != null);
    }

    public static Progress none() {
        return new Progress(null, false);
    }

    public synchronized void update(String line) {
        if (out == null) {
            return;
        }
        if (interactive) {
            StringBuilder text = new StringBuilder("\r").append(line);
            for (int i = line.length(); i < lastLength; i++) {
                text.append(' ');
            }
            lastLength = line.length();
            out.print(text);
            out.flush();
        } else {
            long now = System.nanoTime();
            if (now - lastPrinted >= QUIET_INTERVAL_NANOS) {
                lastPrinted = now;
                out.println("  .. " + line);
            }
        }
    }

    /** Clears the in-place line. */
    public synchronized void done() {
        if (out != null && interactive && lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            out.flush();
            lastLength = 0;
        }
        // Quiet mode: the next line comes ten seconds into the next step, not at its start.
        lastPrinted = System.nanoTime();
    }

    /** A message on its own line (clearing the progress line first). */
    public synchronized void message(String text) {
        if (out != null) {
            done();
            out.println(text);
            out.flush();
        }
    }
}
