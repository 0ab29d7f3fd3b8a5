package io.stratus.bench.compare;

import io.stratus.bench.BenchRunner;
import io.stratus.bench.Operation;
import io.stratus.bench.Progress;
import io.stratus.bench.S3Target;
import io.stratus.bench.ServerProbe;
import io.stratus.bench.StepResult;
import io.stratus.bench.Workload;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The loopback ceiling: the bench client's PUT and GET of large objects against a server that
 * does nothing ({@link BlackholeServer}), on the same cores. No store can beat it on this
 * machine; a big gap between it and the page-cache rate means the network path, not the store,
 * is the limit.
 */
public final class LoopbackBaseline {
    private LoopbackBaseline() {
    }

    public record Result(List<StepResult> rows, double putMibPerSecond, double getMibPerSecond) {
        public Result {
            rows = List.copyOf(rows);
        }
    }

    public static Result measure(long size, int concurrency, Duration duration, Progress progress)
            throws IOException, InterruptedException {
        Workload workload = new Workload(List.of(new Workload.ObjectStep(size, concurrency,
                EnumSet.of(Operation.PUT, Operation.GET))), Optional.empty(), Optional.empty(), duration,
                Duration.ZERO, Duration.ofSeconds(60));
        try (BlackholeServer server = BlackholeServer.start(size);
                BenchRunner runner = new BenchRunner(new S3Target("loopback", server.endpoint(), "none", "none",
                        "us-east-1"), workload, ServerProbe.none(), progress, Clock.systemUTC(), row -> { })) {
            List<StepResult> rows = runner.runAll();
            double put = rows.stream().filter(r -> r.operation() == Operation.PUT).mapToDouble(StepResult::mibPerSecond)
                    .findFirst().orElse(0);
            double get = rows.stream().filter(r -> r.operation() == Operation.GET).mapToDouble(StepResult::mibPerSecond)
                    .findFirst().orElse(0);
            return new Result(rows, put, get);
        }
    }
}
