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
import java.util.List;
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
        return againstDjl(model, precision, LlamaCppEngine.FRAMEWORK, promptIds, ids, newTokens, options);
    }

    /** {@code framework}'s greedy {@code ids} on {@code promptIds} against djl-pytorch's at f32 on the same prompt. */
    private static Agreement againstDjl(String model, String precision, String framework, int[] promptIds, int[] ids, int newTokens,
                                        EngineOptions.Builder options) throws EngineException {
        int[] excluded = {};
        float[][] logits;
        try (Engine engine = EngineRegistry.open(DjlPytorchEngine.FRAMEWORK, options.optPrecision("f32").build())) {
            logits = ((DjlPytorchEngine) engine).greedyLogits(promptIds, newTokens, excluded);
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
        if (LlamaCppEngine.FRAMEWORK.equals(framework)) {
            return llamaCppVsDjl(model, precision, promptTokens, newTokens);
        }
        if (!JlamaProvider.FRAMEWORK.equals(framework)) {
            throw new IllegalArgumentException("agreement is measured for llama.cpp and jlama, not '" + framework + "'");
        }
        if (JlamaRuntime.problemOfThisJvm().isPresent()) {
            return inJlamaJvm(model, precision, promptTokens, newTokens);
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
                options);
    }

    /** jlama's agreement from a child JVM on a Java 21+ {@code java}: the {@code agreement} command, its file read back. */
    private static Agreement inJlamaJvm(String model, String precision, int promptTokens, int newTokens) throws EngineException {
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
                    "agreement", "--framework", JlamaProvider.FRAMEWORK, "--model", model, "--precision", precision,
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
            if (rows.size() != 1) {
                throw new EngineException("jlama agreement on " + java.java() + " wrote " + rows.size() + " rows to " + out + ", expected 1");
            }
            return rows.get(0);
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
