package dev.tokenbench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The comparison as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, a
 * quote or a line break, quotes doubled): a header, then one row per workload x framework (or run). Every
 * figure is a column in its base unit (the unit is in the column name: {@code Millis}, {@code PerSecond},
 * {@code Bytes}); absent figures are empty fields. {@code forkJvm} is the Java runtime the row's forks ran on. For each compared figure: the ratio to the baseline, its
 * 95% interval, the p-value and the verdict ({@code better}, {@code worse}, {@code no_clear_difference},
 * {@code not_tested}).
 */
final class CsvReport {

    private static final String EOL = "\r\n";

    private CsvReport() {
    }

    static List<String> header() {
        List<String> header = new ArrayList<>(List.of("source", "label", "baseline", "status", "failure", "benchmark", "mode", "framework",
                "model", "precision", "batchSize", "promptTokens", "newTokens", "threads"));
        for (Metric metric : Metric.values()) {
            header.add(metric.key());
        }
        header.add("rssPeakScope");
        header.add("itlRule");
        header.add("servingOverheadInProcessModel");
        for (Metric metric : ServingOverhead.FIGURES) {
            header.add(metric.key() + "HttpRatio");
            header.add(metric.key() + "HttpRatioCi95Lower");
            header.add(metric.key() + "HttpRatioCi95Upper");
        }
        header.add("jmhPrimaryScore");
        header.add("jmhPrimaryUnit");
        header.add("forkJvm");
        for (Metric metric : Metric.COMPARED) {
            header.add(metric.key() + "Ratio");
            header.add(metric.key() + "RatioCi95Lower");
            header.add(metric.key() + "RatioCi95Upper");
            header.add(metric.key() + "PValue");
            header.add(metric.key() + "Verdict");
        }
        return header;
    }

    static String render(Comparison comparison) {
        StringBuilder out = new StringBuilder();
        line(out, header());
        List<ServingOverhead> overheads = ServingOverhead.of(comparison);
        for (WorkloadGroup group : comparison.groups()) {
            WorkloadKey k = group.workload();
            for (ComparedRow compared : group.rows()) {
                ReportRow row = compared.row();
                List<String> fields = new ArrayList<>(List.of(row.source(), compared.label(), Boolean.toString(compared.baseline()),
                        row.isFailed() ? "failed" : "ok", row.failure().orElse(""), k.benchmark(), k.mode(), row.framework(), k.model(),
                        k.precision(), k.batchSize(), k.promptTokens(), k.newTokens(), k.threads()));
                for (Metric metric : Metric.values()) {
                    fields.add(Formats.exact(row.value(metric)));
                }
                fields.add(row.value(Metric.PEAK_RSS).isEmpty() ? "" : row.rssSinceForkStart() ? "since_fork_start" : "per_iteration");
                fields.add(row.itlRule());
                ServingOverhead overhead = overheads.stream()
                        .filter(o -> o.httpWorkload().equals(k) && o.httpLabel().equals(compared.label())).findFirst().orElse(null);
                fields.add(overhead == null ? "" : overhead.inProcessWorkload().model());
                for (Metric metric : ServingOverhead.FIGURES) {
                    RatioEstimate estimate = overhead == null ? null : overhead.ratios().get(metric);
                    if (estimate == null) {
                        fields.addAll(List.of("", "", ""));
                    } else {
                        fields.add(Formats.exact(Double.isFinite(estimate.ratio()) ? OptionalDouble.of(estimate.ratio()) : OptionalDouble.empty()));
                        fields.add(Formats.exact(estimate.ci95Lower()));
                        fields.add(Formats.exact(estimate.ci95Upper()));
                    }
                }
                fields.add(Formats.exact(row.primaryScore()));
                fields.add(row.primaryUnit());
                fields.add(row.forkJvm());
                for (Metric metric : Metric.COMPARED) {
                    RatioEstimate estimate = compared.ratios().get(metric);
                    if (estimate == null) {
                        fields.addAll(List.of("", "", "", "", ""));
                    } else {
                        fields.add(Formats.exact(Double.isFinite(estimate.ratio()) ? OptionalDouble.of(estimate.ratio()) : OptionalDouble.empty()));
                        fields.add(Formats.exact(estimate.ci95Lower()));
                        fields.add(Formats.exact(estimate.ci95Upper()));
                        fields.add(Formats.exact(estimate.pValue()));
                        fields.add(estimate.verdict().name().toLowerCase(Locale.ROOT));
                    }
                }
                line(out, fields);
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(Formats.csv(fields.get(i)));
        }
        out.append(EOL);
    }
}
