package dev.tokenbench.cli;

import picocli.CommandLine.Command;

/** {@code report}: Turns JMH result files into comparison reports (Markdown, HTML, CSV, JSON, plots). */
@Command(name = "report", description = "Turns JMH result files into comparison reports (Markdown, HTML, CSV, JSON, plots).")
final class ReportCommand extends PendingCommand {

    @Override
    String plannedFor() {
        return "it arrives with the report post-processor (issue 5)";
    }
}
