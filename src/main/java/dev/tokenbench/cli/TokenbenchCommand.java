package dev.tokenbench.cli;

import dev.tokenbench.measure.BuildInfo;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level {@code tokenbench} command: lists the commands and the exit codes. */
@Command(
        name = "java -jar target/benchmarks.jar",
        description = {
            "tokenbench measures LLM inference on the JVM: time to first token, inter-token latency, time per output token, throughput and peak memory, per framework, model, batch size and sequence length.",
            "",
            "Without a command, 'run' is executed with all arguments.",
        },
        versionProvider = TokenbenchCommand.VersionProvider.class,
        subcommands = {
            RunCommand.class,
            GenerateCommand.class,
            ModelCommand.class,
            AgreementCommand.class,
            ReportCommand.class,
            GateCommand.class,
            SweepCommand.class,
            EnvCommand.class,
            CalibrateCommand.class,
            ServeCommand.class,
            LoadCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:a measurement or an engine failed",
            "2:bad input (unknown option or value, missing or malformed file) or a command not available yet",
            "3:gate: a significant regression was found",
        })
final class TokenbenchCommand implements Runnable {

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean helpRequested;

    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    boolean versionRequested;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line: one-line errors, exit code 2 for bad input, 1 for failures. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new TokenbenchCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            boolean badInput = isBadInput(exception);
            String message = exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
            cmd.getErr().println("tokenbench " + commandPath(cmd) + ": " + message);
            return badInput ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
        });
        commandLine.setParameterExceptionHandler((exception, args) -> {
            CommandLine cmd = exception.getCommandLine();
            String path = commandPath(cmd);
            cmd.getErr().println("tokenbench" + (path.isEmpty() ? "" : " " + path) + ": " + exception.getMessage()
                    + " (see: java -jar target/benchmarks.jar " + (path.isEmpty() ? "" : path + " ") + "--help)");
            return ExitCodes.BAD_INPUT;
        });
        return commandLine;
    }

    /**
     * Whether a failure is the user's input (exit 2) rather than a failure while running (exit 1): a usage error,
     * an illegal value, a missing or malformed file, or a request the engine cannot serve, anywhere in the causes.
     */
    static boolean isBadInput(Throwable exception) {
        for (Throwable at = exception; at != null; at = at.getCause()) {
            if (at instanceof UsageException || at instanceof IllegalArgumentException || at instanceof java.io.IOException
                    || at instanceof dev.tokenbench.engine.InvalidRequestException) {
                return true;
            }
        }
        return false;
    }

    /** The command's names below the top level, e.g. {@code model info}; empty for the top level. */
    static String commandPath(CommandLine cmd) {
        StringBuilder path = new StringBuilder();
        for (CommandLine at = cmd; at.getParent() != null; at = at.getParent()) {
            path.insert(0, path.length() == 0 ? at.getCommandName() : at.getCommandName() + " ");
        }
        return path.toString();
    }

    /** Prints the tokenbench version, commit and bundled framework versions. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo build = BuildInfo.current();
            return new String[] {
                "tokenbench " + build.tokenbenchVersion() + " (commit " + build.gitCommit().orElse("unknown") + (build.gitDirty() ? ", dirty" : "") + ")",
                "DJL " + build.djlVersion() + ", PyTorch " + build.pytorchVersion() + ", JMH " + build.jmhVersion()
                        + ", java-llama.cpp " + build.llamaCppJavaVersion(),
            };
        }
    }
}
