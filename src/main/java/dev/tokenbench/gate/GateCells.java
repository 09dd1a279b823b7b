package dev.tokenbench.gate;

import dev.tokenbench.report.Formats;
import dev.tokenbench.report.RatioTest;
import java.util.OptionalDouble;

/**
 * The text of each cell of a gate row, shared by the terminal table, Markdown and the JUnit and benchmark exports so
 * that they always agree. Locale-independent, so outputs are byte-stable.
 */
public final class GateCells {

    private GateCells() {
    }

    /** Figure title with its display unit, e.g. {@code TTFT p50 (ms)}. */
    public static String figure(GateFigure figure) {
        return figure.title() + " (" + figure.displayUnit() + ")";
    }

    /** The baseline's mean in the display unit, or {@code -}. */
    public static String baseline(GateRow row) {
        return display(row.figure(), row.baselineMean());
    }

    /** The current's mean in the display unit, or {@code -}. */
    public static String current(GateRow row) {
        return display(row.figure(), row.currentMean());
    }

    /** The ratio current / baseline, e.g. {@code 1.2x}, or {@code -}. */
    public static String ratio(GateRow row) {
        if (row.test().isEmpty() || !Double.isFinite(row.test().get().ratio())) {
            return Formats.ABSENT;
        }
        return Formats.human(row.test().get().ratio()) + "x";
    }

    /** The ratio's interval at {@code 1 - alpha}, e.g. {@code [1.1, 1.3]}; {@code unbounded}, or {@code -} when untested. */
    public static String interval(GateRow row) {
        if (row.test().isEmpty() || !row.test().get().tested()) {
            return Formats.ABSENT;
        }
        RatioTest test = row.test().get();
        if (test.lower().isEmpty() || test.upper().isEmpty()) {
            return "unbounded";
        }
        return "[" + Formats.human(test.lower().getAsDouble()) + ", " + Formats.human(test.upper().getAsDouble()) + "]";
    }

    /** The p-value, e.g. {@code p=0.012} or {@code p<0.0001}; {@code p -} when untested. */
    public static String pValue(GateRow row) {
        return Formats.pValue(row.test().map(RatioTest::pValue).orElse(OptionalDouble.empty()));
    }

    /** The threshold, e.g. {@code 10%}. */
    public static String threshold(GateRow row) {
        return Formats.human(row.thresholdPercent()) + "%";
    }

    /** The interval's confidence in percent, e.g. {@code 99%}, from alpha. */
    public static String confidence(GateSettings settings) {
        return Formats.human(100 * (1 - settings.alpha())) + "%";
    }

    /** The method in one sentence, for the head of every output. */
    public static String method(GateResult result) {
        return "Test: " + result.design().description() + ", alpha " + Formats.human(result.settings().alpha()) + " (intervals at "
                + confidence(result.settings()) + "); a regression is significant and worse than its threshold; at least "
                + result.settings().minReplicates() + " replicates." + result.normalization().map(text -> " " + text).orElse("");
    }

    private static String display(GateFigure figure, OptionalDouble value) {
        return value.isPresent() ? Formats.human(figure.toDisplay(value.getAsDouble())) : Formats.ABSENT;
    }
}
