package dev.tokenbench.report;

import java.util.List;
import java.util.Optional;

/**
 * A figure of the comparison: where it comes from in JMH's JSON, its unit there, how it is shown, and which
 * direction is better. Values are kept in the JSON's units (times ms, throughputs tokens/s, memory bytes).
 */
public enum Metric {
    TTFT_P50("ttftP50Millis", "TTFT p50", "ms", Direction.LOWER_IS_BETTER, Kind.LATENCY, "ttft.p50"),
    TTFT_P99("ttftP99Millis", "TTFT p99", "ms", Direction.LOWER_IS_BETTER, Kind.LATENCY, "ttft.p99"),
    ITL_MEAN("itlMeanMillis", "ITL mean", "ms", Direction.LOWER_IS_BETTER, Kind.LATENCY, "itl.mean"),
    ITL_P50("itlP50Millis", "ITL p50", "ms", Direction.LOWER_IS_BETTER, Kind.LATENCY, "itl.p50"),
    ITL_P99("itlP99Millis", "ITL p99", "ms", Direction.LOWER_IS_BETTER, Kind.LATENCY, "itl.p99"),
    TPOT_MEAN("tpotMeanMillis", "TPOT mean", "ms", Direction.LOWER_IS_BETTER, Kind.LATENCY, "tpot.mean"),
    OUTPUT_TOKENS_PER_SECOND("outputTokensPerSecond", "output tok/s", "tokens/s", Direction.HIGHER_IS_BETTER, Kind.THROUGHPUT,
            "output.tokens_per_s"),
    PREFILL_TOKENS_PER_SECOND("prefillTokensPerSecond", "prefill tok/s", "tokens/s", Direction.HIGHER_IS_BETTER, Kind.THROUGHPUT,
            "prefill.tokens_per_s"),
    DECODE_TOKENS_PER_SECOND("decodeTokensPerSecond", "decode tok/s", "tokens/s", Direction.HIGHER_IS_BETTER, Kind.THROUGHPUT,
            "decode.tokens_per_s"),
    /** Resident-set high-water mark; {@code rss.peak.since_fork_start} where the kernel could not reset it. */
    PEAK_RSS("peakRssBytes", "peak RSS", "bytes", Direction.LOWER_IS_BETTER, Kind.MEMORY, "rss.peak", "rss.peak.since_fork_start"),
    HEAP_PEAK("heapPeakBytes", "heap peak", "bytes", Direction.LOWER_IS_BETTER, Kind.MEMORY, "heap.peak"),
    /** Output tokens/s per GiB of peak RSS: derived, never read. */
    MEMORY_EFFICIENCY("memoryEfficiencyTokensPerSecondPerGib", "tok/s per GiB", "tokens/s/GiB", Direction.HIGHER_IS_BETTER,
            Kind.THROUGHPUT),
    /** Share of generated token ids identical to a reference framework's, 0 to 1. */
    AGREEMENT("agreement", "agreement", "fraction", Direction.HIGHER_IS_BETTER, Kind.OTHER, "agreement"),
    /** Mean TTFT over sequences: the harness figure set beside the engine's own prefill time. */
    TTFT_MEAN("ttftMeanMillis", "TTFT mean", "ms", Direction.LOWER_IS_BETTER, Kind.LATENCY, "ttft.mean"),
    /** The engine's own prompt-processing time per request (llama.cpp's log), where the engine reports one. */
    ENGINE_PREFILL("enginePrefillMillis", "engine prefill", "ms", Direction.LOWER_IS_BETTER, Kind.LATENCY, "engine.prefill_ms"),
    /** The engine's own time per generated token (llama.cpp's log), where the engine reports one. */
    ENGINE_ITL("engineItlMillis", "engine ITL", "ms", Direction.LOWER_IS_BETTER, Kind.LATENCY, "engine.itl_ms");

    /**
     * Largest relative difference between a harness figure and the engine's own timer for the same span before the
     * report flags it: TTFT mean against engine prefill, ITL mean against engine ITL.
     */
    static final double ENGINE_TIMER_TOLERANCE = 0.10;

    /** Which way is better. */
    public enum Direction { HIGHER_IS_BETTER, LOWER_IS_BETTER }

    /** What the figure is about: chooses the verdict words. */
    public enum Kind { LATENCY, THROUGHPUT, MEMORY, OTHER }

    /** The figures compared against the baseline with a ratio, a confidence interval and a test. */
    public static final List<Metric> COMPARED = List.of(
            OUTPUT_TOKENS_PER_SECOND, TTFT_P50, ITL_MEAN, TPOT_MEAN, PREFILL_TOKENS_PER_SECOND, DECODE_TOKENS_PER_SECOND, PEAK_RSS);

    /** The compared figures shown in the Markdown and HTML verdict tables (all of them are in CSV and JSON). */
    public static final List<Metric> HEADLINE = List.of(OUTPUT_TOKENS_PER_SECOND, TTFT_P50, ITL_MEAN, PEAK_RSS);

    /** Token-timing figures: a JMH file without any of them was not run with tokenbench's profilers. */
    static final List<Metric> TOKEN_FIGURES = List.of(
            TTFT_P50, TTFT_P99, ITL_MEAN, ITL_P50, ITL_P99, TPOT_MEAN, OUTPUT_TOKENS_PER_SECOND, PREFILL_TOKENS_PER_SECOND,
            DECODE_TOKENS_PER_SECOND);

    private final String key;
    private final String title;
    private final String unit;
    private final Direction direction;
    private final Kind kind;
    private final List<String> jmhLabels;

    Metric(String key, String title, String unit, Direction direction, Kind kind, String... jmhLabels) {
        this.key = key;
        this.title = title;
        this.unit = unit;
        this.direction = direction;
        this.kind = kind;
        this.jmhLabels = List.of(jmhLabels);
    }

    /** Field name in the JSON report and column name in the CSV, with the unit in it, e.g. {@code ttftP50Millis}. */
    public String key() {
        return key;
    }

    /** Column title in Markdown and HTML, e.g. {@code TTFT p50}. */
    public String title() {
        return title;
    }

    /** The unit of the stored value: {@code ms}, {@code tokens/s}, {@code bytes}, {@code tokens/s/GiB} or {@code fraction}. */
    public String unit() {
        return unit;
    }

    /** Which way is better. */
    public Direction direction() {
        return direction;
    }

    /** What the figure is about. */
    public Kind kind() {
        return kind;
    }

    /** The unit as shown in tables: memory in MiB, agreement in percent. */
    public String displayUnit() {
        return switch (kind) {
            case MEMORY -> "MiB";
            case OTHER -> "%";
            default -> unit;
        };
    }

    /** The stored value converted to {@link #displayUnit()}. */
    public double toDisplay(double value) {
        return switch (kind) {
            case MEMORY -> value / (1024.0 * 1024.0);
            case OTHER -> value * 100;
            default -> value;
        };
    }

    /** JMH secondary-result labels, preferred first. */
    List<String> jmhLabels() {
        return jmhLabels;
    }

    /** The figure a JMH label names, old {@code ·} prefix removed. */
    static Optional<Metric> byJmhLabel(String label) {
        String name = label.startsWith("\u00b7") ? label.substring(1) : label;
        for (Metric metric : values()) {
            if (metric.jmhLabels.contains(name)) {
                return Optional.of(metric);
            }
        }
        return Optional.empty();
    }

    /** The word for a significant difference in favour of ({@code better}) or against the row. */
    String verdictWord(boolean better) {
        return switch (kind) {
            case MEMORY -> better ? "less memory" : "more memory";
            case OTHER -> better ? "higher" : "lower";
            default -> better ? "faster" : "slower";
        };
    }
}
