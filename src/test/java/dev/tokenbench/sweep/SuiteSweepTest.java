package dev.tokenbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.jmh.host.Suite;
import dev.tokenbench.jmh.host.SuiteEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SuiteSweepTest {

    /** Every combination of an entry's values, as JMH runs them, in the sweep's parameter names. */
    private static Set<Map<String, String>> combinations(List<SuiteEntry> suite) {
        Set<Map<String, String>> all = new LinkedHashSet<>();
        for (SuiteEntry entry : suite) {
            List<Map<String, String>> partial = new ArrayList<>(List.of(Map.of()));
            for (Map.Entry<String, List<String>> param : entry.params().entrySet()) {
                List<Map<String, String>> next = new ArrayList<>();
                for (Map<String, String> combination : partial) {
                    for (String value : param.getValue()) {
                        Map<String, String> grown = new java.util.HashMap<>(combination);
                        grown.put(param.getKey(), value);
                        next.add(grown);
                    }
                }
                partial = next;
            }
            all.addAll(partial);
        }
        return all;
    }

    @Test
    void configurations_defaultSuite_areItsRowsInSuiteOrder() {
        List<Configuration> configurations = SuiteSweep.configurations(Suite.DEFAULT, Map.of());

        Set<Map<String, String>> expected = combinations(Suite.DEFAULT);
        assertThat(configurations).hasSize(expected.size());
        for (Configuration configuration : configurations) {
            Map<String, String> named = new java.util.HashMap<>(configuration.params());
            named.keySet().retainAll(Set.of("framework", "model", "batchSize", "promptTokens", "newTokens"));
            assertThat(expected).as(configuration.id()).contains(named);
            assertThat(configuration.benchmark()).isEqualTo(SweepBenchmark.GENERATION);
            // what the entries leave out takes the benchmark's defaults
            assertThat(configuration.precision()).isEqualTo("f32");
            assertThat(configuration.threads()).isEqualTo(1);
        }
        assertThat(configurations.get(0).framework()).isEqualTo(Suite.DEFAULT.get(0).params().get("framework").get(0));
    }

    @Test
    void configurations_overrides_replaceTheSuitesValues() {
        List<Configuration> configurations = SuiteSweep.configurations(Suite.DEFAULT, Map.of("batchSize", List.of("2"), "model", List.of("tiny")));

        assertThat(configurations).allSatisfy(c -> {
            assertThat(c.batchSize()).isEqualTo(2);
            // the HTTP row serves the same weights: serve:djl-pytorch/tiny
            assertThat(c.model()).isIn("tiny", "serve:djl-pytorch/tiny");
        });
        assertThat(configurations).filteredOn(c -> c.framework().equals("openai")).extracting(Configuration::model)
                .containsExactly("serve:djl-pytorch/tiny");
        assertThat(configurations).extracting(Configuration::framework).doesNotHaveDuplicates();
    }

    @Test
    void configurations_frameworksOfTheSuite_selectTheirEntriesWithTheirOwnModelsAndBatches() {
        assertThat(SuiteSweep.configurations(Suite.DEFAULT, Map.of("framework", List.of("llama.cpp")))).extracting(Configuration::id)
                .containsExactly("generation-llama.cpp-tiny-f32-b1-p128-n32-t1", "generation-llama.cpp-tiny-f32-b8-p128-n32-t1",
                        "generation-llama.cpp-small-f32-b1-p128-n32-t1", "generation-llama.cpp-small-f32-b8-p128-n32-t1");
        assertThat(SuiteSweep.configurations(Suite.DEFAULT, Map.of("framework", List.of("llama.cpp", "fake"), "batchSize", List.of("1"))))
                .extracting(Configuration::id).containsExactly("generation-fake-zero-f32-b1-p128-n32-t1", "generation-fake-paced-f32-b1-p128-n32-t1",
                        "generation-llama.cpp-tiny-f32-b1-p128-n32-t1", "generation-llama.cpp-small-f32-b1-p128-n32-t1");
    }

    @Test
    void configurations_frameworkNoEngineHas_failsNamingTheValidOnes() {
        assertThatThrownBy(() -> SuiteSweep.configurations(Suite.DEFAULT, Map.of("framework", List.of("vllm"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vllm");
    }

    @Test
    void configurations_badValue_failsBeforeAnythingRuns() {
        assertThatThrownBy(() -> SuiteSweep.configurations(Suite.DEFAULT, Map.of("batchSize", List.of("0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
    }

    @Test
    void plan_defaultRun_atLeastThreeSeededRounds_eachConfigurationOncePerRound() {
        List<Configuration> configurations = SuiteSweep.configurations(Suite.DEFAULT, Map.of());
        SweepRunner.Planned planned = SuiteSweep.plan(configurations, SuiteSweep.JMH, SuiteSweep.ROUNDS, SuiteSweep.SEED, SuiteSweep.TIMEOUT);

        assertThat(SuiteSweep.ROUNDS).isGreaterThanOrEqualTo(3);
        assertThat(planned.spec().rounds()).isEqualTo(SuiteSweep.ROUNDS);
        assertThat(planned.runs()).hasSize(configurations.size() * SuiteSweep.ROUNDS);
        List<List<Configuration>> orders = new ArrayList<>();
        for (int round = 1; round <= SuiteSweep.ROUNDS; round++) {
            int r = round;
            List<Configuration> order = planned.runs().stream().filter(run -> run.round() == r).map(Run::configuration).toList();
            assertThat(order).containsExactlyInAnyOrderElementsOf(configurations);
            orders.add(order);
        }
        // the same seed plans the same orders; rounds are not all in one order
        assertThat(SuiteSweep.plan(configurations, SuiteSweep.JMH, SuiteSweep.ROUNDS, SuiteSweep.SEED, SuiteSweep.TIMEOUT).runs()).isEqualTo(planned.runs());
        assertThat(new LinkedHashSet<>(orders)).hasSizeGreaterThan(1);
        assertThat(planned.spec().jmh().jmhArguments()).containsExactly("-f", "1", "-wi", "0", "-i", "3");
        assertThat(planned.specText()).contains("\"name\" : \"default-run\"", "\"rounds\" : 3");
    }
}
