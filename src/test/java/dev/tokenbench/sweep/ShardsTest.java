package dev.tokenbench.sweep;

import static dev.tokenbench.sweep.SweepSpecParserTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardsTest {

    private static final SweepSpec SPEC = parse("""
            {'axes': {'framework': ['djl-pytorch', 'llama.cpp'], 'model': ['tiny', 'small'], 'batchSize': '1..16 x2',
                      'promptTokens': [32, 128, 512], 'newTokens': 64}}
            """);
    private static final List<Configuration> CONFIGURATIONS = Expansion.expand(SPEC, configuration -> { });
    private static final CostModel COST = CostModel.of(SPEC.jmh());

    @Test
    void split_everyCount1To7_eachConfigurationInExactlyOneShard() {
        for (int count = 1; count <= 7; count++) {
            List<List<Configuration>> shards = Shards.split(CONFIGURATIONS, count, COST);
            assertThat(shards).hasSize(count);
            List<Configuration> all = new ArrayList<>();
            shards.forEach(all::addAll);
            assertThat(all).as("N=%d", count).hasSameSizeAs(CONFIGURATIONS).containsExactlyInAnyOrderElementsOf(CONFIGURATIONS);
            for (int k = 1; k <= count; k++) {
                assertThat(Shards.select(CONFIGURATIONS, new Shard(k, count), COST)).isEqualTo(shards.get(k - 1));
            }
        }
    }

    @Test
    void split_balancesEstimatedTime_notCount() {
        for (int count = 2; count <= 7; count++) {
            List<List<Configuration>> shards = Shards.split(CONFIGURATIONS, count, COST);
            double total = COST.estimateSeconds(CONFIGURATIONS);
            double largestWorkload = 0;
            Map<String, Double> workloads = new HashMap<>();
            CONFIGURATIONS.forEach(c -> workloads.merge(c.workloadId(), COST.estimateSeconds(c), Double::sum));
            largestWorkload = Collections.max(workloads.values());
            for (List<Configuration> shard : shards) {
                // The longest-processing-time rule: no shard exceeds the mean by more than one workload.
                assertThat(COST.estimateSeconds(shard)).as("N=%d", count).isLessThanOrEqualTo(total / count + largestWorkload);
                assertThat(shard).isNotEmpty();
            }
        }
        // Costs differ by far more than 2x across this grid, so equal time means unequal counts.
        List<List<Configuration>> two = Shards.split(CONFIGURATIONS, 2, COST);
        assertThat(Math.abs(COST.estimateSeconds(two.get(0)) - COST.estimateSeconds(two.get(1))))
                .isLessThan(0.05 * COST.estimateSeconds(CONFIGURATIONS));
    }

    @Test
    void split_keepsTheFrameworksOfAWorkloadOnOneMachine() {
        List<List<Configuration>> shards = Shards.split(CONFIGURATIONS, 5, COST);
        Map<String, Integer> shardOfWorkload = new HashMap<>();
        for (int i = 0; i < shards.size(); i++) {
            for (Configuration configuration : shards.get(i)) {
                Integer previous = shardOfWorkload.put(configuration.workloadId(), i);
                assertThat(previous == null || previous == i).as(configuration.id()).isTrue();
            }
        }
    }

    @Test
    void split_inputOrder_doesNotChangeTheAssignment() {
        List<Configuration> shuffled = new ArrayList<>(CONFIGURATIONS);
        Collections.shuffle(shuffled, new Random(3));
        for (int count = 1; count <= 7; count++) {
            List<List<Configuration>> a = Shards.split(CONFIGURATIONS, count, COST);
            List<List<Configuration>> b = Shards.split(shuffled, count, COST);
            for (int i = 0; i < count; i++) {
                assertThat(Set.copyOf(b.get(i))).isEqualTo(new HashSet<>(a.get(i)));
            }
        }
    }

    @Test
    void shard_parse_acceptsKOfNOnly() {
        assertThat(Shard.parse("2/4")).isEqualTo(new Shard(2, 4));
        assertThat(Shard.parse("2/4").toString()).isEqualTo("2/4");
        for (String bad : List.of("0/4", "5/4", "4", "a/b", "1/0")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Shard.parse(bad)).as(bad)
                    .hasMessageEndingWith("write K/N with 1 <= K <= N (e.g. 1/4 ... 4/4)");
        }
    }
}
