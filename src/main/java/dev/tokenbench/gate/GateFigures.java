package dev.tokenbench.gate;

import dev.tokenbench.measure.Figure;
import dev.tokenbench.report.Metric;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The figures the gate can gate: every figure the report shows ({@link Metric}), named by the label of its one
 * definition ({@link Figure#label()}) and taking its direction from there. The only class of the gate that knows where
 * figures are defined.
 */
public final class GateFigures {

    /** Gated whatever the user names: what a generation costs in speed (throughput, first token, per token) and memory. */
    private static final List<Metric> DEFAULTS = List.of(Metric.OUTPUT_TOKENS_PER_SECOND, Metric.TTFT_P50, Metric.ITL_MEAN, Metric.PEAK_RSS);

    private static final Map<Metric, GateFigure> BY_METRIC;
    private static final Map<String, GateFigure> BY_NAME;

    static {
        Map<Metric, GateFigure> byMetric = new EnumMap<>(Metric.class);
        Map<String, GateFigure> byName = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            Figure definition = metric.figure();
            if (definition.direction() == Figure.Direction.NEITHER) {
                continue;
            }
            double scale = metric.toDisplay(1.0);
            GateFigure figure = new GateFigure(definition.label(), metric.title(), metric.displayUnit(), scale,
                    definition.direction() == Figure.Direction.HIGHER_IS_BETTER, definition.limit());
            byMetric.put(metric, figure);
            byName.put(figure.name(), figure);
        }
        BY_METRIC = Collections.unmodifiableMap(byMetric);
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    private GateFigures() {
    }

    /** The figure named {@code name} ({@code ttft.p50}, {@code rss.peak}, ...). */
    public static Optional<GateFigure> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The gate's view of a report figure; empty for a figure without a direction (a count). */
    public static Optional<GateFigure> of(Metric metric) {
        return Optional.ofNullable(BY_METRIC.get(metric));
    }

    /** Every gateable figure's name, in definition order: for error messages. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The figures gated by default: output tokens/s, TTFT p50, ITL mean, peak RSS. */
    public static List<GateFigure> defaults() {
        List<GateFigure> figures = new ArrayList<>();
        for (Metric metric : DEFAULTS) {
            figures.add(BY_METRIC.get(metric));
        }
        return List.copyOf(figures);
    }
}
