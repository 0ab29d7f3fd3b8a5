package io.stratus.bench;

import io.stratus.bench.Workload.ListSpec;
import io.stratus.bench.Workload.MultipartSpec;
import io.stratus.bench.Workload.ObjectStep;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The workload flags `bench s3` and `bench compare` share. Unset flags take the command's
 * defaults ({@link Defaults}), so each command can pick its own.
 */
public final class WorkloadOptions {
    @Option(names = "--sizes", split = ",", paramLabel = "SIZE",
            description = "Object sizes (B, KiB, MiB, GiB), each at each --concurrency (s3 default 4KiB,1MiB,64MiB).")
    List<String> sizes;

    @Option(names = "--concurrency", split = ",", paramLabel = "N",
            description = "Concurrent connections (s3 default 1,16,64).")
    List<Integer> concurrency;

    @Option(names = "--step", paramLabel = "SIZE:N[,N..][:OPS]",
            description = "Explicit steps instead of --sizes x --concurrency, repeatable: 4KiB:16 or 64MiB:64:PUT "
                    + "(OPS from PUT,GET,HEAD,DELETE).")
    List<String> steps;

    @Option(names = "--ops", split = ",", paramLabel = "OP",
            description = "Operations: PUT,GET,HEAD,DELETE,LIST,MULTIPART (default all).")
    List<String> ops;

    @Option(names = "--duration", paramLabel = "TIME",
            description = "Time per timed operation: 10s, 500ms, 1m (s3 default 10s, compare 5s).")
    String duration;

    @Option(names = "--warmup", paramLabel = "TIME",
            description = "Untimed PUT/GET/DELETE of 4KiB at c16 before measuring, each this long (default 3s; 0 for none).")
    String warmup;

    @Option(names = "--multipart", paramLabel = "SIZE:PART:N[,N..]",
            description = "Multipart uploads: object size, part size, concurrencies. Default 256MiB:16MiB:4.")
    String multipart;

    @Option(names = "--list-keys", split = ",", paramLabel = "N",
            description = "Bucket sizes to list from, filled in turn (100000,1000000 for the 1M target; filling "
                    + "1M keys takes minutes). Default 100000.")
    List<Long> listKeys;

    @Option(names = "--list-page", paramLabel = "N", description = "Keys per LIST page (default 1000).")
    Integer listPage;

    @Option(names = "--list-concurrency", split = ",", paramLabel = "N",
            description = "Concurrent LIST requests (default 1).")
    List<Integer> listConcurrency;

    @Option(names = "--fill-concurrency", paramLabel = "N",
            description = "Concurrent PUTs filling the listing bucket (default 64).")
    Integer fillConcurrency;

    @Option(names = "--list-bucket", paramLabel = "NAME", description = "Listing bucket (default stratus-bench-list).")
    String listBucket;

    @Option(names = "--keep-list-bucket", negatable = true, fallbackValue = "true",
            description = "Keep the filled listing bucket so the next run skips the fill (default: keep).")
    Boolean keepListBucket;

    @Option(names = "--timeout", paramLabel = "TIME", description = "Abort a request after this long (default 120s).")
    String timeout;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    /** A command's defaults for the flags left unset. */
    public record Defaults(List<ObjectStep> steps, Duration duration, String multipart, List<Long> listKeys,
            boolean keepListBucket) {
    }

    public Workload toWorkload(Defaults defaults) {
        Set<Operation> operations = operations();
        Set<Operation> objectOps = EnumSet.noneOf(Operation.class);
        operations.stream().filter(Workload.OBJECT_OPERATIONS::contains).forEach(objectOps::add);
        List<ObjectStep> objectSteps = new ArrayList<>();
        if (steps != null) {
            for (String step : steps) {
                objectSteps.addAll(parseStep(step, objectOps));
            }
        } else if (sizes != null || concurrency != null) {
            List<Long> stepSizes = sizes == null
                    ? defaults.steps().stream().map(ObjectStep::size).distinct().toList()
                    : sizes.stream().map(ByteSizes::parse).toList();
            List<Integer> stepConcurrency = concurrency == null
                    ? defaults.steps().stream().map(ObjectStep::concurrency).distinct().toList()
                    : concurrency;
            for (long size : stepSizes) {
                for (int c : stepConcurrency) {
                    objectSteps.add(new ObjectStep(size, c, objectOps));
                }
            }
        } else {
            for (ObjectStep step : defaults.steps()) {
                Set<Operation> stepOps = EnumSet.noneOf(Operation.class);
                step.operations().stream().filter(objectOps::contains).forEach(stepOps::add);
                if (!stepOps.isEmpty()) {
                    objectSteps.add(new ObjectStep(step.size(), step.concurrency(), stepOps));
                }
            }
        }
        if (objectOps.isEmpty()) {
            objectSteps.clear();
        }
        Optional<MultipartSpec> multipartSpec = operations.contains(Operation.MULTIPART)
                ? Optional.of(parseMultipart(multipart == null ? defaults.multipart() : multipart))
                : Optional.empty();
        Optional<ListSpec> listSpec = operations.contains(Operation.LIST)
                ? Optional.of(new ListSpec(listBucket == null ? "stratus-bench-list" : listBucket,
                        listKeys == null ? defaults.listKeys() : listKeys, listPage == null ? 1000 : listPage,
                        listConcurrency == null ? List.of(1) : listConcurrency,
                        fillConcurrency == null ? 64 : fillConcurrency,
                        keepListBucket == null ? defaults.keepListBucket() : keepListBucket))
                : Optional.empty();
        return new Workload(objectSteps, multipartSpec, listSpec,
                duration == null ? defaults.duration() : Durations.parse(duration),
                warmup == null ? Duration.ofSeconds(3) : Durations.parse(warmup),
                timeout == null ? Duration.ofSeconds(120) : Durations.parse(timeout));
    }

    public Path json() {
        return json;
    }

    public boolean quiet() {
        return quiet;
    }

    private Set<Operation> operations() {
        Set<Operation> result = EnumSet.noneOf(Operation.class);
        if (ops == null) {
            result.addAll(EnumSet.of(Operation.PUT, Operation.GET, Operation.HEAD, Operation.DELETE, Operation.LIST,
                    Operation.MULTIPART));
            return result;
        }
        for (String op : ops) {
            result.add(parseOperation(op));
        }
        return result;
    }

    private static Operation parseOperation(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        try {
            Operation operation = Operation.valueOf(name);
            if (operation == Operation.FILL || operation == Operation.MULTIPART_COMPLETE) {
                throw new IllegalArgumentException();
            }
            return operation;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown operation " + text + " (PUT, GET, HEAD, DELETE, LIST, MULTIPART)");
        }
    }

    static List<ObjectStep> parseStep(String text, Set<Operation> allowed) {
        String[] parts = text.split(":");
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("a step is SIZE:N[,N..][:OPS], e.g. 64MiB:4 or 64MiB:64:PUT: " + text);
        }
        long size = ByteSizes.parse(parts[0]);
        Set<Operation> stepOps = EnumSet.noneOf(Operation.class);
        if (parts.length == 3) {
            Arrays.stream(parts[2].split(",")).map(WorkloadOptions::parseOperation).forEach(stepOps::add);
            stepOps.retainAll(allowed);
        } else {
            stepOps.addAll(allowed);
        }
        List<ObjectStep> result = new ArrayList<>();
        if (!stepOps.isEmpty()) {
            for (String c : parts[1].split(",")) {
                result.add(new ObjectStep(size, Integer.parseInt(c.trim()), stepOps));
            }
        }
        return result;
    }

    static MultipartSpec parseMultipart(String text) {
        String[] parts = text.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--multipart is SIZE:PART:N[,N..], e.g. 256MiB:16MiB:4: " + text);
        }
        List<Integer> concurrencies = Arrays.stream(parts[2].split(",")).map(s -> Integer.parseInt(s.trim())).toList();
        return new MultipartSpec(ByteSizes.parse(parts[0]), ByteSizes.parse(parts[1]), concurrencies);
    }
}
