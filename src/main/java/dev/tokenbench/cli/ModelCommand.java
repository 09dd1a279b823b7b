package dev.tokenbench.cli;

import picocli.CommandLine.Command;

/** {@code model}: Creates the embedded default models, converts them to GGUF and describes model folders. */
@Command(name = "model", description = "Creates the embedded default models, converts them to GGUF and describes model folders.")
final class ModelCommand extends PendingCommand {

    @Override
    String plannedFor() {
        return "it arrives with the embedded default models (issue 3)";
    }
}
