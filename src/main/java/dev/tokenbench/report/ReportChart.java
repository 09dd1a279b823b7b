package dev.tokenbench.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * One chart of the report, or the reason it was skipped.
 *
 * @param name    file base name, e.g. {@code throughput-vs-batch}
 * @param title   the chart's title
 * @param caption what the chart shows and any fairness note (series that differ in more than the x axis)
 * @param chart   the XChart chart; absent when skipped
 * @param skipped why there is nothing to plot
 */
public record ReportChart(String name, String title, String caption, Optional<Chart<?, ?>> chart, Optional<String> skipped) {

    public ReportChart {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(chart, "chart");
        Objects.requireNonNull(skipped, "skipped");
    }

    /** A chart that has nothing to plot. */
    static ReportChart skipped(String name, String title, String reason) {
        return new ReportChart(name, title, "", Optional.empty(), Optional.of(reason));
    }

    /** The chart as PNG bytes. */
    public byte[] png() throws IOException {
        return BitmapEncoder.getBitmapBytes(chart.orElseThrow(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** The chart as an SVG document. */
    public byte[] svg() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart.orElseThrow(), out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return out.toByteArray();
    }
}
