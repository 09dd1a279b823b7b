package dev.tokenbench.cli;

import picocli.CommandLine.Command;

/** {@code sweep}: Runs a parameter grid, one configuration per fork, resumable and shardable. */
@Command(name = "sweep", description = "Runs a parameter grid, one configuration per fork, resumable and shardable.")
final class SweepCommand extends PendingCommand {

    @Override
    String plannedFor() {
        return "it arrives with sweep jobs";
    }
}
