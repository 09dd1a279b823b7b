package dev.tokenbench.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * The current run's gated figures in github-action-benchmark's custom formats, one file per direction so that no
 * figure's direction is inverted: {@code customBiggerIsBetter} holds the throughputs, {@code customSmallerIsBetter}
 * the times and memory. Each entry is {@code {name, unit, value, extra}}: name {@code workload / figure}, the current
 * mean in the display unit, and in {@code extra} the baseline, ratio, interval, p-value and verdict.
 */
public final class GateBenchmarkExport {

    /** File name of the higher-is-better entries, as the action's {@code tool} option names the format. */
    public static final String BIGGER_IS_BETTER_FILE = "customBiggerIsBetter.json";
    /** File name of the lower-is-better entries. */
    public static final String SMALLER_IS_BETTER_FILE = "customSmallerIsBetter.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GateBenchmarkExport() {
    }

    /**
     * The entries of one direction, as a JSON array; rows without a current value are left out.
     *
     * @param biggerIsBetter true for {@code customBiggerIsBetter}, false for {@code customSmallerIsBetter}
     */
    public static String render(GateResult result, boolean biggerIsBetter) {
        ArrayNode entries = JSON.createArrayNode();
        for (GateRow row : result.rows()) {
            if (row.figure().higherIsBetter() != biggerIsBetter || row.currentMean().isEmpty()) {
                continue;
            }
            ObjectNode entry = entries.addObject();
            entry.put("name", row.workload() + " / " + row.figure().name());
            entry.put("unit", row.figure().displayUnit());
            entry.put("value", row.figure().toDisplay(row.currentMean().getAsDouble()));
            entry.put("extra", "baseline " + GateCells.baseline(row) + ", ratio " + GateCells.ratio(row) + " "
                    + GateCells.interval(row) + ", " + GateCells.pValue(row) + ", threshold " + GateCells.threshold(row) + ": "
                    + row.verdict().word());
        }
        try {
            return JSON.writeValueAsString(entries) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
