package dev.tokenbench.cli;

import dev.tokenbench.gate.GateCells;
import dev.tokenbench.gate.GateResult;
import dev.tokenbench.gate.GateRow;
import dev.tokenbench.gate.GateVerdict;
import java.util.List;

/** The gate's result for a terminal: the method, one table row per workload and figure, the reasons of what did not pass, the verdict. */
final class GateTable {

    private GateTable() {
    }

    static String render(GateResult result) {
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder();
        text.append(GateCells.method(result)).append(nl).append(nl);
        TextTable table = new TextTable(List.of("workload", "figure", "baseline", "current", "ratio",
                GateCells.confidence(result.settings()) + " interval", "p", "threshold", "verdict"));
        for (GateRow row : result.rows()) {
            table.addRow(List.of(row.workload(), GateCells.figure(row.figure()), GateCells.baseline(row), GateCells.current(row),
                    GateCells.ratio(row), GateCells.interval(row), GateCells.pValue(row), GateCells.threshold(row), row.verdict().word()));
        }
        text.append(table.render());
        boolean reasons = false;
        for (GateRow row : result.rows()) {
            if (!(row.verdict() instanceof GateVerdict.Pass)) {
                if (!reasons) {
                    text.append(nl);
                    reasons = true;
                }
                text.append(row.verdict().word()).append(": ").append(row.workload()).append(", ").append(row.figure().name())
                        .append(": ").append(row.verdict().reason()).append(nl);
            }
        }
        if (!result.missingWorkloads().isEmpty()) {
            text.append(nl).append(result.missingFails() ? "missing from the current run (fails the gate; --allow-missing accepts it): "
                    : "missing from the current run (allowed): ").append(String.join("; ", result.missingWorkloads())).append(nl);
        }
        if (!result.newWorkloads().isEmpty()) {
            text.append(nl).append("new in the current run (not compared): ").append(String.join("; ", result.newWorkloads())).append(nl);
        }
        text.append(nl).append(result.summary()).append(nl);
        return text.toString();
    }
}
