package dev.tokenbench.agreement;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.djl.DjlPytorchEngine;
import dev.tokenbench.engine.jlama.JlamaProvider;
import dev.tokenbench.engine.jlama.JlamaRuntime;
import dev.tokenbench.engine.llamacpp.LlamaCppEngine;
import dev.tokenbench.model.tokenizer.HfTokenizer;
import dev.tokenbench.model.ModelCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Measures {@link Agreement} of llama.cpp or jlama with djl-pytorch: both engines are opened in one JVM on the same
 * model, handed the same prompt ids (the workload's prompt, {@code promptOfTokens(P)}, tokenized by the model's
 * {@code tokenizer.json}), and generate N tokens greedily over the whole vocabulary (nothing excluded: each takes the
 * argmax of its own logits). jlama needs a Java 21+ JVM: from an older one the check runs in a child JVM on
 * {@link JlamaRuntime#forkJava()} (this class path, the {@code agreement} command). Never run inside a timed
 * benchmark: it loads models and compares logits.
 */
public final class AgreementCheck {

    private AgreementCheck() {
    }

    /**
     * llama.cpp at {@code precision} against djl-pytorch at f32 on {@code model}, prompt of {@code promptTokens}
     * tokens, {@code newTokens} new tokens.
     */
    public static Agreement llamaCppVsDjl(String model, String precision, int promptTokens, int newTokens) throws EngineException {
        return llamaCppVsDjl(model, precision, promptTokens, newTokens, new HashMap<>());
    }

    private static Agreement llamaCppVsDjl(String model, String precision, int promptTokens, int newTokens, Map<List<Object>, float[][]> references)
            throws EngineException {
        EngineOptions.Builder options = EngineOptions.builder().setModel(model).optMaxSequenceTokens(promptTokens + newTokens);
        int[] promptIds;
        try (HfTokenizer tokenizer = HfTokenizer.open(modelFolder(model).resolve("tokenizer.json"))) {
            promptIds = tokenizer.encode(tokenizer.promptOfTokens(promptTokens));
        } catch (IOException e) {
            throw new EngineException(e.getMessage(), e);
        }
        int[] ids;
        try (Engine engine = EngineRegistry.open(LlamaCppEngine.FRAMEWORK, options.optPrecision(precision).build())) {
            ids = ((LlamaCppEngine) engine).greedyTokenIds(promptIds, newTokens);
        }
        return againstDjl(model, precision, LlamaCppEngine.FRAMEWORK, promptIds, ids, newTokens, options, references);
    }

    /**
     * {@code framework}'s greedy {@code ids} on {@code promptIds} against djl-pytorch's at f32 on the same prompt; the
     * reference's logits are taken from {@code references} when an earlier check of this model, prompt and length
     * computed them (the reference is deterministic), else computed and kept there.
     */
    private static Agreement againstDjl(String model, String precision, String framework, int[] promptIds, int[] ids, int newTokens,
                                        EngineOptions.Builder options, Map<List<Object>, float[][]> references) throws EngineException {
        int[] excluded = {};
        List<Object> key = List.of(model, java.util.Arrays.toString(promptIds), newTokens);
        float[][] logits = references.get(key);
        if (logits == null) {
            try (Engine engine = EngineRegistry.open(DjlPytorchEngine.FRAMEWORK, options.optPrecision("f32").build())) {
                logits = ((DjlPytorchEngine) engine).greedyLogits(promptIds, newTokens, excluded);
            }
            references.put(key, logits);
        }
        int[] referenceIds = new int[newTokens];
        for (int t = 0; t < newTokens; t++) {
            referenceIds[t] = DjlPytorchEngine.argMax(logits[t], excluded);
        }
        return Agreement.of(model, precision, promptIds.length, framework, DjlPytorchEngine.FRAMEWORK, ids, referenceIds, logits, excluded);
    }

    /**
     * {@code framework} ({@code llama.cpp} or {@code jlama}) at {@code precision} against djl-pytorch at f32.
     *
     * @throws IllegalArgumentException for another framework
     */
    public static Agreement vsDjl(String framework, String model, String precision, int promptTokens, int newTokens) throws EngineException {
        return vsDjl(framework, model, precision, promptTokens, newTokens, new HashMap<>());
    }

    /**
     * One check: {@code framework} on {@code model} at {@code precision}, prompt of {@code promptTokens} tokens,
     * {@code newTokens} new tokens, against djl-pytorch.
     */
    public record Check(String framework, String model, String precision, int promptTokens, int newTokens) {
    }

    /**
     * Several checks at the cost of fewer engine loads: djl-pytorch's reference is computed once per model, prompt and
     * length and compared with every framework and precision, and from a Java 17-20 JVM all jlama checks of one prompt
     * and length run in one child JVM.
     *
     * @param failed hears about each check that could not be measured, and why
     * @return the measured checks' rows, in the order of {@code checks}
     */
    public static List<Agreement> vsDjl(List<Check> checks, java.util.function.BiConsumer<Check, Exception> failed) {
        Map<List<Object>, float[][]> references = new HashMap<>();
        Map<Check, Agreement> measured = new HashMap<>();
        if (JlamaRuntime.problemOfThisJvm().isPresent()) {
            Map<List<Integer>, List<Check>> jlamaByLength = new java.util.LinkedHashMap<>();
            checks.stream().filter(c -> JlamaProvider.FRAMEWORK.equals(c.framework()))
                    .forEach(c -> jlamaByLength.computeIfAbsent(List.of(c.promptTokens(), c.newTokens()), k -> new ArrayList<>()).add(c));
            for (List<Check> group : jlamaByLength.values()) {
                List<String> models = group.stream().map(Check::model).distinct().toList();
                List<String> precisions = group.stream().map(Check::precision).distinct().toList();
                try {
                    for (Agreement row : inJlamaJvm(models, precisions, group.get(0).promptTokens(), group.get(0).newTokens())) {
                        measured.put(new Check(JlamaProvider.FRAMEWORK, row.model(), row.precision(), group.get(0).promptTokens(),
                                group.get(0).newTokens()), row);
                    }
                } catch (EngineException | RuntimeException e) {
                    group.forEach(check -> failed.accept(check, e));
                    group.forEach(check -> measured.put(check, null));
                }
            }
        }
        List<Agreement> rows = new ArrayList<>();
        for (Check check : checks) {
            if (measured.containsKey(check)) {
                if (measured.get(check) != null) {
                    rows.add(measured.get(check));
                }
                continue;
            }
            try {
                rows.add(vsDjl(check.framework(), check.model(), check.precision(), check.promptTokens(), check.newTokens(), references));
            } catch (EngineException | RuntimeException e) {
                failed.accept(check, e);
            }
        }
        return rows;
    }

    private static Agreement vsDjl(String framework, String model, String precision, int promptTokens, int newTokens,
                                   Map<List<Object>, float[][]> references) throws EngineException {
        if (LlamaCppEngine.FRAMEWORK.equals(framework)) {
            return llamaCppVsDjl(model, precision, promptTokens, newTokens, references);
        }
        if (!JlamaProvider.FRAMEWORK.equals(framework)) {
            throw new IllegalArgumentException("agreement is measured for llama.cpp and jlama, not '" + framework + "'");
        }
        if (JlamaRuntime.problemOfThisJvm().isPresent()) {
            return inJlamaJvm(List.of(model), List.of(precision), promptTokens, newTokens).get(0);
        }
        int[] promptIds;
        String prompt;
        try (HfTokenizer tokenizer = HfTokenizer.open(modelFolder(model).resolve("tokenizer.json"))) {
            prompt = tokenizer.promptOfTokens(promptTokens);
            promptIds = tokenizer.encode(prompt);
        } catch (IOException e) {
            throw new EngineException(e.getMessage(), e);
        }
        EngineOptions.Builder options = EngineOptions.builder().setModel(model).optMaxSequenceTokens(promptIds.length + newTokens);
        List<Integer> generated = new ArrayList<>();
        try (Engine engine = EngineRegistry.open(framework, options.optPrecision(precision).build())) {
            // the engine tokenizes the prompt text with the same tokenizer.json, so it runs on promptIds
            engine.generate(new GenerationRequest(List.of(prompt), newTokens), (sequence, token, time) -> generated.add(token));
        }
        return againstDjl(model, precision, framework, promptIds, generated.stream().mapToInt(Integer::intValue).toArray(), newTokens,
                options, references);
    }

    /**
     * jlama's agreement on every model and precision from one child JVM on a Java 21+ {@code java}: the {@code agreement}
     * command, its file read back (a row per model and precision).
     */
    private static List<Agreement> inJlamaJvm(List<String> models, List<String> precisions, int promptTokens, int newTokens)
            throws EngineException {
        JlamaRuntime.ForkJava java;
        try {
            java = JlamaRuntime.forkJava();
        } catch (IllegalArgumentException e) {
            throw new EngineException(e.getMessage(), e);
        }
        Path out = null;
        Path log = null;
        try {
            out = Files.createTempFile("tokenbench-agreement-", ".json");
            log = Files.createTempFile("tokenbench-agreement-", ".log");
            List<String> command = new ArrayList<>(List.of(java.java().toString()));
            command.addAll(java.jvmArgs());
            if (System.getProperty("tokenbench.home") != null) {
                command.add("-Dtokenbench.home=" + System.getProperty("tokenbench.home"));
            }
            command.addAll(List.of("-Dai.djl.offline=true", "-Xmx2g", "-cp", System.getProperty("java.class.path"), "dev.tokenbench.cli.Main",
                    "agreement", "--framework", JlamaProvider.FRAMEWORK, "--model", String.join(",", models), "--precision", String.join(",", precisions),
                    "--prompt-tokens", Integer.toString(promptTokens), "--new-tokens", Integer.toString(newTokens), "--out", out.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new EngineException("jlama agreement on " + java.java() + " did not finish in 30 minutes");
            }
            if (process.exitValue() != 0) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                throw new EngineException("jlama agreement on " + java.java() + " failed (exit " + process.exitValue() + "): "
                        + (lines.isEmpty() ? "no output" : lines.get(lines.size() - 1)));
            }
            List<Agreement> rows = AgreementFile.read(out);
            if (rows.size() != models.size() * precisions.size()) {
                throw new EngineException("jlama agreement on " + java.java() + " wrote " + rows.size() + " rows to " + out + ", expected "
                        + models.size() * precisions.size());
            }
            return rows;
        } catch (IOException e) {
            throw new EngineException("jlama agreement in a child JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("jlama agreement interrupted", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(log);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }

    private static Path modelFolder(String model) throws IOException {
        return ModelCache.defaultCache().resolve(model);
    }
}
