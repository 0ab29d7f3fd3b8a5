package io.stratus.bench;

import java.util.List;

/**
 * Everything measured on one store in one run.
 *
 * @param serverPid the server process, or -1 when not known
 * @param emptyStartupSeconds time from process start to ready on an empty data directory; -1 if not measured
 * @param startupSeconds time from process start to ready after a restart with {@code startupObjects} stored, the
 *     median of {@code restartSeconds}; -1 if not measured
 * @param restartSeconds each restart's time to ready
 * @param idleRssBytes resident memory right after start-up; -1 if not known
 * @param peakRssBytes VmHWM, the process's peak resident memory over the whole run; -1 if not known
 */
public record TargetReport(String name, String endpoint, long serverPid, List<StepResult> results,
        double emptyStartupSeconds, double startupSeconds, List<Double> restartSeconds, long startupObjects,
        long idleRssBytes, long peakRssBytes) {
    public TargetReport {
        results = List.copyOf(results);
        restartSeconds = List.copyOf(restartSeconds);
    }
}
