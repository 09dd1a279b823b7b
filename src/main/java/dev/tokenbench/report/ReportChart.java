package dev.tokenbench.report;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * One chart of the report, or the reason it was skipped. A chart is one or more panels (small multiples: one per
 * model, each on its own axes), laid out in a grid of {@code columns} columns.
 *
 * @param name    file base name, e.g. {@code throughput-vs-batch}
 * @param title   the chart's title
 * @param caption what the chart shows and any fairness note (series that differ in more than the x axis)
 * @param panels  the XChart charts, one per panel; empty when skipped
 * @param skipped why there is nothing to plot
 */
public record ReportChart(String name, String title, String caption, List<Chart<?, ?>> panels, Optional<String> skipped) {

    public ReportChart {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(caption, "caption");
        panels = List.copyOf(panels);
        Objects.requireNonNull(skipped, "skipped");
    }

    /** A chart of one panel. */
    ReportChart(String name, String title, String caption, Chart<?, ?> chart) {
        this(name, title, caption, List.of(chart), Optional.empty());
    }

    /** A chart that has nothing to plot. */
    static ReportChart skipped(String name, String title, String reason) {
        return new ReportChart(name, title, "", List.of(), Optional.of(reason));
    }

    /** The first panel (the only one of a single-panel chart), absent when skipped. */
    public Optional<Chart<?, ?>> chart() {
        return panels.isEmpty() ? Optional.empty() : Optional.of(panels.get(0));
    }

    /** Columns of the panel grid: 1 for one panel, 2 for up to four, else 3. */
    public int columns() {
        return panels.size() <= 1 ? 1 : panels.size() <= 4 ? 2 : 3;
    }

    /** The chart as PNG bytes: every panel drawn into its cell of the grid. */
    public byte[] png() throws IOException {
        int[] size = size();
        BufferedImage image = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, size[0], size[1]);
        paint(graphics);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** The chart as an SVG document. */
    public byte[] svg() throws IOException {
        int[] size = size();
        VectorGraphics2D graphics = new VectorGraphics2D();
        paint(graphics);
        Document document = new SVGProcessor().getDocument(graphics.getCommands(), new PageSize(0, 0, size[0], size[1]));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.writeTo(out);
        return out.toByteArray();
    }

    /** Width and height of the grid: the widest panel times the columns, the tallest times the rows. */
    private int[] size() {
        if (panels.isEmpty()) {
            throw new IllegalStateException(name + ": skipped, nothing to draw");
        }
        int width = panels.stream().mapToInt(Chart::getWidth).max().orElseThrow();
        int height = panels.stream().mapToInt(Chart::getHeight).max().orElseThrow();
        int rows = (panels.size() + columns() - 1) / columns();
        return new int[] {width * columns(), height * rows};
    }

    private void paint(Graphics2D graphics) {
        int width = panels.stream().mapToInt(Chart::getWidth).max().orElseThrow();
        int height = panels.stream().mapToInt(Chart::getHeight).max().orElseThrow();
        for (int i = 0; i < panels.size(); i++) {
            AffineTransform saved = graphics.getTransform();
            graphics.translate((i % columns()) * width, (i / columns()) * height);
            Chart<?, ?> panel = panels.get(i);
            panel.paint(graphics, panel.getWidth(), panel.getHeight());
            graphics.setTransform(saved);
        }
    }
}
