package dev.tokenbench.sweep;

import static dev.tokenbench.sweep.SweepSpecParserTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepIndexTest {

    static final String SPEC = "{'axes': {'framework': ['fake'], 'model': 'zero', 'batchSize': [1, 2]}, 'rounds': 2}";

    static SweepIndex planned(String json, Shard shard) {
        SweepSpec spec = parse(json);
        List<Configuration> configurations = Expansion.expand(spec, configuration -> { });
        return SweepIndex.planned(spec, shard, configurations, CostModel.of(spec.jmh()), SweepPlan.runs(configurations, spec.rounds(), spec.seed()));
    }

    @Test
    void planned_everyRunPending_inPlanOrder() {
        SweepIndex index = planned(SPEC, Shard.ALL);
        assertThat(index.runs()).hasSize(4).allMatch(run -> run.status() == RunStatus.PENDING);
        assertThat(index.unfinished()).hasSize(4);
        assertThat(index.runs().get(0).key()).endsWith("/round-1");
        assertThat(index.runs().get(3).key()).endsWith("/round-2");
    }

    @Test
    void withRecords_keepsFinished_rerunsFailedAndInterrupted() {
        SweepIndex index = planned(SPEC, Shard.ALL);
        String first = index.runs().get(0).key();
        String second = index.runs().get(1).key();
        String third = index.runs().get(2).key();
        SweepIndex resumed = index.withRecords(Map.of(
                first, RunRecord.done(first, 3.5),
                second, RunRecord.failed(second, 1.0, "java.lang.OutOfMemoryError: Java heap space"),
                third, new RunRecord(third, RunStatus.RUNNING, java.util.OptionalDouble.empty(), java.util.Optional.empty())));
        assertThat(resumed.runs().get(0).status()).isEqualTo(RunStatus.DONE);
        assertThat(resumed.runs().get(1).status()).isEqualTo(RunStatus.FAILED);
        assertThat(resumed.runs().get(2).status()).isEqualTo(RunStatus.PENDING);
        assertThat(resumed.unfinished()).containsExactly(second, third, index.runs().get(3).key());
        assertThat(resumed.failed()).extracting(RunRecord::reason).containsExactly(java.util.Optional.of("java.lang.OutOfMemoryError: Java heap space"));
        assertThat(resumed.doneCount()).isEqualTo(1);
        assertThat(resumed.measuredSeconds()).containsExactly(Map.entry(first.substring(0, first.indexOf('/')), 3.5));
    }

    @Test
    void json_roundTrips() {
        SweepIndex index = planned(SPEC, new Shard(2, 3));
        String key = index.runs().get(1).key();
        index = index.with(RunRecord.failed(key, 2.25, "timed out after 10m"));
        SweepIndex read = SweepIndex.fromJson(index.toJson(), "index.json");
        assertThat(read.toJson()).isEqualTo(index.toJson());
        assertThat(read.specHash()).isEqualTo(index.specHash());
        assertThat(read.shards()).containsExactly(new Shard(2, 3));
        assertThat(read.configurations().keySet()).containsExactlyElementsOf(index.configurations().keySet());
        assertThat(read.runs()).isEqualTo(index.runs());
        assertThat(index.toJson()).contains("\"specHash\" : \"sha256:").contains("\"status\" : \"failed\"")
                .contains("\"reason\" : \"timed out after 10m\"");
    }

    @Test
    void fromJson_notAnIndex_namesTheFile() {
        assertThatThrownBy(() -> SweepIndex.fromJson("[]", "x/index.json")).hasMessage("x/index.json: not a tokenbench sweep index (schemaVersion 1)");
        assertThatThrownBy(() -> SweepIndex.fromJson("{", "x/index.json")).hasMessageStartingWith("x/index.json: malformed JSON");
    }

    @Test
    void checkSameSweep_changedSpec_isRefusedNamingTheDifference() {
        SweepIndex existing = planned(SPEC, Shard.ALL);
        assertThatCode(() -> existing.checkSameSweep(planned(SPEC.replace("'rounds': 2", "'rounds': 2, 'timeout': '1h'"), Shard.ALL), "out"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> existing.checkSameSweep(planned(SPEC.replace("[1, 2]", "[1, 2, 4]"), Shard.ALL), "out"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("out holds a sweep of a different spec (axes.batchSize: [1,2] -> [1,2,4]); refusing to mix their results:"
                        + " run into a new --out folder, or restore the spec");
        assertThatThrownBy(() -> existing.checkSameSweep(planned(SPEC, new Shard(1, 2)), "out"))
                .hasMessage("out holds shard(s) 1/1 of this spec, not 1/2; run into a new --out folder");
    }
}
