package dev.tokenbench.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a sweep's configurations into shards of about equal estimated time, the same way on every machine.
 *
 * <p>The unit of assignment is a workload: the configurations that differ only in framework go to the same
 * shard, so the frameworks a report compares were measured on the same machine. Workloads are assigned longest
 * first, each to the shard with the least estimated time so far (lowest index on ties): the longest-processing-
 * time rule, whose longest shard is within one workload of the best split. The costs come from the
 * {@linkplain CostModel#of workload model} alone, a function of the spec, so every machine computes the same
 * assignment without seeing the others' timings.
 */
public final class Shards {

    private Shards() {
    }

    /**
     * Every shard's configurations, in the order they have in {@code configurations}.
     *
     * @return {@code count} lists; together they hold every configuration exactly once
     */
    public static List<List<Configuration>> split(List<Configuration> configurations, int count, CostModel cost) {
        if (count < 1) {
            throw new IllegalArgumentException("shard count must be at least 1, was " + count);
        }
        Map<String, List<Configuration>> workloads = new LinkedHashMap<>();
        for (Configuration configuration : configurations) {
            workloads.computeIfAbsent(configuration.workloadId(), id -> new ArrayList<>()).add(configuration);
        }
        Map<String, Double> workloadSeconds = new HashMap<>();
        workloads.forEach((id, members) -> workloadSeconds.put(id, cost.estimateSeconds(members)));
        List<String> order = new ArrayList<>(workloads.keySet());
        order.sort(Comparator.<String>comparingDouble(workloadSeconds::get).reversed().thenComparing(Comparator.naturalOrder()));
        double[] load = new double[count];
        Map<String, Integer> shardOf = new HashMap<>();
        for (String id : order) {
            int lightest = 0;
            for (int shard = 1; shard < count; shard++) {
                if (load[shard] < load[lightest]) {
                    lightest = shard;
                }
            }
            load[lightest] += workloadSeconds.get(id);
            shardOf.put(id, lightest);
        }
        List<List<Configuration>> shards = new ArrayList<>();
        for (int shard = 0; shard < count; shard++) {
            shards.add(new ArrayList<>());
        }
        for (Configuration configuration : configurations) {
            shards.get(shardOf.get(configuration.workloadId())).add(configuration);
        }
        return shards.stream().map(List::copyOf).toList();
    }

    /** The configurations of one shard. */
    public static List<Configuration> select(List<Configuration> configurations, Shard shard, CostModel cost) {
        return split(configurations, shard.count(), cost).get(shard.index() - 1);
    }
}
