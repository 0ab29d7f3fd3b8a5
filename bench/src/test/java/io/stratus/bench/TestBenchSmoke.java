package io.stratus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool itself works: `bench compare --targets stratus` with every operation for a few hundred
 * milliseconds each, against a real Stratus in a child process (started, restarted and stopped as
 * the command does), plus a tiny raw-disk baseline. Timings are not asserted, only that every row
 * ran and had no errors and that the JSON holds what the tables show.
 */
class TestBenchSmoke {
    @TempDir
    Path dir;

    @Test
    void compareAgainstStratusRunsEveryOperationWithoutErrors() throws Exception {
        Path json = dir.resolve("out/compare.json");
        int exit = BenchMain.execute("compare", "--targets", "stratus", "--quiet", "--work-dir",
                dir.resolve("work").toString(), "--baseline-size", "64MiB", "--baseline-threads", "1",
                "--step", "4KiB:2", "--step", "1MiB:2:GET", "--duration", "300ms", "--warmup", "100ms",
                "--multipart", "6MiB:5MiB:1", "--list-keys", "300", "--list-page", "100", "--fill-concurrency", "8",
                "--restarts", "1", "--json", json.toString());

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        List<String> rows = new ArrayList<>();
        for (JsonNode row : report.at("/targets/0/results")) {
            rows.add(row.get("operation").asText() + " " + row.get("size").asLong() + " c" + row.get("concurrency").asInt());
            assertThat(row.get("errors").asLong()).as("errors of %s: %s", row, row.get("firstError")).isZero();
            assertThat(row.get("ops").asLong()).as("ops of %s", row).isPositive();
        }
        assertThat(rows).containsExactly("PUT 4096 c2", "GET 4096 c2", "HEAD 4096 c2", "DELETE 4096 c2",
                "GET 1048576 c2", "MULTIPART 6291456 c1", "MULTIPART_COMPLETE 6291456 c1", "FILL 0 c8", "LIST 100 c1");
        assertThat(exit).isZero();
        assertThat(report.at("/targets/0/name").asText()).isEqualTo("stratus");
        assertThat(report.at("/targets/0/startupSeconds").asDouble()).isPositive();
        assertThat(report.at("/targets/0/startupObjects").asLong()).isEqualTo(300);
        assertThat(report.at("/baseline/rows").size()).isEqualTo(2);
        assertThat(report.at("/checks").size()).isEqualTo(13);
        List<String> ceilings = new ArrayList<>();
        for (JsonNode row : report.at("/loopback/rows")) {
            ceilings.add(row.get("operation").asText() + " " + row.get("size").asLong() + " c" + row.get("concurrency").asInt());
            assertThat(row.get("errors").asLong()).as("errors of %s", row).isZero();
            assertThat(row.get("ops").asLong()).as("ops of %s", row).isPositive();
        }
        assertThat(ceilings).containsExactly("PUT 67108864 c4", "GET 67108864 c4", "GET 4096 c16");
    }
}
