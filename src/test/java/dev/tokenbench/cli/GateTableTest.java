package dev.tokenbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenbench.gate.GateFixtures;
import org.junit.jupiter.api.Test;

class GateTableTest {

    @Test
    void render_mixedResult_matchesGolden() throws Exception {
        String table = GateTable.render(GateFixtures.mixedResult()).replace(System.lineSeparator(), "\n");

        GateFixtures.assertGolden("gate-terminal.txt", table);
        assertThat(table).endsWith("gate FAILED: 1 regression, 1 improvement, 4 pass, 2 inconclusive; 1 workload missing; 1 new\n");
    }
}
