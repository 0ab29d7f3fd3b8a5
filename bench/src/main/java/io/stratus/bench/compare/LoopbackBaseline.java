package io.stratus.bench.compare;

import io.stratus.bench.BenchRunner;
import io.stratus.bench.ByteSizes;
import io.stratus.bench.Operation;
import io.stratus.bench.Progress;
import io.stratus.bench.S3Target;
import io.stratus.bench.ServerProbe;
import io.stratus.bench.StepResult;
import io.stratus.bench.Workload;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The loopback ceilings: the bench client against a server that does nothing
 * ({@link BlackholeServer}), on the same cores: 64 MiB PUT and GET at concurrency 4, and 4 KiB GET
 * at concurrency 16. No store can beat them on this machine; a big gap between the large-object
 * ceiling and the page-cache rate means the network path, not the store, is the limit, and the
 * small-object ceiling is the most GETs per second any server can answer to this client.
 */
public final class LoopbackBaseline {
    private static final long KIB4 = 4 * ByteSizes.KIB;
    private static final long MIB64 = 64 * ByteSizes.MIB;

    private LoopbackBaseline() {
    }

    public record Result(List<StepResult> rows) {
        public Result {
            rows = List.copyOf(rows);
        }

        /** The measured row of this operation, size and concurrency, if it was run. */
        public Optional<StepResult> row(Operation operation, long size, int concurrency) {
            return rows.stream().filter(r -> r.operation() == operation && r.size() == size
                    && r.concurrency() == concurrency).findFirst();
        }
    }

    public static Result measure(Duration duration, Progress progress) throws IOException, InterruptedException {
        List<StepResult> rows = new ArrayList<>();
        rows.addAll(run(MIB64, 4, EnumSet.of(Operation.PUT, Operation.GET), duration, progress));
        rows.addAll(run(KIB4, 16, EnumSet.of(Operation.GET), duration, progress));
        return new Result(rows);
    }

    private static List<StepResult> run(long size, int concurrency, Set<Operation> operations, Duration duration,
            Progress progress) throws IOException, InterruptedException {
        Workload workload = new Workload(List.of(new Workload.ObjectStep(size, concurrency, operations)),
                Optional.empty(), Optional.empty(), duration, Duration.ZERO, Duration.ofSeconds(60));
        try (BlackholeServer server = BlackholeServer.start(size);
                BenchRunner runner = new BenchRunner(new S3Target("loopback", server.endpoint(), "none", "none",
                        "us-east-1"), workload, ServerProbe.none(), progress, Clock.systemUTC(), row -> { })) {
            return runner.runAll();
        }
    }
}
