package dev.tokenbench.cli;

/** The exit codes of every tokenbench command, as documented in {@code --help} and the README. */
final class ExitCodes {
    /** The command did what was asked. */
    static final int OK = 0;
    /** A measurement or an engine failed while running. */
    static final int FAILURE = 1;
    /** Bad input: an unknown option or value, a missing or malformed file, or a command not available yet. */
    static final int BAD_INPUT = 2;
    /** A performance gate found a significant regression. */
    static final int REGRESSION = 3;

    private ExitCodes() {
    }
}
