package dev.tokenbench.cli;

import dev.tokenbench.jmh.SummaryRow;
import dev.tokenbench.measure.BenchmarkResult;
import dev.tokenbench.measure.Statistics;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** The terminal summary of a run: one row per result, times in ms, memory in MiB, absent figures as "-". */
final class SummaryTable {

    static final List<String> HEADERS = List.of(
            "framework", "model", "batch", "prompt", "new", "TTFT p50 ms", "TTFT p99 ms", "ITL mean ms", "ITL p99 ms",
            "tokens/s", "peak RSS MiB");

    private SummaryTable() {
    }

    static String render(List<BenchmarkResult> results) {
        TextTable table = new TextTable(HEADERS);
        for (BenchmarkResult result : results) {
            table.addRow(List.of(
                    result.framework().name(),
                    result.workload().model(),
                    Integer.toString(result.workload().batchSize()),
                    result.workload().promptTokens().isPresent() ? Integer.toString(result.workload().promptTokens().getAsInt()) : "-",
                    Integer.toString(result.workload().newTokens()),
                    millis(result.timeToFirstTokenNanos(), Statistics::p50),
                    millis(result.timeToFirstTokenNanos(), Statistics::p99),
                    millis(result.interTokenLatencyNanos(), Statistics::mean),
                    millis(result.interTokenLatencyNanos(), Statistics::p99),
                    rate(result.outputTokensPerSecond()),
                    mebibytes(result.memory().peakRssBytes())));
        }
        return table.render();
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
        return millis.isPresent() ? formatMillis(millis.getAsDouble() * 1e6) : "-";
    }

    static String millis(Optional<Statistics> statistics, java.util.function.ToDoubleFunction<Statistics> figure) {
        return statistics.map(s -> formatMillis(figure.applyAsDouble(s))).orElse("-");
    }

    /** Nanoseconds as milliseconds with three significant decimals for small values. */
    static String formatMillis(double nanos) {
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
