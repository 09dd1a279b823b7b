package dev.tokenbench.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command of the product that this build does not have yet: it says what it will do and when, and exits 2
 * without doing anything.
 */
abstract class PendingCommand implements Callable<Integer> {

    @Unmatched
    List<String> ignoredArguments;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    /** What the command will do and which piece of work brings it. */
    abstract String plannedFor();

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("tokenbench " + TokenbenchCommand.commandPath(spec.commandLine()) + ": not available in this build yet: " + plannedFor());
        return ExitCodes.BAD_INPUT;
    }
}
