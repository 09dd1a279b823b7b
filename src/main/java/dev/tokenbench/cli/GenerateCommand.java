package dev.tokenbench.cli;

import picocli.CommandLine.Command;

/** {@code generate}: Generates text with one engine and prints token ids, TTFT, ITL, tokens/s and peak memory. */
@Command(name = "generate", description = "Generates text with one engine and prints token ids, TTFT, ITL, tokens/s and peak memory.")
final class GenerateCommand extends PendingCommand {

    @Override
    String plannedFor() {
        return "it arrives with the DJL PyTorch engine (issue 3)";
    }
}
