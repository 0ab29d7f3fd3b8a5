package io.stratus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a server process's resident memory and CPU time from /proc (Linux). A probe without a
 * process id, or on a system without /proc, reports -1.
 */
public final class ServerProbe {
    /** USER_HZ, the unit of utime/stime in /proc/PID/stat; 100 on every mainstream Linux. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final long pid;

    private ServerProbe(long pid) {
        this.pid = pid;
    }

    public static ServerProbe none() {
        return new ServerProbe(-1);
    }

    public static ServerProbe forPid(long pid) {
        return new ServerProbe(pid);
    }

    public long pid() {
        return pid;
    }

    /** VmRSS, in bytes, or -1. */
    public long rssBytes() {
        return statusField("VmRSS:");
    }

    /** VmHWM (peak resident set size since the process started), in bytes, or -1. */
    public long peakRssBytes() {
        return statusField("VmHWM:");
    }

    /** User + system CPU time of the process so far, in nanoseconds, or -1. */
    public long cpuNanos() {
        if (pid < 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces; the fields after it are split by single spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private long statusField(String name) {
        if (pid < 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
