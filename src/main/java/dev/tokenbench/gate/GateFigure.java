package dev.tokenbench.gate;

import dev.tokenbench.measure.Figure;
import java.util.Objects;

/**
 * A figure as the gate sees it: the name thresholds use, how it is shown, and which way is better. Built from the
 * figure's one definition by {@link GateFigures}; the gate never decides a direction itself.
 *
 * @param name           the figure's label, as in JMH's JSON and in {@code --threshold}, e.g. {@code ttft.p50}
 * @param title          the column title, e.g. {@code TTFT p50}
 * @param displayUnit    the unit shown, e.g. {@code ms} or {@code MiB}
 * @param displayScale   multiplier from the stored value to {@link #displayUnit()} (1 for ms, 1/2^20 for bytes to MiB)
 * @param higherIsBetter whether a higher value is better (throughputs), else lower is (times, memory)
 * @param limit          the machine limit {@code --normalize calibration} scales it by ({@link Figure#limit()})
 */
public record GateFigure(String name, String title, String displayUnit, double displayScale, boolean higherIsBetter, Figure.Limit limit) {

    public GateFigure {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(displayUnit, "displayUnit");
    }

    /** The stored value in {@link #displayUnit()}. */
    public double toDisplay(double value) {
        return value * displayScale;
    }
}
