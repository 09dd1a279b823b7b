package dev.tokenbench.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Service-level objectives of a load episode: a limit on TTFT and one on TPOT, and the percentile at which an
 * episode must keep both (MLPerf Inference's server scenario: the 99th percentile).
 *
 * <p>Two uses, both defined in {@code docs/metrics.md}: per request, a request is <em>within the SLOs</em> when it
 * completed with TTFT at most the TTFT limit and (for more than one new token) TPOT at most the TPOT limit, which
 * gives {@link #attainment} and {@link #goodput}; per episode, the episode <em>meets the SLOs</em> when every request
 * completed and the {@code percentile}-th percentiles of TTFT and TPOT over its requests are within the limits
 * (MLPerf's rule), which is what a rate sweep asks of each rate.
 *
 * @param name            the preset's name, or {@code custom}
 * @param ttftLimitNanos  the TTFT limit, nanoseconds, at least 1
 * @param tpotLimitNanos  the TPOT limit, nanoseconds, at least 1
 * @param percentile      the percentile an episode's TTFT and TPOT must keep within the limits, in (0, 100]
 */
public record Slo(String name, long ttftLimitNanos, long tpotLimitNanos, double percentile) {

    /** MLPerf Inference's Llama-2-70B server scenario: p99 TTFT 2 s, p99 TPOT 200 ms. */
    public static final Slo MLPERF_LLAMA2_70B = new Slo("mlperf-llama2-70b", 2_000_000_000L, 200_000_000L, 99);

    /** Presets by name. */
    public static final Map<String, Slo> PRESETS = Map.of(MLPERF_LLAMA2_70B.name, MLPERF_LLAMA2_70B);

    private static final String FORM = "a preset (" + String.join(", ", PRESETS.keySet()) + ") or ttft=DURATION,tpot=DURATION[,percentile=P],"
            + " e.g. ttft=500ms,tpot=50ms,percentile=99";

    public Slo {
        if (ttftLimitNanos < 1 || tpotLimitNanos < 1 || !(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("SLO limits must be positive and the percentile in (0, 100], were " + ttftLimitNanos + " ns, "
                    + tpotLimitNanos + " ns, " + percentile);
        }
    }

    /**
     * A preset name or {@code ttft=2s,tpot=200ms[,percentile=99]} (durations in {@code us}, {@code ms} or {@code s}).
     *
     * @throws IllegalArgumentException one line naming {@code option}, the bad field and the form
     */
    public static Slo parse(String option, String text) {
        Slo preset = PRESETS.get(text.strip());
        if (preset != null) {
            return preset;
        }
        long ttft = -1;
        long tpot = -1;
        double percentile = 99;
        for (String pair : text.split(",", -1)) {
            String[] keyValue = pair.split("=", 2);
            String key = keyValue[0].strip();
            if (keyValue.length != 2) {
                throw new IllegalArgumentException(option + ": '" + pair.strip() + "' is not a preset or key=value; use " + FORM);
            }
            String value = keyValue[1].strip();
            switch (key) {
                case "ttft" -> ttft = duration(option, key, value);
                case "tpot" -> tpot = duration(option, key, value);
                case "percentile" -> {
                    try {
                        percentile = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        percentile = Double.NaN;
                    }
                    if (!(percentile > 0 && percentile <= 100)) {
                        throw new IllegalArgumentException(option + ": percentile must be a number in (0, 100], was '" + value + "'; e.g. percentile=99");
                    }
                }
                default -> throw new IllegalArgumentException(option + ": unknown field '" + key + "'; use " + FORM);
            }
        }
        if (ttft < 0 || tpot < 0) {
            throw new IllegalArgumentException(option + ": both ttft and tpot limits are required; use " + FORM);
        }
        return new Slo("custom", ttft, tpot, percentile);
    }

    private static long duration(String option, String key, String value) {
        String text = value.toLowerCase(Locale.ROOT);
        long scale;
        String number;
        if (text.endsWith("us")) {
            scale = 1_000L;
            number = text.substring(0, text.length() - 2);
        } else if (text.endsWith("ms")) {
            scale = 1_000_000L;
            number = text.substring(0, text.length() - 2);
        } else if (text.endsWith("s")) {
            scale = 1_000_000_000L;
            number = text.substring(0, text.length() - 1);
        } else {
            number = null;
            scale = 0;
        }
        double amount;
        try {
            amount = number == null ? Double.NaN : Double.parseDouble(number);
        } catch (NumberFormatException e) {
            amount = Double.NaN;
        }
        long nanos = Math.round(amount * scale);
        if (!(amount > 0) || nanos < 1 || Double.isInfinite(amount)) {
            throw new IllegalArgumentException(option + ": " + key + " must be a positive duration such as 200ms, 2s or 500us, was '" + value + "'");
        }
        return nanos;
    }

    /** Whether a request completed within both limits (TPOT only counts for more than one new token). */
    public boolean withinLimits(RequestRecord request) {
        if (!request.completed() || request.timeToFirstTokenNanos() < 0 || request.timeToFirstTokenNanos() > ttftLimitNanos) {
            return false;
        }
        double tpot = request.timePerOutputTokenNanos();
        return Double.isNaN(tpot) || tpot <= tpotLimitNanos;
    }

    /** Requests within both limits. */
    public long requestsWithinLimits(LoadSamples samples) {
        return samples.requests().stream().filter(this::withinLimits).count();
    }

    /** {@link Figure#SLO_ATTAINMENT}: requests within both limits / requests issued (a failed request misses); absent with none issued. */
    public OptionalDouble attainment(LoadSamples samples) {
        int issued = samples.requests().size();
        return issued == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) requestsWithinLimits(samples) / issued);
    }

    /** {@link Figure#GOODPUT}: requests within both limits / the episode's wall time; absent when no time passed. */
    public OptionalDouble goodput(LoadSamples samples) {
        return samples.perSecond(requestsWithinLimits(samples));
    }

    /** The {@link #percentile}-th percentile of the completed requests' TTFT, nanoseconds; absent when none completed. */
    public OptionalDouble ttftAtPercentile(LoadSamples samples) {
        List<Double> values = new ArrayList<>();
        for (RequestRecord r : samples.requests()) {
            if (r.completed()) {
                values.add((double) r.timeToFirstTokenNanos());
            }
        }
        return percentileOf(values);
    }

    /** The {@link #percentile}-th percentile of the completed requests' TPOT, nanoseconds; absent when none has two tokens. */
    public OptionalDouble tpotAtPercentile(LoadSamples samples) {
        List<Double> values = new ArrayList<>();
        for (RequestRecord r : samples.requests()) {
            if (r.completed() && !Double.isNaN(r.timePerOutputTokenNanos())) {
                values.add(r.timePerOutputTokenNanos());
            }
        }
        return percentileOf(values);
    }

    private OptionalDouble percentileOf(List<Double> values) {
        if (values.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Statistics.percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), percentile));
    }

    /**
     * Whether the episode meets the SLOs (MLPerf's rule): at least one request, none failed, and the
     * {@link #percentile}-th percentiles of TTFT and of TPOT within their limits.
     */
    public boolean met(LoadSamples samples) {
        if (samples.requests().isEmpty() || samples.failedRequests() > 0) {
            return false;
        }
        OptionalDouble ttft = ttftAtPercentile(samples);
        OptionalDouble tpot = tpotAtPercentile(samples);
        return ttft.isPresent() && ttft.getAsDouble() <= ttftLimitNanos && (tpot.isEmpty() || tpot.getAsDouble() <= tpotLimitNanos);
    }

    /** As the reports write it: {@code mlperf-llama2-70b (p99 TTFT <= 2000 ms, p99 TPOT <= 200 ms)}. */
    public String describe() {
        String p = percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
        return String.format(Locale.ROOT, "%s (p%s TTFT <= %s ms, p%s TPOT <= %s ms)", name, p, millis(ttftLimitNanos), p, millis(tpotLimitNanos));
    }

    private static String millis(long nanos) {
        double ms = nanos / 1e6;
        return ms == Math.rint(ms) ? Long.toString((long) ms) : Double.toString(ms);
    }
}
