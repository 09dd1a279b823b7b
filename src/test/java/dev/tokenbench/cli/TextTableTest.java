package dev.tokenbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void render_alignsFirstColumnLeftAndOthersRight() {
        TextTable table = new TextTable(List.of("framework", "tokens/s"));
        table.addRow(List.of("fake", "12.5"));
        table.addRow(List.of("djl-pytorch", "1234.0"));

        String nl = System.lineSeparator();
        assertThat(table.render()).isEqualTo(
                "framework    tokens/s" + nl
                + "-----------  --------" + nl
                + "fake             12.5" + nl
                + "djl-pytorch    1234.0" + nl);
    }

    @Test
    void addRow_wrongCellCount_throws() {
        TextTable table = new TextTable(List.of("a", "b"));
        assertThatThrownBy(() -> table.addRow(List.of("x"))).hasMessage("row has 1 cells, the table has 2 columns");
    }

    @Test
    void formatNanosAsMillis_scalesDecimalsWithMagnitude() {
        assertThat(SummaryTable.formatNanosAsMillis(12_345)).isEqualTo("0.0123");
        assertThat(SummaryTable.formatNanosAsMillis(26_400_000)).isEqualTo("26.400");
        assertThat(SummaryTable.formatNanosAsMillis(1_234_500_000)).isEqualTo("1234.5");
    }
}
