package dev.tokenbench.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Joins sweep folders of one spec (the shards of several machines) into one sweep folder: every run folder
 * copied, one index over all of them. Refuses folders of different specs and folders that share a configuration,
 * so no result is ever counted twice or mixed with another spec's.
 */
public final class SweepMerge {

    /**
     * What a merge produced.
     *
     * @param index         the merged index
     * @param missingShards shards of the split that none of the inputs ran (empty when all are there)
     */
    public record Merged(SweepIndex index, List<Shard> missingShards) {
    }

    private SweepMerge() {
    }

    /**
     * Merges {@code inputs} into {@code out}, which must not exist yet or be empty.
     *
     * @throws IllegalArgumentException naming the folder and what is wrong: not a sweep, another spec, an overlap,
     *                                  or an output folder that is not empty
     */
    public static Merged merge(List<Path> inputs, Path out) throws IOException {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no input: give the sweep folders to merge");
        }
        if (Files.exists(out) && (!Files.isDirectory(out) || hasEntries(out))) {
            throw new IllegalArgumentException(out + ": exists and is not an empty folder; merge into a new --out folder");
        }
        List<SweepIndex> indexes = new ArrayList<>();
        for (Path input : inputs) {
            SweepIndex index = new SweepFolder(input).readIndex()
                    .orElseThrow(() -> new IllegalArgumentException(input + ": not a sweep folder (no " + SweepFolder.INDEX_FILE + ")"));
            indexes.add(index);
        }
        SweepIndex first = indexes.get(0);
        Map<Configuration, Double> configurations = new LinkedHashMap<>();
        Map<String, Path> owner = new LinkedHashMap<>();
        List<Shard> shards = new ArrayList<>();
        List<RunRecord> runs = new ArrayList<>();
        for (int i = 0; i < indexes.size(); i++) {
            SweepIndex index = indexes.get(i);
            Path input = inputs.get(i);
            if (!index.specHash().equals(first.specHash())) {
                throw new IllegalArgumentException(input + ": a sweep of a different spec than " + inputs.get(0) + " ("
                        + String.join("; ", SpecHash.differences(first.spec(), index.spec())) + "); refusing to merge them");
            }
            for (Map.Entry<Configuration, Double> entry : index.configurations().entrySet()) {
                Path previous = owner.putIfAbsent(entry.getKey().id(), input);
                if (previous != null) {
                    throw new IllegalArgumentException("configuration " + entry.getKey().id() + " is in both " + previous + " and " + input
                            + "; refusing to merge overlapping shards");
                }
                configurations.put(entry.getKey(), entry.getValue());
            }
            shards.addAll(index.shards());
            runs.addAll(index.runs());
        }
        Files.createDirectories(out);
        for (Path input : inputs) {
            copyTree(input.resolve(SweepFolder.RUNS_FOLDER), out.resolve(SweepFolder.RUNS_FOLDER));
        }
        Path spec = inputs.get(0).resolve(SweepFolder.SPEC_FILE);
        if (Files.isRegularFile(spec)) {
            Files.copy(spec, out.resolve(SweepFolder.SPEC_FILE), StandardCopyOption.REPLACE_EXISTING);
        }
        shards.sort(Comparator.comparingInt(Shard::count).thenComparingInt(Shard::index));
        SweepIndex merged = new SweepIndex(first.specName(), first.specHash(), first.spec(), shards, configurations, runs);
        new SweepFolder(out).writeIndex(merged);
        return new Merged(merged, missing(shards));
    }

    /** The shards of the split the inputs came from that none of them is; empty when they mix split sizes. */
    static List<Shard> missing(List<Shard> shards) {
        TreeSet<Integer> counts = new TreeSet<>();
        shards.forEach(shard -> counts.add(shard.count()));
        if (counts.size() != 1) {
            return List.of();
        }
        int count = counts.first();
        List<Shard> missing = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            if (!shards.contains(new Shard(k, count))) {
                missing.add(new Shard(k, count));
            }
        }
        return missing;
    }

    private static boolean hasEntries(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isPresent();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(path);
                if (relative.toString().contains(".partial")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
