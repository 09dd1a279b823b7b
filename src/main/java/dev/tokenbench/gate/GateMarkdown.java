package dev.tokenbench.gate;

import dev.tokenbench.report.Formats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** The gate's result as GitHub-flavoured Markdown: for a file, and for a GitHub Actions job summary. */
public final class GateMarkdown {

    /** The environment variable GitHub Actions sets to the job summary file. */
    public static final String STEP_SUMMARY_VARIABLE = "GITHUB_STEP_SUMMARY";

    private GateMarkdown() {
    }

    /** The whole result: verdict line, method, one table row per workload and figure, missing and new workloads. */
    public static String render(GateResult result) {
        StringBuilder md = new StringBuilder();
        md.append("## tokenbench gate: ").append(result.failed() ? "failed" : "passed").append("\n\n");
        md.append(Formats.markdown(result.summary())).append("\n\n");
        md.append(Formats.markdown(GateCells.method(result))).append("\n\n");
        md.append("| workload | figure | baseline | current | ratio | ").append(GateCells.confidence(result.settings()))
                .append(" interval | p | threshold | verdict | why |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
        for (GateRow row : result.rows()) {
            String word = row.verdict().word();
            boolean loud = row.verdict() instanceof GateVerdict.Regression;
            md.append("| ").append(Formats.markdown(row.workload()))
                    .append(" | ").append(Formats.markdown(GateCells.figure(row.figure())))
                    .append(" | ").append(GateCells.baseline(row))
                    .append(" | ").append(GateCells.current(row))
                    .append(" | ").append(GateCells.ratio(row))
                    .append(" | ").append(GateCells.interval(row))
                    .append(" | ").append(Formats.markdown(GateCells.pValue(row)))
                    .append(" | ").append(GateCells.threshold(row))
                    .append(" | ").append(loud ? "**" + word + "**" : word)
                    .append(" | ").append(Formats.markdown(row.verdict().reason()))
                    .append(" |\n");
        }
        appendList(md, result.missingWorkloads(), result.settings().allowMissing()
                ? "Missing from the current run (allowed by --allow-missing)"
                : "**Missing from the current run** (fails the gate; --allow-missing accepts it)");
        appendList(md, result.newWorkloads(), "New in the current run (not compared)");
        return md.toString();
    }

    /**
     * Appends {@code markdown} to the job summary file named by {@code $GITHUB_STEP_SUMMARY}, when set.
     *
     * @param stepSummary the variable's value, or null when unset
     * @return whether it was appended
     */
    public static boolean appendToStepSummary(String stepSummary, String markdown) throws IOException {
        if (stepSummary == null || stepSummary.isBlank()) {
            return false;
        }
        Files.writeString(Path.of(stepSummary), markdown + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        return true;
    }

    private static void appendList(StringBuilder md, List<String> workloads, String heading) {
        if (workloads.isEmpty()) {
            return;
        }
        md.append('\n').append(heading).append(":\n\n");
        for (String workload : workloads) {
            md.append("- ").append(Formats.markdown(workload)).append('\n');
        }
    }
}
