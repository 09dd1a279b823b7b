package dev.tokenbench.report;

import dev.tokenbench.measure.RunFolder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** An output of {@code report}, by its {@code --format} name. */
public enum ReportFormat {
    /** {@code report.md}: GitHub-flavoured Markdown. */
    MARKDOWN("md", RunFolder.reportFileName("md")),
    /** {@code report.html}: one self-contained HTML file with the charts embedded. */
    HTML("html", RunFolder.reportFileName("html")),
    /** {@code report.csv}: one row per workload x framework, every figure a column. */
    CSV("csv", RunFolder.reportFileName("csv")),
    /** {@code report.json}: the comparison, versioned schema. */
    JSON("json", RunFolder.reportFileName("json")),
    /** {@code charts/*.png}. */
    PNG("png", RunFolder.CHARTS_FOLDER),
    /** {@code charts/*.svg}. */
    SVG("svg", RunFolder.CHARTS_FOLDER);

    private final String option;
    private final String fileName;

    ReportFormat(String option, String fileName) {
        this.option = option;
        this.fileName = fileName;
    }

    /** The name on the command line. */
    public String option() {
        return option;
    }

    /** The file (or, for charts, folder) name in the output folder. */
    public String fileName() {
        return fileName;
    }

    /**
     * The formats of a {@code --format} value list such as {@code md,html}.
     *
     * @throws IllegalArgumentException naming an unknown format and the valid ones
     */
    public static Set<ReportFormat> parse(List<String> names) {
        Set<ReportFormat> formats = EnumSet.noneOf(ReportFormat.class);
        for (String list : names) {
            for (String name : list.split(",")) {
                String wanted = name.strip().toLowerCase(Locale.ROOT);
                if (wanted.isEmpty()) {
                    continue;
                }
                ReportFormat found = null;
                for (ReportFormat format : values()) {
                    if (format.option.equals(wanted)) {
                        found = format;
                    }
                }
                if (found == null) {
                    List<String> valid = new ArrayList<>();
                    for (ReportFormat format : values()) {
                        valid.add(format.option);
                    }
                    throw new IllegalArgumentException("--format " + name.strip() + ": unknown format; valid: " + String.join(", ", valid));
                }
                formats.add(found);
            }
        }
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("--format: give at least one of md, html, csv, json, png, svg");
        }
        return formats;
    }
}
