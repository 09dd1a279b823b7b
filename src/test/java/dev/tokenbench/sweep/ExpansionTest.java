package dev.tokenbench.sweep;

import static dev.tokenbench.sweep.SweepSpecParserTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ExpansionTest {

    private static final Expansion.ValueCheck ACCEPT_ALL = configuration -> { };

    private static List<String> ids(String json) {
        return Expansion.expand(parse(json), ACCEPT_ALL).stream().map(Configuration::id).toList();
    }

    @Test
    void expand_grid_lastAxisFastestWithStableIds() {
        assertThat(ids("{'axes': {'framework': ['djl-pytorch', 'llama.cpp'], 'model': 'tiny', 'batchSize': [1, 8], 'promptTokens': 32}}"))
                .containsExactly(
                        "generation-djl-pytorch-tiny-f32-b1-p32-n64-t1",
                        "generation-djl-pytorch-tiny-f32-b8-p32-n64-t1",
                        "generation-llama.cpp-tiny-f32-b1-p32-n64-t1",
                        "generation-llama.cpp-tiny-f32-b8-p32-n64-t1");
    }

    @Test
    void expand_exclusionAndInclusion_dropAndAdd() {
        assertThat(ids("""
                {'axes': {'framework': ['djl-pytorch', 'llama.cpp'], 'model': ['tiny', 'small'], 'batchSize': [1, 32]},
                 'exclude': [{'model': 'small', 'batchSize': 32}],
                 'include': [{'framework': 'llama.cpp', 'model': 'small', 'precision': 'q8_0', 'batchSize': 1}]}
                """)).containsExactly(
                "generation-djl-pytorch-tiny-f32-b1-p128-n64-t1",
                "generation-djl-pytorch-tiny-f32-b32-p128-n64-t1",
                "generation-djl-pytorch-small-f32-b1-p128-n64-t1",
                "generation-llama.cpp-tiny-f32-b1-p128-n64-t1",
                "generation-llama.cpp-tiny-f32-b32-p128-n64-t1",
                "generation-llama.cpp-small-f32-b1-p128-n64-t1",
                "generation-llama.cpp-small-q8_0-b1-p128-n64-t1");
    }

    @Test
    void expand_inclusionAlreadyInTheGrid_addsNothing() {
        assertThat(ids("{'axes': {'framework': 'fake', 'model': 'zero', 'batchSize': [1, 2]}, 'include': [{'batchSize': 2}]}"))
                .hasSize(2);
    }

    @Test
    void expand_inclusionThatAnExclusionRemoves_isAConflict() {
        assertThatThrownBy(() -> ids("""
                {'axes': {'framework': 'fake', 'model': 'zero', 'batchSize': [1, 2]},
                 'exclude': [{'batchSize': 2}], 'include': [{'batchSize': [2, 4]}]}
                """)).hasMessage("x.json: include[0]: adds generation-fake-zero-f32-b2-p128-n64-t1, which exclude[0] removes: conflicting;"
                + " narrow one of them");
    }

    @Test
    void expand_exclusionOfAValueNotOnTheAxis_neverMatches() {
        assertThatThrownBy(() -> ids("{'axes': {'framework': 'fake', 'model': 'zero', 'batchSize': [1, 2]}, 'exclude': [{'batchSize': 32}]}"))
                .hasMessage("x.json: exclude[0].batchSize: 32 is not a value of axes.batchSize [1, 2], so this exclusion can never match");
    }

    @Test
    void expand_exclusionsThatRemoveEverything_areRefused() {
        assertThatThrownBy(() -> ids("{'axes': {'framework': 'fake', 'model': 'zero', 'batchSize': [1, 2]}, 'exclude': [{'model': 'zero'}]}"))
                .hasMessage("x.json: exclude: the exclusions remove every configuration of the grid");
    }

    @Test
    void expand_valueTheEngineRejects_namesFileKeyAndConfiguration() {
        assertThatThrownBy(() -> Expansion.expand(parse("{'axes': {'framework': 'djl-pytorch', 'model': 'tiny', 'precision': 'q8_0'}}")))
                .isInstanceOf(SweepSpecException.class)
                .hasMessage("x.json: axes: framework djl-pytorch cannot run precision 'q8_0'; valid: f32"
                        + " (configuration generation-djl-pytorch-tiny-q8_0-b1-p128-n64-t1)");
        assertThatThrownBy(() -> Expansion.expand(parse("{'axes': {'framework': 'fake', 'model': 'zero'}, 'include': [{'model': 'huge'}]}")))
                .hasMessageStartingWith("x.json: include[0]: unknown model 'huge' for framework fake; valid: zero, paced,");
    }

    @Test
    void expand_shippedEngines_acceptTheirOwnValues() {
        assertThat(Expansion.expand(parse("{'axes': {'framework': ['djl-pytorch', 'llama.cpp'], 'model': ['tiny', 'small']},"
                + " 'include': [{'framework': 'llama.cpp', 'precision': ['f16', 'q8_0']}]}"))).hasSize(8);
    }

    @Test
    void expand_promptBeyondTheModelsContext_isRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> Expansion.expand(parse("{'axes': {'framework': ['djl-pytorch', 'llama.cpp'], 'model': 'tiny',"
                + " 'promptTokens': [448, 512], 'newTokens': 64}}")))
                .hasMessage("x.json: axes: model tiny has a context of 512 positions: a prompt of 512 tokens and 64 new tokens need 576;"
                        + " use a prompt of at most 448 tokens or fewer new tokens (configuration generation-djl-pytorch-tiny-f32-b1-p512-n64-t1)");
        assertThat(Expansion.expand(parse("{'axes': {'framework': 'fake', 'model': 'tiny', 'promptTokens': 4096}}"))).hasSize(1);
    }

    /** Three ranges of 1000 values: a 200-byte spec asked for 10^9 configurations, and expanding them ran the heap out. */
    @Test
    @Timeout(10)
    void expand_gridBeyondTheLimit_failsBeforeExpanding() {
        assertThatThrownBy(() -> ids("{'axes': {'framework': 'fake', 'model': 'zero', 'batchSize': '1..1000', 'promptTokens': '1..1000',"
                + " 'newTokens': '1..1000'}}"))
                .isInstanceOf(SweepSpecException.class)
                .hasMessageContaining("axes: spans more than " + Expansion.MAX_CONFIGURATIONS + " configurations");
    }

    @Test
    void expand_inclusionBeyondTheLimit_failsNamingIt() {
        assertThatThrownBy(() -> ids("{'axes': {'framework': 'fake', 'model': 'zero'}, 'include': [{'batchSize': '1..1000',"
                + " 'promptTokens': '1..1000'}]}"))
                .isInstanceOf(SweepSpecException.class)
                .hasMessageContaining("include[0]: spans more than " + Expansion.MAX_CONFIGURATIONS + " configurations");
    }
}
