package dev.tokenbench.cli;

import dev.tokenbench.measure.RunFolder;
import dev.tokenbench.agreement.Agreement;
import dev.tokenbench.agreement.AgreementCheck;
import dev.tokenbench.agreement.AgreementFile;
import dev.tokenbench.engine.EngineException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code agreement}: llama.cpp's or jlama's greedy token ids against djl-pytorch's on the same weights and prompt ids. */
@Command(name = "agreement", description = {
    "Measures agreement: the share of greedy token ids llama.cpp (or jlama) generates identically to djl-pytorch (the reference, f32)"
            + " on the same weights, prompt ids and settings, the prefix length until the first difference, and the reference's top-2 logit"
            + " margin there. Both engines run in one JVM, outside any timed benchmark (for jlama on a Java 17-20 JVM, a child JVM on a"
            + " Java 21+ java, found as for the jlama forks). The default run does this for its llama.cpp and jlama"
            + " workloads and writes agreement.json beside jmh.json.",
    "Writes a JSON array of {model, precision, promptTokens, newTokens, framework, reference, matchingTokens, totalTokens, share,"
            + " firstDivergence, marginAtDivergence} and prints a table.",
})
final class AgreementCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--framework", split = ",", paramLabel = "NAME", description = "Frameworks checked: llama.cpp, jlama (default: llama.cpp).")
    List<String> frameworks = List.of("llama.cpp");

    @Option(names = "--model", split = ",", paramLabel = "PRESET|PATH", description = "Models (default: tiny,small).")
    List<String> models = List.of("tiny", "small");

    @Option(names = "--precision", split = ",", paramLabel = "P", description = "Precisions: llama.cpp f32, f16, q8_0; jlama f32, bf16, jlama-q4 (default: f32).")
    List<String> precisions = List.of("f32");

    @Option(names = "--prompt-tokens", paramLabel = "P", description = "Prompt tokens (default: ${DEFAULT-VALUE}).")
    int promptTokens = 128;

    @Option(names = "--new-tokens", paramLabel = "N", description = "New tokens (default: ${DEFAULT-VALUE}).")
    int newTokens = 64;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the JSON (default: ${DEFAULT-VALUE}).")
    Path out = Path.of(RunFolder.AGREEMENT_FILE);

    @Override
    public Integer call() throws EngineException, IOException {
        if (promptTokens < 1 || newTokens < 1) {
            throw new UsageException("--prompt-tokens and --new-tokens must be positive");
        }
        for (String framework : frameworks) {
            if (!List.of("llama.cpp", "jlama").contains(framework)) {
                throw new UsageException("--framework " + framework + ": agreement is measured for llama.cpp and jlama");
            }
        }
        List<Agreement> rows = new ArrayList<>();
        for (String framework : frameworks) {
            for (String model : models) {
                for (String precision : precisions) {
                    rows.add(AgreementCheck.vsDjl(framework, model, precision, promptTokens, newTokens));
                }
            }
        }
        AgreementFile.write(out, rows);
        PrintWriter writer = spec.commandLine().getOut();
        writer.print(render(rows));
        writer.println("Agreement: " + out.toAbsolutePath());
        return ExitCodes.OK;
    }

    /** One line per row: model, precision, share, first divergence and margin. */
    static String render(List<Agreement> rows) {
        StringBuilder text = new StringBuilder();
        for (Agreement row : rows) {
            text.append(String.format(Locale.ROOT, "agreement %s vs %s: %s %s prompt %d, %d new tokens: %d/%d identical (%.1f%%)%s%n",
                    row.framework(), row.reference(), row.model(), row.precision(), row.promptTokens(), row.newTokens(),
                    row.matchingTokens(), row.totalTokens(), 100 * row.share(),
                    row.firstDivergence() == null ? ", no divergence"
                            : String.format(Locale.ROOT, ", first divergence at token %d (reference top-2 margin %.4f)",
                                    row.firstDivergence(), row.marginAtDivergence())));
        }
        return text.toString();
    }
}
