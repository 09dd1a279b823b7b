package dev.tokenbench.report;

import dev.tokenbench.measure.Figure;
import java.util.List;
import java.util.Optional;

/**
 * A figure of the comparison: where it comes from in JMH's JSON, its unit there, how it is shown, and which
 * direction is better. Values are kept in the JSON's units (times ms, throughputs tokens/s, memory bytes).
 */
public enum Metric {
    TTFT_P50("ttftP50Millis", "TTFT p50", Kind.LATENCY, Figure.TTFT_P50),
    TTFT_P99("ttftP99Millis", "TTFT p99", Kind.LATENCY, Figure.TTFT_P99),
    ITL_MEAN("itlMeanMillis", "ITL mean", Kind.LATENCY, Figure.ITL_MEAN),
    ITL_P50("itlP50Millis", "ITL p50", Kind.LATENCY, Figure.ITL_P50),
    ITL_P99("itlP99Millis", "ITL p99", Kind.LATENCY, Figure.ITL_P99),
    TPOT_MEAN("tpotMeanMillis", "TPOT mean", Kind.LATENCY, Figure.TPOT_MEAN),
    OUTPUT_TOKENS_PER_SECOND("outputTokensPerSecond", "output tok/s", Kind.THROUGHPUT, Figure.OUTPUT_TOKENS_PER_SECOND),
    PREFILL_TOKENS_PER_SECOND("prefillTokensPerSecond", "prefill tok/s", Kind.THROUGHPUT, Figure.PREFILL_TOKENS_PER_SECOND),
    DECODE_TOKENS_PER_SECOND("decodeTokensPerSecond", "decode tok/s", Kind.THROUGHPUT, Figure.DECODE_TOKENS_PER_SECOND),
    /** Resident-set high-water mark; {@code rss.peak.since_fork_start} where the kernel could not reset it. */
    PEAK_RSS("peakRssBytes", "peak RSS", Kind.MEMORY, Figure.PEAK_RSS, Figure.PEAK_RSS_SINCE_FORK_START),
    HEAP_PEAK("heapPeakBytes", "heap peak", Kind.MEMORY, Figure.HEAP_PEAK),
    /** Output tokens/s per GiB of peak RSS: derived, never read. */
    MEMORY_EFFICIENCY("memoryEfficiencyTokensPerSecondPerGib", "tok/s per GiB", Kind.THROUGHPUT, Figure.MEMORY_EFFICIENCY),
    /** Share of generated token ids identical to a reference framework's, 0 to 1. */
    AGREEMENT("agreement", "agreement", Kind.OTHER, Figure.AGREEMENT),
    /** Mean TTFT over sequences: the harness figure set beside the engine's own prefill time. */
    TTFT_MEAN("ttftMeanMillis", "TTFT mean", Kind.LATENCY, Figure.TTFT_MEAN),
    /** The engine's own prompt-processing time per request (llama.cpp's log), where the engine reports one. */
    ENGINE_PREFILL("enginePrefillMillis", "engine prefill", Kind.LATENCY, Figure.ENGINE_PREFILL),
    /** The engine's own time per generated token (llama.cpp's log), where the engine reports one. */
    ENGINE_ITL("engineItlMillis", "engine ITL", Kind.LATENCY, Figure.ENGINE_ITL),
    /** Weight bytes one decode step streams, as the engine states it. */
    STEP_WEIGHT_BYTES("stepWeightBytes", "step weight bytes", Kind.FACT, Figure.STEP_WEIGHT_BYTES),
    /** KV-cache bytes one sequence reads per context position and step, as the engine states it. */
    STEP_KV_BYTES_PER_POSITION("stepKvBytesPerPosition", "step KV bytes per position", Kind.FACT, Figure.STEP_KV_BYTES_PER_POSITION),
    /** FLOP of the layers' weight products per token, as the engine states it. */
    STEP_FLOPS_PER_TOKEN("stepFlopsPerToken", "step FLOP per token", Kind.FACT, Figure.STEP_FLOPS_PER_TOKEN),
    /** FLOP of the output head for one position, as the engine states it. */
    STEP_HEAD_FLOPS("stepHeadFlops", "step head FLOP", Kind.FACT, Figure.STEP_HEAD_FLOPS),
    /** Attention FLOP of one query against one context position, as the engine states it. */
    STEP_ATTENTION_FLOPS_PER_POSITION("stepAttentionFlopsPerPosition", "step attention FLOP per position", Kind.FACT,
            Figure.STEP_ATTENTION_FLOPS_PER_POSITION),
    /** Achieved decode bandwidth (weights and KV cache read per step x steps / decode time): derived, never read. */
    DECODE_BANDWIDTH("decodeBytesPerSecond", "decode bandwidth", Kind.RATE, Figure.DECODE_BANDWIDTH),
    /** Achieved decode bandwidth over the machine's streaming bandwidth (calibration). */
    DECODE_SHARE_OF_BANDWIDTH("decodeShareOfBandwidth", "decode / bandwidth", Kind.SHARE, Figure.DECODE_SHARE_OF_BANDWIDTH),
    /** Decode tokens/s over the framework's own weight-products tokens/s at the batch size (calibration). */
    DECODE_SHARE_OF_FRAMEWORK_LIMIT("decodeShareOfFrameworkLimit", "decode / framework limit", Kind.SHARE,
            Figure.DECODE_SHARE_OF_FRAMEWORK_LIMIT),
    /** Achieved prefill FLOP/s ((2 x parameters + attention) per prompt token x prefill tokens/s): derived, never read. */
    PREFILL_FLOPS("prefillFlopsPerSecond", "prefill compute", Kind.RATE, Figure.PREFILL_FLOPS),
    /** Achieved prefill FLOP/s over the machine's F32 GEMM peak (calibration). */
    PREFILL_SHARE_OF_GEMM_PEAK("prefillShareOfGemmPeak", "prefill / GEMM peak", Kind.SHARE, Figure.PREFILL_SHARE_OF_GEMM_PEAK),
    /** Requests whose server-sent events carried several tokens at once: their ITL follows the chunked-ITL rule. */
    REQUESTS_CHUNKED("requestsChunked", "requests chunked", Kind.FACT, Figure.REQUESTS_CHUNKED);

    /** The roofline figures shown in the Markdown and HTML tables when some row has them. */
    public static final List<Metric> ROOFLINE = List.of(
            DECODE_BANDWIDTH, DECODE_SHARE_OF_BANDWIDTH, DECODE_SHARE_OF_FRAMEWORK_LIMIT, PREFILL_FLOPS, PREFILL_SHARE_OF_GEMM_PEAK);

    /**
     * Largest relative difference between a harness figure and the engine's own timer for the same span before the
     * report flags it: TTFT mean against engine prefill, ITL mean against engine ITL.
     */
    static final double ENGINE_TIMER_TOLERANCE = 0.10;

    /**
     * What the figure is about: chooses the verdict words and the display unit. {@code RATE}: bytes/s or FLOP/s,
     * shown in GB/s or GFLOP/s (1 G = 1e9); {@code SHARE}: a fraction of a limit, shown in percent; {@code FACT}: an
     * engine's stated constant, shown as stored.
     */
    public enum Kind { LATENCY, THROUGHPUT, MEMORY, OTHER, RATE, SHARE, FACT }

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
    private final Kind kind;
    private final List<Figure> figures;

    /** @param figures the figure shown and, after it, the figures read in its place when it is absent */
    Metric(String key, String title, Kind kind, Figure... figures) {
        this.key = key;
        this.title = title;
        this.kind = kind;
        this.figures = List.of(figures);
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
        return figure().unit();
    }

    /** The figure shown, whose definition (label, unit, direction) this is. */
    public Figure figure() {
        return figures.get(0);
    }

    /** Which way is better. */
    public Figure.Direction direction() {
        return figure().direction();
    }

    /** What the figure is about. */
    public Kind kind() {
        return kind;
    }

    /** The unit as shown in tables: memory in MiB, agreement and shares in percent, rates in GB/s or GFLOP/s. */
    public String displayUnit() {
        return switch (kind) {
            case MEMORY -> "MiB";
            case OTHER, SHARE -> "%";
            case RATE -> figure().unitKind() == Figure.Unit.BYTES_PER_SECOND ? "GB/s" : "GFLOP/s";
            default -> unit();
        };
    }

    /** The stored value converted to {@link #displayUnit()}. */
    public double toDisplay(double value) {
        return switch (kind) {
            case MEMORY -> value / (1024.0 * 1024.0);
            case OTHER, SHARE -> value * 100;
            case RATE -> value / 1e9;
            default -> value;
        };
    }

    /** The figures read for this metric, preferred first. */
    List<Figure> figures() {
        return figures;
    }

    /** The metric that shows this figure (preferred or in its place), if any. */
    static Optional<Metric> of(Figure figure) {
        for (Metric metric : values()) {
            if (metric.figures.contains(figure)) {
                return Optional.of(metric);
            }
        }
        return Optional.empty();
    }

    /** The metric a JMH label names, old {@code ·} prefix removed. */
    static Optional<Metric> byJmhLabel(String label) {
        return Figure.byLabel(label).flatMap(Metric::of);
    }

    /** The word for a significant difference in favour of ({@code better}) or against the row. */
    String verdictWord(boolean better) {
        return switch (kind) {
            case MEMORY -> better ? "less memory" : "more memory";
            case OTHER, SHARE, RATE, FACT -> better ? "higher" : "lower";
            default -> better ? "faster" : "slower";
        };
    }
}
