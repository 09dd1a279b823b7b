package dev.tokenbench.jmh;

import dev.tokenbench.measure.TokenSamples;
import dev.tokenbench.measure.Figure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.Aggregator;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ResultRole;
import org.openjdk.jmh.util.Statistics;

/**
 * One token-timing figure as a JMH secondary result that carries its raw samples.
 *
 * <p>Aggregation policy: JMH combines the results of threads, iterations and forks through the result's
 * aggregators. Ours merge the {@link TokenSamples} (concatenate samples, add totals) and compute the figure
 * again, the way JMH's own {@code SampleTimeResult} merges its sample buffers. So {@code ttft.p99} over 2 forks
 * x 5 iterations is the 99th percentile of all TTFT samples of those 10 iterations, never a mean of 10
 * percentiles, and {@code output.tokens_per_s} is all tokens over all request time, never a mean of rates.
 * In JMH's JSON, {@code score} is that merged figure and {@code rawData} lists each iteration's own figure.
 *
 * <p>{@code scoreError} is absent (NaN): a percentile or a total has no Student-t error, and the samples
 * within a request are not independent. {@code scorePercentiles} describe the figure's raw series (TTFT, ITL,
 * TPOT or E2E, in ms) with the same percentile definition; for totals and counts they repeat the score.
 */
public final class TokenFigureResult extends Result<TokenFigureResult> {

    private static final long serialVersionUID = 1L;

    private final Figure figure;
    private final TokenSamples samples;
    private final double value;
    private transient Statistics seriesStatistics;

    /**
     * @param figure  which figure
     * @param samples the samples it is computed from
     * @param value   the figure's value for {@code samples}, as {@link Figure#valueOf} gives it
     */
    TokenFigureResult(Figure figure, TokenSamples samples, double value) {
        super(ResultRole.SECONDARY, figure.label(), of(value), figure.unit(), AggregationPolicy.AVG);
        this.figure = figure;
        this.samples = Objects.requireNonNull(samples, "samples");
        this.value = value;
    }

    /**
     * The figure computed from {@code samples}.
     *
     * @throws IllegalArgumentException if the samples cannot give the figure
     */
    public static TokenFigureResult of(Figure figure, TokenSamples samples) {
        double value = figure.valueOf(samples).orElseThrow(
                () -> new IllegalArgumentException(figure.label() + " cannot be computed from " + samples));
        return new TokenFigureResult(figure, samples, value);
    }

    /** One result per figure the samples can give, sharing the samples (JMH sends them to the host once). */
    public static List<TokenFigureResult> allOf(TokenSamples samples) {
        List<TokenFigureResult> results = new ArrayList<>();
        Figure.valuesOf(samples).forEach((figure, value) -> results.add(new TokenFigureResult(figure, samples, value)));
        return results;
    }

    /** Which figure this is. */
    public Figure figure() {
        return figure;
    }

    /** The raw samples behind the figure. */
    public TokenSamples samples() {
        return samples;
    }

    @Override
    public double getScore() {
        return value;
    }

    @Override
    public double getScoreError() {
        return Double.NaN;
    }

    @Override
    public double[] getScoreConfidence() {
        return new double[] {value, value};
    }

    /** Raw samples of the series for time figures, requests measured for totals and counts. */
    @Override
    public long getSampleCount() {
        return figure.series().map(s -> (long) s.count(samples)).orElse(samples.requests());
    }

    @Override
    public Statistics getStatistics() {
        if (seriesStatistics == null) {
            seriesStatistics = figure.series().<Statistics>map(s -> new SampleStatistics(s.millis(samples))).orElse(statistics);
        }
        return seriesStatistics;
    }

    @Override
    public String extendedInfo() {
        String over = figure.series().map(s -> getSampleCount() + " " + s.name() + " samples").orElse(samples.requests() + " requests");
        return String.format(Locale.ROOT, "  %s, from %s merged over iterations and forks%n", this, over);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.3f %s", value, getScoreUnit());
    }

    @Override
    protected Aggregator<TokenFigureResult> getThreadAggregator() {
        return TokenFigureResult::merge;
    }

    @Override
    protected Aggregator<TokenFigureResult> getIterationAggregator() {
        return TokenFigureResult::merge;
    }

    /** Merges the samples of results of one figure and computes the figure again. */
    static TokenFigureResult merge(Collection<TokenFigureResult> results) {
        Figure figure = null;
        List<TokenSamples> parts = new ArrayList<>(results.size());
        for (TokenFigureResult result : results) {
            if (figure != null && figure != result.figure) {
                throw new IllegalStateException("cannot merge " + figure.label() + " with " + result.figure.label());
            }
            figure = result.figure;
            parts.add(result.samples);
        }
        if (figure == null) {
            throw new IllegalArgumentException("nothing to merge: results is empty");
        }
        return of(figure, TokenSamples.merge(parts));
    }
}
