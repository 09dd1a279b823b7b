package dev.tokenbench.cli;

import picocli.CommandLine.Option;

/** The {@code --help} option of every command ({@code -h} stays free for JMH's own help in {@code run}). */
final class HelpOption {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean helpRequested;
}
