package dev.tokenbench.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenbench.measure.ResultJson;
import dev.tokenbench.model.LlamaCheckpoint;
import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.ModelCache;
import dev.tokenbench.model.ModelInfo;
import dev.tokenbench.model.ModelPreset;
import dev.tokenbench.model.TensorInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code model}: creates the embedded default models and describes model folders. */
@Command(name = "model", description = "Creates the embedded default models and describes model folders.",
        subcommands = {ModelCommand.Create.class, ModelCommand.Info.class, ModelCommand.Convert.class})
final class ModelCommand implements Runnable {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new UsageException("name a subcommand: create, info or convert (see: java -jar target/benchmarks.jar model --help)");
    }

    /** Resolves a preset name (ensuring it is generated) or a path to a model folder. */
    static Path resolve(String presetOrPath) throws IOException {
        return ModelCache.defaultCache().resolve(presetOrPath);
    }

    /** {@code model create}: generates a preset into the cache or a chosen folder. */
    @Command(name = "create", description = {
        "Generates a preset (seeded weights, Hugging Face layout: config.json, model.safetensors, tokenizer.json).",
        "Without --out it goes into the model cache ($TOKENBENCH_HOME, default ~/.cache/tokenbench), where benchmarks find it.",
    })
    static final class Create implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Spec
        CommandSpec spec;

        @Option(names = "--preset", required = true, paramLabel = "NAME", description = "tiny, small or base.")
        String preset;

        @Option(names = "--seed", paramLabel = "N", description = "Weight seed (default: ${DEFAULT-VALUE}).")
        long seed = ModelCache.DEFAULT_SEED;

        @Option(names = "--out", paramLabel = "DIR", description = "A new folder to write the model into, instead of the cache.")
        Path out;

        @Override
        public Integer call() throws IOException {
            ModelPreset chosen = ModelPreset.byName(preset).orElseThrow(() ->
                    new UsageException("unknown preset '" + preset + "'; valid: " + ModelPreset.names()));
            Path folder;
            if (out == null) {
                folder = ModelCache.defaultCache().presetFolder(chosen, seed);
            } else {
                ModelCache.generateInto(chosen, seed, out);
                folder = out;
            }
            spec.commandLine().getOut().println(folder.toAbsolutePath());
            return ExitCodes.OK;
        }
    }

    /** {@code model info}: architecture, parameter count, dtypes, bytes and tensors of a model folder. */
    @Command(name = "info", description = "Describes a model folder or preset: architecture, config, parameters, dtypes, bytes on disk and every tensor.")
    static final class Info implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PATH|PRESET", description = "A model folder, or tiny, small or base.")
        String model;

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            ModelInfo info = LlamaCheckpoint.describe(resolve(model));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(ResultJson.mapper().writeValueAsString(toJson(info)));
            } else {
                out.print(render(info));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code model convert}: GGUF conversion, not in this build yet. */
    @Command(name = "convert", description = "Converts a model to GGUF for llama.cpp (F32, F16, Q8_0).")
    static final class Convert extends PendingCommand {
        @Override
        String plannedFor() {
            return "it arrives with llama.cpp as a second framework (issue 6)";
        }
    }

    static String render(ModelInfo info) {
        LlamaConfig c = info.config();
        StringBuilder text = new StringBuilder();
        text.append("folder:        ").append(info.directory().toAbsolutePath()).append('\n');
        text.append("architecture:  ").append(info.architecture()).append('\n');
        text.append(String.format(Locale.ROOT, "parameters:    %,d (%s)%n", info.parameterCount(), humanCount(info.parameterCount())));
        text.append("dtypes:        ").append(info.dtypes().stream().map(Enum::name).collect(Collectors.joining(", "))).append('\n');
        text.append(String.format(Locale.ROOT, "bytes on disk: %,d (%.1f MiB)%n", info.bytesOnDisk(), info.bytesOnDisk() / (1024.0 * 1024.0)));
        text.append(String.format(Locale.ROOT,
                "config:        hidden %d, intermediate %d, layers %d, heads %d, kv heads %d, head dim %d, vocab %d, context %d, tied %s, rope theta %s, rms eps %s%n",
                c.hiddenSize(), c.intermediateSize(), c.numHiddenLayers(), c.numAttentionHeads(), c.numKeyValueHeads(), c.headDim(),
                c.vocabSize(), c.maxPositionEmbeddings(), c.tieWordEmbeddings(), c.ropeTheta(), c.rmsNormEps()));
        text.append("tensors:       ").append(info.tensors().size()).append('\n');
        for (TensorInfo tensor : info.tensors()) {
            text.append("  ").append(tensor.name()).append(' ').append(tensor.dtype()).append(' ')
                    .append(Arrays.toString(tensor.shape())).append('\n');
        }
        return text.toString();
    }

    /** 1234567 as 1.23M, 15_000 as 15.0K. */
    static String humanCount(long count) {
        if (count >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2fB", count / 1e9);
        }
        if (count >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2fM", count / 1e6);
        }
        if (count >= 1_000L) {
            return String.format(Locale.ROOT, "%.1fK", count / 1e3);
        }
        return Long.toString(count);
    }

    private static ObjectNode toJson(ModelInfo info) {
        ObjectNode root = ResultJson.mapper().createObjectNode();
        root.put("directory", info.directory().toAbsolutePath().toString());
        root.put("architecture", info.architecture());
        root.set("config", ResultJson.mapper().valueToTree(info.config()));
        root.put("parameterCount", info.parameterCount());
        ArrayNode dtypes = root.putArray("dtypes");
        info.dtypes().forEach(d -> dtypes.add(d.name()));
        root.put("bytesOnDisk", info.bytesOnDisk());
        ArrayNode tensors = root.putArray("tensors");
        for (TensorInfo tensor : info.tensors()) {
            ObjectNode node = tensors.addObject();
            node.put("name", tensor.name());
            node.put("dtype", tensor.dtype().name());
            ArrayNode shape = node.putArray("shape");
            for (long dim : tensor.shape()) {
                shape.add(dim);
            }
        }
        return root;
    }
}
