package dev.tokenbench.cli;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.measure.ResultJson;
import dev.tokenbench.measure.Statistics;
import dev.tokenbench.run.BenchmarkException;
import dev.tokenbench.run.GenerationReport;
import dev.tokenbench.run.TokenBench;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code generate}: opens one engine, serves one request, and prints the generated text and token ids with TTFT,
 * ITL, tokens per second and peak memory from the measurement core.
 */
@Command(name = "generate", description = {
    "Generates with one engine and prints the text and token ids, TTFT, ITL statistics, tokens/s and peak memory.",
    "One request, no warm-up: the first request of a fresh engine, so its TTFT includes first-use costs. Use 'run' for benchmark figures.",
})
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--framework", paramLabel = "NAME", description = "Framework (default: ${DEFAULT-VALUE}).")
    String framework = "djl-pytorch";

    @Option(names = "--model", paramLabel = "PRESET|PATH", description = "tiny, small, base, or a Hugging Face model folder (default: ${DEFAULT-VALUE}).")
    String model = "tiny";

    @ArgGroup(exclusive = true, multiplicity = "1")
    PromptChoice prompt;

    /** Either a literal prompt or a prompt length in tokens. */
    static final class PromptChoice {
        @Option(names = "--prompt", paramLabel = "TEXT", description = "The prompt text.")
        String text;

        @Option(names = "--prompt-tokens", paramLabel = "P", description = "Use a generated English prompt of exactly P tokens.")
        Integer tokens;
    }

    @Option(names = "--new-tokens", paramLabel = "N", description = "New tokens per sequence, greedy, end-of-sequence ignored (default: ${DEFAULT-VALUE}).")
    int newTokens = 32;

    @Option(names = "--batch", paramLabel = "B", description = "Sequences in the request, all with the same prompt (default: ${DEFAULT-VALUE}).")
    int batch = 1;

    @Option(names = "--threads", paramLabel = "T", description = "Compute threads (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(names = "--precision", paramLabel = "P", description = "Weight precision (default: ${DEFAULT-VALUE}).")
    String precision = EngineOptions.DEFAULT_PRECISION;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws EngineException, BenchmarkException, IOException {
        if (newTokens < 1) {
            throw new UsageException("--new-tokens must be >= 1, was " + newTokens);
        }
        if (batch < 1) {
            throw new UsageException("--batch must be >= 1, was " + batch);
        }
        if (threads < 1) {
            throw new UsageException("--threads must be >= 1, was " + threads);
        }
        if (prompt.tokens != null && prompt.tokens < 1) {
            throw new UsageException("--prompt-tokens must be >= 1, was " + prompt.tokens);
        }
        EngineRegistry.check(framework, precision);
        EngineOptions.Builder options = EngineOptions.builder().setModel(model).optPrecision(precision).optThreads(threads)
                .optMaxBatchSize(batch);
        if (prompt.tokens != null) {
            options.optMaxSequenceTokens(prompt.tokens + newTokens);
        }
        GenerationReport report;
        try (Engine engine = EngineRegistry.open(framework, options.build())) {
            String text = prompt.text != null ? prompt.text : engine.promptOfTokens(prompt.tokens);
            report = TokenBench.create().generate(engine, model, Collections.nCopies(batch, text), newTokens);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(ResultJson.mapper().writeValueAsString(report));
        } else {
            out.print(render(report));
        }
        return ExitCodes.OK;
    }

    static String render(GenerationReport report) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%s %s on %s, %s, %d thread(s), model %s%s%n", report.engine().framework(),
                report.engine().frameworkVersion(), report.engine().device(), report.engine().precision(), report.engine().threads(),
                report.model(), report.engine().settings().isEmpty() ? "" : ", " + report.engine().settings()));
        for (int s = 0; s < report.texts().size(); s++) {
            if (s > 0 && report.tokenIds().get(s).equals(report.tokenIds().get(0)) && report.prompts().get(s).equals(report.prompts().get(0))) {
                text.append(String.format(Locale.ROOT, "sequence %d: same prompt and tokens as sequence 0%n", s));
                continue;
            }
            text.append(String.format(Locale.ROOT, "sequence %d: prompt %d tokens%n", s, report.promptTokenCounts().get(s)));
            text.append("  text: ").append(report.texts().get(s).replace("\n", "\\n")).append('\n');
            text.append("  ids:  ").append(report.tokenIds().get(s)).append('\n');
        }
        text.append(statisticsLine("TTFT", report.timeToFirstTokenNanos()));
        text.append(statisticsLine("ITL", report.interTokenLatencyNanos()));
        text.append(statisticsLine("TPOT", report.timePerOutputTokenNanos()));
        text.append(statisticsLine("E2E", Optional.of(report.endToEndNanos())));
        text.append(String.format(Locale.ROOT, "tokens/s: output %s, prefill %s, decode %s%n", SummaryTable.rate(report.outputTokensPerSecond()),
                SummaryTable.rate(report.prefillTokensPerSecond()), SummaryTable.rate(report.decodeTokensPerSecond())));
        text.append(String.format(Locale.ROOT, "memory: peak RSS %s MiB (%s), heap peak %s MiB, live tensors %s MiB%n",
                SummaryTable.mebibytes(report.memory().peakRssBytes()), report.memory().rssPeakScope().name().toLowerCase(Locale.ROOT),
                SummaryTable.mebibytes(report.memory().heapPeakBytes()), SummaryTable.mebibytes(report.memory().tensorBytes())));
        return text.toString();
    }

    private static String statisticsLine(String name, Optional<Statistics> statistics) {
        if (statistics.isEmpty()) {
            return name + ": -" + System.lineSeparator();
        }
        Statistics s = statistics.get();
        return String.format(Locale.ROOT, "%s ms: mean %s, p50 %s, p90 %s, p99 %s, max %s (n=%d)%n", name,
                SummaryTable.formatNanosAsMillis(s.mean()), SummaryTable.formatNanosAsMillis(s.p50()), SummaryTable.formatNanosAsMillis(s.p90()),
                SummaryTable.formatNanosAsMillis(s.p99()), SummaryTable.formatNanosAsMillis(s.max()), s.count());
    }

}
