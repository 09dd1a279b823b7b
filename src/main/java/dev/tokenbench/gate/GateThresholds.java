package dev.tokenbench.gate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How much worse each gated figure may get before a significant change counts: a percentage of the baseline's value
 * per figure. A threshold of 10 on a lower-is-better figure (TTFT) flags a current/baseline ratio above 1.10; on a
 * higher-is-better figure (tokens/s) a ratio below 0.90. The default figures are always gated; {@code --threshold}
 * replaces a default's threshold or adds a figure.
 */
public final class GateThresholds {

    /**
     * The default threshold of each default figure, in percent: the smallest change worth failing a change for, not a
     * noise margin (the test at alpha keeps noise from raising alarms). 5% for every default figure. The ratio compared
     * with the threshold is the point estimate, so a true change exactly at the threshold is flagged about half the
     * time: finding 10% slowdowns 9 times in 10 needs a threshold well below 10% and per-round ratios that vary by
     * about 6% or less over 10 rounds (the README's "CI performance gates" gives the simulation and the campaign). 5%
     * for peak RSS too, whose per-round ratios varied by about 1% in the campaign.
     */
    static final Map<String, Double> DEFAULT_PERCENT = defaults();

    private final Map<GateFigure, Double> percentByFigure;

    private GateThresholds(Map<GateFigure, Double> percentByFigure) {
        this.percentByFigure = Collections.unmodifiableMap(new LinkedHashMap<>(percentByFigure));
    }

    private static Map<String, Double> defaults() {
        Map<String, Double> percent = new LinkedHashMap<>();
        percent.put("output.tokens_per_s", 5.0);
        percent.put("ttft.p50", 5.0);
        percent.put("itl.mean", 5.0);
        percent.put("rss.peak", 5.0);
        return Collections.unmodifiableMap(percent);
    }

    /** The default figures with their default thresholds. */
    public static GateThresholds defaultThresholds() {
        Map<GateFigure, Double> percent = new LinkedHashMap<>();
        for (GateFigure figure : GateFigures.defaults()) {
            percent.put(figure, DEFAULT_PERCENT.get(figure.name()));
        }
        return new GateThresholds(percent);
    }

    /**
     * The defaults with each {@code FIGURE=PERCENT} applied, in order.
     *
     * @throws GateInputException naming the first malformed value: not {@code NAME=NUMBER}, an unknown figure, a
     *         percentage outside [0, 100), or a figure given twice
     */
    public static GateThresholds parse(List<String> specs) throws GateInputException {
        Map<GateFigure, Double> percent = new LinkedHashMap<>(defaultThresholds().percentByFigure);
        Map<String, String> seen = new LinkedHashMap<>();
        for (String spec : specs) {
            String prefix = "--threshold " + spec + ": ";
            int equals = spec.indexOf('=');
            if (equals <= 0 || equals == spec.length() - 1) {
                throw new GateInputException(prefix + "expected FIGURE=PERCENT, e.g. ttft.p50=10");
            }
            String name = spec.substring(0, equals).trim();
            String number = spec.substring(equals + 1).trim();
            GateFigure figure = GateFigures.byName(name).orElseThrow(() -> new GateInputException(
                    prefix + "unknown figure " + name + "; one of " + String.join(", ", GateFigures.names())));
            double value;
            try {
                value = Double.parseDouble(number);
            } catch (NumberFormatException e) {
                throw new GateInputException(prefix + number + " is not a number; give a percentage, e.g. " + name + "=10");
            }
            if (!(value >= 0 && value < 100)) {
                throw new GateInputException(prefix + "the threshold is a percentage from 0 (any significant change) to below 100, e.g. "
                        + name + "=10");
            }
            String earlier = seen.put(name, spec);
            if (earlier != null) {
                throw new GateInputException(prefix + name + " is already given as " + earlier + "; give each figure once");
            }
            percent.put(figure, value);
        }
        return new GateThresholds(percent);
    }

    /** The gated figures, defaults first, in order. */
    public List<GateFigure> figures() {
        return List.copyOf(percentByFigure.keySet());
    }

    /** The threshold of a gated figure, in percent. */
    public double percent(GateFigure figure) {
        Double value = percentByFigure.get(Objects.requireNonNull(figure, "figure"));
        if (value == null) {
            throw new IllegalArgumentException(figure.name() + " is not gated");
        }
        return value;
    }

    /** Whether {@code ratio} (current / baseline) is worse than the threshold allows. */
    public boolean beyondInBadDirection(GateFigure figure, double ratio) {
        double limit = percent(figure) / 100;
        return figure.higherIsBetter() ? ratio < 1 - limit : ratio > 1 + limit;
    }

    /** Whether {@code ratio} is better by more than the threshold. */
    public boolean beyondInGoodDirection(GateFigure figure, double ratio) {
        double limit = percent(figure) / 100;
        return figure.higherIsBetter() ? ratio > 1 + limit : ratio < 1 - limit;
    }
}
