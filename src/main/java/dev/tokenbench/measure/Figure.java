package dev.tokenbench.measure;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Every figure tokenbench reports, each defined once: its label (the secondary-result name in JMH's output and
 * the key in {@code samples.jsonl}'s memory map), its unit, which direction is better, how it merges over
 * iterations and forks, and, for the token-timing figures, how it is computed from {@link TokenSamples}. The
 * definitions are those of the README's "Metric definitions" section. Profilers, the summary table, the report,
 * and anything that compares runs ask this enum; none of them retypes a label or re-derives a figure.
 *
 * <p>Adding a figure is adding a constant here (with its formula when it is computed from samples); readers that
 * show it list it by name.
 */
public enum Figure {
    /** Mean time to first token over sequences. */
    TTFT_MEAN("ttft.mean", Series.TTFT, Figure::mean),
    /** Median time to first token. */
    TTFT_P50("ttft.p50", Series.TTFT, p -> Statistics.percentile(p, 50)),
    /** 90th percentile of time to first token. */
    TTFT_P90("ttft.p90", Series.TTFT, p -> Statistics.percentile(p, 90)),
    /** 99th percentile of time to first token. */
    TTFT_P99("ttft.p99", Series.TTFT, p -> Statistics.percentile(p, 99)),
    /** Mean inter-token latency over the pooled token gaps. */
    ITL_MEAN("itl.mean", Series.ITL, Figure::mean),
    /** Median inter-token latency. */
    ITL_P50("itl.p50", Series.ITL, p -> Statistics.percentile(p, 50)),
    /** 90th percentile of inter-token latency. */
    ITL_P90("itl.p90", Series.ITL, p -> Statistics.percentile(p, 90)),
    /** 99th percentile of inter-token latency. */
    ITL_P99("itl.p99", Series.ITL, p -> Statistics.percentile(p, 99)),
    /** Largest inter-token gap. */
    ITL_MAX("itl.max", Series.ITL, Figure::max),
    /** Mean time per output token over sequences: (E2E - TTFT) / (N - 1). */
    TPOT_MEAN("tpot.mean", Series.TPOT, Figure::mean),
    /** 99th percentile of time per output token over sequences (the MLPerf server limit's statistic). */
    TPOT_P99("tpot.p99", Series.TPOT, p -> Statistics.percentile(p, 99)),
    /** Median end-to-end latency over sequences. */
    E2E_P50("e2e.p50", Series.E2E, p -> Statistics.percentile(p, 50)),
    /** 99th percentile of end-to-end latency. */
    E2E_P99("e2e.p99", Series.E2E, p -> Statistics.percentile(p, 99)),
    /** New tokens of all requests over the sum of their wall times. */
    OUTPUT_TOKENS_PER_SECOND("output.tokens_per_s", TokenSamples::outputTokensPerSecond),
    /** Prompt tokens over the sum of the requests' largest TTFT. */
    PREFILL_TOKENS_PER_SECOND("prefill.tokens_per_s", TokenSamples::prefillTokensPerSecond),
    /** Tokens after the first over the sum of the requests' decode wall times. */
    DECODE_TOKENS_PER_SECOND("decode.tokens_per_s", TokenSamples::decodeTokensPerSecond),
    /** New tokens measured: a count, summed over iterations and forks. */
    TOKENS("tokens", Unit.TOKENS, Direction.NEITHER, Merge.SUM, Optional.of(s -> OptionalDouble.of(s.outputTokens()))),
    /** Requests measured: a count, summed over iterations and forks. */
    REQUESTS("requests", Unit.REQUESTS, Direction.NEITHER, Merge.SUM, Optional.of(s -> OptionalDouble.of(s.requests()))),

    /** The fork's resident-set high-water mark, reset at each iteration's start. */
    PEAK_RSS("rss.peak", Unit.BYTES, Direction.LOWER_IS_BETTER, Merge.MAXIMUM),
    /** The resident-set high-water mark since the fork started, where the kernel could not reset it per iteration. */
    PEAK_RSS_SINCE_FORK_START("rss.peak.since_fork_start", Unit.BYTES, Direction.LOWER_IS_BETTER, Merge.MAXIMUM),
    /** Sum of the JVM heap pools' peak usage, reset per iteration. */
    HEAP_PEAK("heap.peak", Unit.BYTES, Direction.LOWER_IS_BETTER, Merge.MAXIMUM),
    /** Bytes held by the engine's live native tensors at the iteration's end. */
    TENSOR_BYTES("tensor.bytes", Unit.BYTES, Direction.LOWER_IS_BETTER, Merge.MAXIMUM),
    /** GPU memory in use, where the framework exposes it. */
    GPU_BYTES("gpu.bytes", Unit.BYTES, Direction.LOWER_IS_BETTER, Merge.MAXIMUM),

    /** The engine's own prompt-processing time per request (llama.cpp's log), where the engine reports one. */
    ENGINE_PREFILL("engine.prefill_ms", Unit.MILLISECONDS, Direction.LOWER_IS_BETTER, Merge.MEAN),
    /** The engine's own time per generated token (llama.cpp's log), where the engine reports one. */
    ENGINE_ITL("engine.itl_ms", Unit.MILLISECONDS, Direction.LOWER_IS_BETTER, Merge.MEAN),

    /** Output tokens per second per GiB of peak RSS: {@link #memoryEfficiency}, from the merged figures. */
    MEMORY_EFFICIENCY("memory.tokens_per_s_per_gib", Unit.TOKENS_PER_SECOND_PER_GIB, Direction.HIGHER_IS_BETTER, Merge.DERIVED),
    /** Share of generated token ids identical to a reference framework's on the same weights and prompt, 0 to 1. */
    AGREEMENT("agreement", Unit.FRACTION, Direction.HIGHER_IS_BETTER, Merge.ONCE_PER_WORKLOAD),

    /** {@link StepCost#weightBytesPerStep()}: weight bytes one decode step streams, as the engine states it. */
    STEP_WEIGHT_BYTES("step.weight_bytes", Unit.BYTES, Direction.NEITHER, Merge.ENGINE_FACT),
    /** {@link StepCost#kvBytesPerPosition()}: KV-cache bytes one sequence reads per context position and step. */
    STEP_KV_BYTES_PER_POSITION("step.kv_bytes_per_position", Unit.BYTES, Direction.NEITHER, Merge.ENGINE_FACT),
    /** {@link StepCost#flopsPerToken()}: FLOP of the layers' weight products per token, 2 x their parameters. */
    STEP_FLOPS_PER_TOKEN("step.flops_per_token", Unit.FLOP, Direction.NEITHER, Merge.ENGINE_FACT),
    /** {@link StepCost#headFlops()}: FLOP of the output head for one position, 2 x vocab x dim. */
    STEP_HEAD_FLOPS("step.head_flops", Unit.FLOP, Direction.NEITHER, Merge.ENGINE_FACT),
    /** {@link StepCost#attentionFlopsPerPosition()}: attention FLOP of one query against one context position. */
    STEP_ATTENTION_FLOPS_PER_POSITION("step.attention_flops_per_position", Unit.FLOP, Direction.NEITHER, Merge.ENGINE_FACT),
    /** Achieved decode bandwidth: {@link #decodeBytesPerSecond}, from the merged figures. */
    DECODE_BANDWIDTH("decode.bytes_per_s", Unit.BYTES_PER_SECOND, Direction.HIGHER_IS_BETTER, Merge.DERIVED),
    /** {@link #DECODE_BANDWIDTH} over the calibration's streaming bandwidth on the run's thread count. */
    DECODE_SHARE_OF_BANDWIDTH("decode.share_of_bandwidth", Unit.FRACTION, Direction.HIGHER_IS_BETTER, Merge.DERIVED),
    /** Decode tokens/s over the framework's own weight-products tokens/s at the same batch size (its framework limit). */
    DECODE_SHARE_OF_FRAMEWORK_LIMIT("decode.share_of_framework_limit", Unit.FRACTION, Direction.HIGHER_IS_BETTER, Merge.DERIVED),
    /** Achieved prefill FLOP/s: {@link #prefillFlopsPerSecond}, from the merged figures. */
    PREFILL_FLOPS("prefill.flops_per_s", Unit.FLOPS_PER_SECOND, Direction.HIGHER_IS_BETTER, Merge.DERIVED),
    /** {@link #PREFILL_FLOPS} over the calibration's F32 GEMM peak on the run's thread count. */
    PREFILL_SHARE_OF_GEMM_PEAK("prefill.share_of_gemm_peak", Unit.FRACTION, Direction.HIGHER_IS_BETTER, Merge.DERIVED),

    /** Requests whose server-sent events carried several tokens at once, so the chunked-ITL rule spread their times. */
    REQUESTS_CHUNKED("requests.chunked", Unit.REQUESTS, Direction.NEITHER, Merge.SUM),

    /** Load episodes: requests issued over the time from the first issue to the last ({@link LoadSamples#offeredRequestsPerSecond}). */
    LOAD_OFFERED_RATE("load.offered_requests_per_s", Unit.REQUESTS_PER_SECOND, Direction.NEITHER, Merge.PER_EPISODE),
    /** Load episodes: completed requests over the episode's wall time, the achieved rate ({@link LoadSamples#requestsPerSecond}). */
    LOAD_REQUEST_THROUGHPUT("load.requests_per_s", Unit.REQUESTS_PER_SECOND, Direction.HIGHER_IS_BETTER, Merge.PER_EPISODE),
    /** Load episodes: new tokens of completed requests over the episode's wall time ({@link LoadSamples#outputTokensPerSecond}). */
    LOAD_OUTPUT_TOKENS_PER_SECOND("load.output_tokens_per_s", Unit.TOKENS_PER_SECOND, Direction.HIGHER_IS_BETTER, Merge.PER_EPISODE),
    /** Load episodes: requests that failed (an engine error or a wrong token count). */
    LOAD_REQUESTS_FAILED("load.requests_failed", Unit.REQUESTS, Direction.LOWER_IS_BETTER, Merge.PER_EPISODE),
    /** Load episodes: share of issued requests within both SLO limits ({@link Slo#attainment}). */
    SLO_ATTAINMENT("slo.attainment", Unit.FRACTION, Direction.HIGHER_IS_BETTER, Merge.PER_EPISODE),
    /** Load episodes: requests within both SLO limits over the episode's wall time ({@link Slo#goodput}). */
    GOODPUT("goodput.requests_per_s", Unit.REQUESTS_PER_SECOND, Direction.HIGHER_IS_BETTER, Merge.PER_EPISODE);

    /** Which way is better. */
    public enum Direction {
        /** A larger value is better (throughputs, agreement). */
        HIGHER_IS_BETTER,
        /** A smaller value is better (latencies, memory). */
        LOWER_IS_BETTER,
        /** Neither: a count that says how much was measured. */
        NEITHER
    }

    /**
     * The machine limit that a figure scales with, so that runs on two machines can be compared after dividing by it
     * (the gate's {@code --normalize calibration}): a rate over its limit, a time times it.
     */
    public enum Limit {
        /** The machine's streaming bandwidth on the run's threads: decode reads every weight once per step. */
        STREAM_BANDWIDTH,
        /** The machine's F32 GEMM peak on the run's threads: prefill multiplies the prompt's tokens at once. */
        GEMM_PEAK,
        /** Not normalized: memory, counts, engine facts, agreement, and figures already over a limit. */
        NONE
    }

    /** How a figure of several iterations or forks is formed from theirs. */
    public enum Merge {
        /** A statistic (percentile, mean, maximum) of the pooled raw samples of all parts; never an average of parts. */
        STATISTIC_OF_POOLED_SAMPLES,
        /** Summed counts over summed wall times; never a mean of rates. */
        TOTAL_OVER_TOTAL,
        /** The sum of the parts (counts). */
        SUM,
        /** The largest of the parts (peaks). */
        MAXIMUM,
        /** The engine's summed time over its summed count, i.e. the mean per request or token. */
        MEAN,
        /** Computed from other merged figures, never merged itself. */
        DERIVED,
        /** Measured once per workload outside the forks, so never merged. */
        ONCE_PER_WORKLOAD,
        /** A fact the engine states (the same in every iteration of a fork): the largest of the parts. */
        ENGINE_FACT,
        /** Computed from one load episode's request records ({@link LoadSamples}); episodes are never merged. */
        PER_EPISODE
    }

    /** The unit a figure is stored in (times in milliseconds; kept in nanoseconds until then). */
    public enum Unit {
        MILLISECONDS("ms"),
        TOKENS_PER_SECOND("tokens/s"),
        TOKENS("tokens"),
        REQUESTS("requests"),
        REQUESTS_PER_SECOND("requests/s"),
        BYTES("bytes"),
        TOKENS_PER_SECOND_PER_GIB("tokens/s/GiB"),
        FRACTION("fraction"),
        FLOP("FLOP"),
        BYTES_PER_SECOND("bytes/s"),
        FLOPS_PER_SECOND("FLOP/s");

        private final String symbol;

        Unit(String symbol) {
            this.symbol = symbol;
        }

        /** How the unit is written in JMH's output and the reports, e.g. {@code ms}. */
        public String symbol() {
            return symbol;
        }
    }

    /** Unit of every time figure, as written in JMH's output. */
    public static final String MILLISECONDS = Unit.MILLISECONDS.symbol();
    private static final double NANOS_PER_MILLI = 1e6;
    private static final double BYTES_PER_MIB = 1024.0 * 1024;
    private static final double BYTES_PER_GIB = 1024.0 * 1024 * 1024;

    /** A raw sample series of {@link TokenSamples}, in nanoseconds. */
    public enum Series {
        TTFT(s -> toDoubles(s.timeToFirstTokenNanos())),
        ITL(s -> toDoubles(s.interTokenLatencyNanos())),
        TPOT(s -> s.timePerOutputTokenNanos().clone()),
        E2E(s -> toDoubles(s.endToEndNanos()));

        private final Function<TokenSamples, double[]> nanos;

        Series(Function<TokenSamples, double[]> nanos) {
            this.nanos = nanos;
        }

        /** Samples in the series. */
        public int count(TokenSamples samples) {
            return switch (this) {
                case TTFT -> samples.timeToFirstTokenNanos().length;
                case ITL -> samples.interTokenLatencyNanos().length;
                case TPOT -> samples.timePerOutputTokenNanos().length;
                case E2E -> samples.endToEndNanos().length;
            };
        }

        /** The series' samples converted to milliseconds. */
        public double[] millis(TokenSamples samples) {
            double[] values = nanos.apply(samples);
            for (int i = 0; i < values.length; i++) {
                values[i] /= NANOS_PER_MILLI;
            }
            return values;
        }

        private static double[] toDoubles(long[] values) {
            double[] result = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                result[i] = values[i];
            }
            return result;
        }
    }

    private final String label;
    private final Unit unit;
    private final Direction direction;
    private final Merge merge;
    private final Optional<Series> series;
    private final Optional<ToDoubleFunction<double[]>> statistic;
    private final Optional<Function<TokenSamples, OptionalDouble>> total;

    /** A statistic of a sample series (given in sample order, in nanoseconds), in milliseconds, lower is better. */
    Figure(String label, Series series, ToDoubleFunction<double[]> statistic) {
        this.label = label;
        this.unit = Unit.MILLISECONDS;
        this.direction = Direction.LOWER_IS_BETTER;
        this.merge = Merge.STATISTIC_OF_POOLED_SAMPLES;
        this.series = Optional.of(series);
        this.statistic = Optional.of(statistic);
        this.total = Optional.empty();
    }

    /** A throughput in tokens per second, total over total, higher is better. */
    Figure(String label, Function<TokenSamples, OptionalDouble> total) {
        this(label, Unit.TOKENS_PER_SECOND, Direction.HIGHER_IS_BETTER, Merge.TOTAL_OVER_TOTAL, Optional.of(total));
    }

    /** A figure measured or derived outside {@link TokenSamples}. */
    Figure(String label, Unit unit, Direction direction, Merge merge) {
        this(label, unit, direction, merge, Optional.empty());
    }

    Figure(String label, Unit unit, Direction direction, Merge merge, Optional<Function<TokenSamples, OptionalDouble>> total) {
        this.label = label;
        this.unit = unit;
        this.direction = direction;
        this.merge = merge;
        this.series = Optional.empty();
        this.statistic = Optional.empty();
        this.total = total;
    }

    /** The label in JMH's output and in {@code samples.jsonl}, e.g. {@code ttft.p99}. */
    public String label() {
        return label;
    }

    /** The unit as written in JMH's output: {@code ms}, {@code tokens/s}, {@code bytes}... */
    public String unit() {
        return unit.symbol();
    }

    /** The unit of the figure's value. */
    public Unit unitKind() {
        return unit;
    }

    /** Which way is better. */
    public Direction direction() {
        return direction;
    }

    /**
     * The limit this figure is normalized by. Prefill-bound figures (TTFT, prefill tokens/s and FLOP/s, the engine's
     * prefill time) by the GEMM peak; decode-bound ones (ITL, TPOT, decode tokens/s and bytes/s, the engine's time per
     * token) by the streaming bandwidth, and so are output tokens/s, E2E and memory efficiency, which decode dominates
     * whenever the N - 1 decode steps take longer than the prefill (true of every default workload; a long prompt with
     * few new tokens is the exception, and its output tokens/s is then normalized by the wrong limit). Memory, counts,
     * engine facts, agreement and the shares of a limit are not normalized.
     */
    public Limit limit() {
        return switch (this) {
            case TTFT_MEAN, TTFT_P50, TTFT_P90, TTFT_P99, PREFILL_TOKENS_PER_SECOND, ENGINE_PREFILL, PREFILL_FLOPS -> Limit.GEMM_PEAK;
            case ITL_MEAN, ITL_P50, ITL_P90, ITL_P99, ITL_MAX, TPOT_MEAN, TPOT_P99, E2E_P50, E2E_P99, OUTPUT_TOKENS_PER_SECOND,
                 DECODE_TOKENS_PER_SECOND, ENGINE_ITL, MEMORY_EFFICIENCY, DECODE_BANDWIDTH -> Limit.STREAM_BANDWIDTH;
            case TOKENS, REQUESTS, PEAK_RSS, PEAK_RSS_SINCE_FORK_START, HEAP_PEAK, TENSOR_BYTES, GPU_BYTES, AGREEMENT,
                 STEP_WEIGHT_BYTES, STEP_KV_BYTES_PER_POSITION, STEP_FLOPS_PER_TOKEN, STEP_HEAD_FLOPS,
                 STEP_ATTENTION_FLOPS_PER_POSITION, DECODE_SHARE_OF_BANDWIDTH, DECODE_SHARE_OF_FRAMEWORK_LIMIT,
                 PREFILL_SHARE_OF_GEMM_PEAK, REQUESTS_CHUNKED -> Limit.NONE;
            // a load episode's figures are a server's under one load shape, not a fork's: the gate does not read them
            case LOAD_OFFERED_RATE, LOAD_REQUEST_THROUGHPUT, LOAD_OUTPUT_TOKENS_PER_SECOND, LOAD_REQUESTS_FAILED,
                 SLO_ATTAINMENT, GOODPUT -> Limit.NONE;
        };
    }

    /** How the figure of several iterations or forks is formed. */
    public Merge merge() {
        return merge;
    }

    /** Whether the figure is computed from {@link TokenSamples} (the token-timing profiler reports it). */
    public boolean fromTokenSamples() {
        return total.isPresent() || series.isPresent();
    }

    /** The raw sample series the figure is a statistic of; absent for totals, counts and figures not from samples. */
    public Optional<Series> series() {
        return series;
    }

    /** The figure's value in its unit; absent when the samples cannot give it (no streaming, one token) or it is not a token figure. */
    public OptionalDouble valueOf(TokenSamples samples) {
        if (series.isEmpty()) {
            return total.map(t -> t.apply(samples)).orElse(OptionalDouble.empty());
        }
        double[] nanos = series.get().nanos.apply(samples);
        return nanos.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(statistic.orElseThrow().applyAsDouble(nanos) / NANOS_PER_MILLI);
    }

    /** Every token figure the samples can give, reading each series once. */
    public static Map<Figure, Double> valuesOf(TokenSamples samples) {
        Map<Series, double[]> bySeries = new EnumMap<>(Series.class);
        for (Series s : Series.values()) {
            bySeries.put(s, s.nanos.apply(samples));
        }
        Map<Figure, Double> values = new EnumMap<>(Figure.class);
        for (Figure figure : values()) {
            if (figure.series.isPresent()) {
                double[] nanos = bySeries.get(figure.series.get());
                if (nanos.length > 0) {
                    values.put(figure, figure.statistic.orElseThrow().applyAsDouble(nanos) / NANOS_PER_MILLI);
                }
            } else if (figure.total.isPresent()) {
                figure.total.get().apply(samples).ifPresent(v -> values.put(figure, v));
            }
        }
        return values;
    }

    private static double mean(double[] values) {
        return Statistics.mean(values);
    }

    private static double max(double[] values) {
        double max = values[0];
        for (double value : values) {
            max = Math.max(max, value);
        }
        return max;
    }

    /**
     * {@link #MEMORY_EFFICIENCY}: output tokens per second per GiB of peak RSS; absent when the peak is not positive.
     */
    public static OptionalDouble memoryEfficiency(double outputTokensPerSecond, double peakRssBytes) {
        return peakRssBytes <= 0 ? OptionalDouble.empty() : OptionalDouble.of(outputTokensPerSecond / (peakRssBytes / BYTES_PER_GIB));
    }

    /**
     * Output tokens per MiB of peak RSS (the plain API's {@code tokensPerPeakMib}); absent when the peak is not
     * positive.
     */
    public static OptionalDouble tokensPerPeakMib(long outputTokens, double peakRssBytes) {
        return peakRssBytes <= 0 ? OptionalDouble.empty() : OptionalDouble.of(outputTokens / (peakRssBytes / BYTES_PER_MIB));
    }

    /**
     * {@link #DECODE_BANDWIDTH}: bytes read per second of decode, {@code decode tokens/s / batch x}
     * {@link StepCost#decodeBytesPerStep} (decode tokens/s counts every sequence's tokens, so over the batch it is
     * decode steps per second); absent when the rate is not positive.
     */
    public static OptionalDouble decodeBytesPerSecond(double decodeTokensPerSecond, int batch, int promptTokens, int newTokens, StepCost cost) {
        if (!(decodeTokensPerSecond > 0) || batch < 1) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(decodeTokensPerSecond / batch * cost.decodeBytesPerStep(batch, promptTokens, newTokens));
    }

    /**
     * {@link #PREFILL_FLOPS}: FLOP per second of prompt processing, {@code prefill tokens/s x}
     * {@link StepCost#prefillFlopsPerPromptToken}; absent when the rate is not positive.
     */
    public static OptionalDouble prefillFlopsPerSecond(double prefillTokensPerSecond, int promptTokens, StepCost cost) {
        if (!(prefillTokensPerSecond > 0) || promptTokens < 1) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(prefillTokensPerSecond * cost.prefillFlopsPerPromptToken(promptTokens));
    }

    /** A share of a limit, {@code achieved / limit}; absent when the limit is not positive. */
    public static OptionalDouble shareOf(double achieved, double limit) {
        return limit > 0 ? OptionalDouble.of(achieved / limit) : OptionalDouble.empty();
    }

    /** The figure with this label, if any; the {@code ·} prefix of JMH before 1.2x is ignored. */
    public static Optional<Figure> byLabel(String label) {
        String name = label.startsWith("\u00b7") ? label.substring(1) : label;
        for (Figure figure : values()) {
            if (figure.label.equals(name)) {
                return Optional.of(figure);
            }
        }
        return Optional.empty();
    }
}
