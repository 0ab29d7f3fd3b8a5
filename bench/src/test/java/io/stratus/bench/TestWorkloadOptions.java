package io.stratus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stratus.bench.Workload.ObjectStep;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TestWorkloadOptions {
    private static Workload parse(String... args) {
        S3Command command = new S3Command();
        new CommandLine(command).parseArgs(args);
        return command.workloadOptions.toWorkload(S3Command.DEFAULTS);
    }

    @Test
    void defaultsOfBenchS3() {
        Workload workload = parse();
        assertThat(workload.steps()).hasSize(9);
        assertThat(workload.steps()).extracting(ObjectStep::concurrency).containsExactly(1, 16, 64, 1, 16, 64, 1, 16, 64);
        assertThat(workload.steps().get(0).size()).isEqualTo(4096);
        assertThat(workload.steps().get(8).size()).isEqualTo(64L << 20);
        assertThat(workload.steps().get(0).operations()).isEqualTo(Workload.OBJECT_OPERATIONS);
        assertThat(workload.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(workload.warmup()).isEqualTo(Duration.ofSeconds(3));
        assertThat(workload.requestTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(workload.multipart()).get().satisfies(m -> {
            assertThat(m.objectSize()).isEqualTo(256L << 20);
            assertThat(m.parts()).isEqualTo(16);
            assertThat(m.concurrencies()).containsExactly(4);
        });
        assertThat(workload.list()).get().satisfies(l -> {
            assertThat(l.bucket()).isEqualTo("stratus-bench-list");
            assertThat(l.keyCounts()).containsExactly(100_000L);
            assertThat(l.pageSize()).isEqualTo(1000);
            assertThat(l.concurrencies()).containsExactly(1);
            assertThat(l.fillConcurrency()).isEqualTo(64);
            assertThat(l.keepBucket()).isTrue();
        });
    }

    @Test
    void sizesTimesConcurrencyAndOperations() {
        Workload workload = parse("--sizes", "1KiB,2MiB", "--concurrency", "4", "--ops", "put,get", "--duration", "2s");
        assertThat(workload.steps()).containsExactly(
                new ObjectStep(1024, 4, EnumSet.of(Operation.PUT, Operation.GET)),
                new ObjectStep(2L << 20, 4, EnumSet.of(Operation.PUT, Operation.GET)));
        assertThat(workload.multipart()).isEmpty();
        assertThat(workload.list()).isEmpty();
        assertThat(workload.duration()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void explicitStepsAndListingFlags() {
        Workload workload = parse("--step", "4KiB:1,16", "--step", "64MiB:64:PUT", "--list-keys", "1000000,100000",
                "--no-keep-list-bucket", "--multipart", "64MiB:8MiB:1,2");
        assertThat(workload.steps()).containsExactly(
                new ObjectStep(4096, 1, Workload.OBJECT_OPERATIONS),
                new ObjectStep(4096, 16, Workload.OBJECT_OPERATIONS),
                new ObjectStep(64L << 20, 64, EnumSet.of(Operation.PUT)));
        assertThat(workload.list().orElseThrow().keyCounts()).containsExactly(100_000L, 1_000_000L);
        assertThat(workload.list().orElseThrow().keepBucket()).isFalse();
        assertThat(workload.multipart().orElseThrow().concurrencies()).containsExactly(1, 2);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> parse("--ops", "COPY")).hasMessageContaining("unknown operation");
        assertThatThrownBy(() -> parse("--step", "4KiB")).hasMessageContaining("SIZE:N");
        assertThatThrownBy(() -> parse("--multipart", "10MiB:1MiB:1")).hasMessageContaining("5MiB");
        assertThatThrownBy(() -> parse("--list-keys", "500")).hasMessageContaining("larger than a page");
    }

    @Test
    void listKeysSortInByteOrder() {
        List<String> keys = List.of(BenchRunner.listKey(9), BenchRunner.listKey(10), BenchRunner.listKey(999_999),
                BenchRunner.listKey(1_000_000));
        assertThat(keys).isSorted().containsExactly("key-00000009", "key-00000010", "key-00999999", "key-01000000");
    }
}
