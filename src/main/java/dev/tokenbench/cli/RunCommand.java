package dev.tokenbench.cli;

import dev.tokenbench.measure.AtomicFiles;
import dev.tokenbench.measure.BenchmarkResult;
import dev.tokenbench.measure.BuildInfo;
import dev.tokenbench.measure.ResultJson;
import dev.tokenbench.run.BenchmarkException;
import dev.tokenbench.run.HarnessCheck;
import dev.tokenbench.run.TokenBench;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code run} (the default command): runs the benchmark suite and writes its results under
 * {@code results/runs/<UTC time>-<commit>/}.
 *
 * <p>In this build the suite is the harness check: the scripted fake engine through the measurement core,
 * with zero delays (the harness's own cost) and with programmed delays that the measured TTFT and ITL must
 * reproduce.
 */
@Command(name = "run", description = {
    "Runs the benchmark suite (the default command) and writes results/runs/<UTC time>-<commit>/results.json.",
    "This build runs the harness check: the scripted fake engine through the measurement core, with zero delays (the harness's own cost per token) and with programmed delays that measured TTFT and ITL must reproduce.",
})
final class RunCommand implements Callable<Integer> {

    private static final DateTimeFormatter RUN_FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Option(names = "--results-dir", paramLabel = "DIR", description = "Folder that receives one sub-folder per run (default: ${DEFAULT-VALUE}).")
    Path resultsDir = Path.of("results", "runs");

    @Mixin
    HelpOption help;

    @Unmatched
    List<String> jmhArguments;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, BenchmarkException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (jmhArguments != null && !jmhArguments.isEmpty()) {
            throw new UsageException("JMH options " + jmhArguments + " are not accepted yet: the JMH suite that takes them arrives with issue 4;"
                    + " run without arguments for the harness check");
        }
        BuildInfo build = BuildInfo.current();
        Path runDir = resultsDir.resolve(RUN_FOLDER_TIME.format(Instant.now()) + "-" + build.shortCommit());
        if (Files.exists(runDir)) {
            throw new UsageException(runDir + " already exists; wait a second or pass another --results-dir");
        }
        out.println("tokenbench " + build.tokenbenchVersion() + ": harness check with the scripted fake engine"
                + " (real engines and the JMH suite arrive with later issues).");
        out.printf(Locale.ROOT, "Programmed delays: TTFT %s ms (%s ms + %s ms x %d prompt tokens), ITL %s ms; prompt %d tokens, %d new tokens.%n",
                SummaryTable.formatMillis(HarnessCheck.PACED.timeToFirstTokenNanos(HarnessCheck.PROMPT_TOKENS)),
                SummaryTable.formatMillis(HarnessCheck.PACED.prefillNanos()),
                SummaryTable.formatMillis(HarnessCheck.PACED.prefillNanosPerPromptToken()),
                HarnessCheck.PROMPT_TOKENS,
                SummaryTable.formatMillis(HarnessCheck.PACED.interTokenNanos()),
                HarnessCheck.PROMPT_TOKENS, HarnessCheck.NEW_TOKENS);
        out.flush();
        TokenBench bench = TokenBench.builder().optProgress(line -> progress(err, line)).build();
        List<BenchmarkResult> results = new HarnessCheck(bench).run();
        if (System.console() != null) {
            err.println();
        }
        out.println();
        out.print(SummaryTable.render(results));
        BenchmarkResult zeroDelay = results.get(0);
        double nanosPerToken = zeroDelay.outputTokensPerSecond().isPresent() ? 1e9 / zeroDelay.outputTokensPerSecond().getAsDouble() : 0;
        out.printf(Locale.ROOT, "%nHarness cost per token (zero-delay fake, batch 1): %.0f ns (wall time per new token, request start to last token).%n", nanosPerToken);
        Path resultsFile = runDir.resolve("results.json");
        AtomicFiles.writeString(resultsFile, ResultJson.write(results));
        out.println("Results: " + resultsFile);
        return ExitCodes.OK;
    }

    /**
     * Progress goes to stderr so stdout stays a clean report: on a terminal one line rewritten after every
     * request, elsewhere (CI logs) one line per finished configuration.
     */
    private static void progress(PrintWriter err, String line) {
        if (System.console() != null) {
            err.print("\r\033[K" + line);
            err.flush();
        } else if (isLastRun(line)) {
            err.println(line);
        }
    }

    /** Whether a progress line reports the last measured run of a configuration ({@code ...: run N/N}). */
    static boolean isLastRun(String line) {
        int at = line.lastIndexOf(": run ");
        if (at < 0) {
            return false;
        }
        String[] counts = line.substring(at + ": run ".length()).split("/");
        return counts.length == 2 && counts[0].equals(counts[1]);
    }
}
