package dev.tokenbench.cli;

import dev.tokenbench.jmh.host.SummaryRow;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** The terminal summary of a JMH run: one row per configuration, times in ms, memory in MiB, absent figures as "-". */
final class SummaryTable {

    private SummaryTable() {
    }

    /** Column headers of a JMH run's summary. */
    static final List<String> ROW_HEADERS = List.of(
            "framework", "model", "precision", "benchmark", "batch", "prompt", "new", "TTFT p50 ms", "TTFT p99 ms", "ITL mean ms",
            "ITL p99 ms", "tokens/s", "peak RSS MiB");

    /** The summary of a JMH run: one line per configuration, figures merged over its iterations and forks. */
    static String renderRows(List<SummaryRow> rows) {
        TextTable table = new TextTable(ROW_HEADERS);
        for (SummaryRow row : rows) {
            table.addRow(List.of(
                    row.framework(), row.model(), row.precision(), row.benchmark().replaceFirst("Benchmark$", ""), row.batchSize(),
                    row.promptTokens(), row.newTokens(),
                    millis(row.ttftP50Millis()), millis(row.ttftP99Millis()), millis(row.itlMeanMillis()), millis(row.itlP99Millis()),
                    rate(row.outputTokensPerSecond()),
                    row.peakRssBytes().isPresent() ? mebibytes(OptionalLong.of((long) row.peakRssBytes().getAsDouble())) : "-"));
        }
        return table.render();
    }

    private static String millis(OptionalDouble millis) {
        return millis.isPresent() ? formatNanosAsMillis(millis.getAsDouble() * 1e6) : "-";
    }

    /** Nanoseconds as milliseconds with three significant decimals for small values. */
    static String formatNanosAsMillis(double nanos) {
        double ms = nanos / 1e6;
        return String.format(Locale.ROOT, ms < 1 ? "%.4f" : ms < 100 ? "%.3f" : "%.1f", ms);
    }

    static String rate(OptionalDouble tokensPerSecond) {
        return tokensPerSecond.isPresent() ? String.format(Locale.ROOT, "%.1f", tokensPerSecond.getAsDouble()) : "-";
    }

    static String mebibytes(OptionalLong bytes) {
        return bytes.isPresent() ? String.format(Locale.ROOT, "%.1f", bytes.getAsLong() / (1024.0 * 1024.0)) : "-";
    }
}
