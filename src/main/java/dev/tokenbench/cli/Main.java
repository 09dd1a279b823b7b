package dev.tokenbench.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Set;
import picocli.CommandLine;

/**
 * Entry point of {@code java -jar target/benchmarks.jar}.
 *
 * <p>The first argument picks a command; without one (no arguments, or arguments that start with anything but a
 * command name, such as JMH options) the {@code run} command gets every argument, so JMH users can pass
 * {@code -f 1 -wi 2 -p batchSize=1} exactly as they would to JMH's own main.
 */
public final class Main {

    private static final Set<String> TOP_LEVEL_OPTIONS = Set.of("--help", "--version");

    private Main() {
    }

    public static void main(String[] args) {
        int exitCode = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.out.flush();
        System.err.flush();
        System.exit(exitCode);
    }

    /** Runs a command line and returns its exit code; the testable form of {@link #main}. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = TokenbenchCommand.commandLine(out, err);
        String[] effective = args;
        if (args.length == 0 || !(commandLine.getSubcommands().containsKey(args[0]) || TOP_LEVEL_OPTIONS.contains(args[0]))) {
            effective = new String[args.length + 1];
            effective[0] = "run";
            System.arraycopy(args, 0, effective, 1, args.length);
        }
        int exitCode = commandLine.execute(Arrays.copyOf(effective, effective.length));
        out.flush();
        err.flush();
        return exitCode;
    }
}
