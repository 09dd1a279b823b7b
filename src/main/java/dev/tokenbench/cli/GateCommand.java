package dev.tokenbench.cli;

import picocli.CommandLine.Command;

/** {@code gate}: Compares a current run with a baseline and fails on a significant regression. */
@Command(name = "gate", description = "Compares a current run with a baseline and fails on a significant regression.")
final class GateCommand extends PendingCommand {

    @Override
    String plannedFor() {
        return "it arrives with the CI performance gate";
    }
}
