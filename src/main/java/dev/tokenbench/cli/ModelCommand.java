package dev.tokenbench.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenbench.measure.ResultJson;
import dev.tokenbench.model.gguf.GgufConverter;
import dev.tokenbench.model.gguf.GgufFile;
import dev.tokenbench.model.gguf.GgufPrecision;
import dev.tokenbench.model.gguf.GgufValue;
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
@Command(name = "model", description = "Creates the embedded default models, describes model folders and GGUF files, converts models to GGUF.",
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
    @Command(name = "info", description = "Describes a model folder or preset (architecture, config, parameters, dtypes, bytes on disk and every tensor),"
            + " or a GGUF file (version, metadata, tensor table).")
    static final class Info implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PATH|PRESET", description = "A model folder, a .gguf file, or tiny, small or base.")
        String model;

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            if (isGgufFile(model)) {
                try (GgufFile gguf = GgufFile.open(Path.of(model))) {
                    out.print(json ? ResultJson.mapper().writeValueAsString(ggufJson(gguf)) + "\n" : renderGguf(gguf));
                }
                return ExitCodes.OK;
            }
            ModelInfo info = LlamaCheckpoint.describe(resolve(model));
            if (json) {
                out.println(ResultJson.mapper().writeValueAsString(toJson(info)));
            } else {
                out.print(render(info));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code model convert}: a model folder or preset to GGUF for llama.cpp. */
    @Command(name = "convert", description = {
        "Converts a model folder or preset to GGUF for llama.cpp at F32, F16 or Q8_0: llama.* metadata, the tokenizer vocabulary"
                + " (exactly vocab_size tokens), and q/k projections un-permuted as llama.cpp's own converter does.",
        "Without --out the file is cached next to the model as model-<precision>.gguf (or under $TOKENBENCH_HOME/gguf/ when the"
                + " folder is read-only), where the llama.cpp engine finds it; it is written atomically and only when missing or stale.",
        "Prints the path of the GGUF file.",
    })
    static final class Convert implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PATH|PRESET", description = "A Hugging Face model folder, or tiny, small or base.")
        String model;

        @Option(names = "--to", paramLabel = "FORMAT", description = "Target format; only gguf (default: ${DEFAULT-VALUE}).")
        String format = "gguf";

        @Option(names = "--precision", paramLabel = "P", description = "f32, f16 or q8_0 (default: ${DEFAULT-VALUE}).")
        String precision = "f32";

        @Option(names = "--out", paramLabel = "FILE", description = "Write the GGUF here instead of the cache (replaced if it exists).")
        Path out;

        @Override
        public Integer call() throws IOException {
            if (!format.equalsIgnoreCase("gguf")) {
                throw new UsageException("--to " + format + ": the only target format is gguf");
            }
            GgufPrecision chosen = GgufPrecision.byLabel(precision).orElseThrow(() ->
                    new UsageException("--precision " + precision + ": valid: " + GgufPrecision.labels()));
            Path folder = resolve(model);
            Path written;
            if (out == null) {
                written = GgufConverter.cached(folder, chosen, ModelCache.defaultCache());
            } else {
                GgufConverter.convert(folder, chosen, out);
                written = out;
            }
            spec.commandLine().getOut().println(written.toAbsolutePath());
            return ExitCodes.OK;
        }
    }

    /** Whether {@code model} names a GGUF file rather than a model folder or preset. */
    /** Whether {@code model} is a regular file that starts with the GGUF magic. */
    static boolean isGgufFile(String model) {
        Path path = Path.of(model);
        if (!java.nio.file.Files.isRegularFile(path)) {
            return false;
        }
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(path)) {
            return GgufFile.hasMagic(in.readNBytes(4));
        } catch (IOException e) {
            return false;
        }
    }

    static String renderGguf(GgufFile gguf) throws IOException {
        StringBuilder text = new StringBuilder();
        long bytes = java.nio.file.Files.size(gguf.file());
        long parameters = gguf.tensors().stream().mapToLong(GgufFile.Tensor::elementCount).sum();
        text.append("file:          ").append(gguf.file().toAbsolutePath()).append('\n');
        text.append("format:        GGUF version ").append(gguf.version()).append(", alignment ").append(gguf.alignment())
                .append(", data at byte ").append(gguf.dataStart()).append('\n');
        text.append(String.format(Locale.ROOT, "parameters:    %,d (%s)%n", parameters, humanCount(parameters)));
        text.append("types:         ").append(gguf.tensors().stream().map(t -> t.type().ggmlName()).distinct().collect(Collectors.joining(", ")))
                .append('\n');
        text.append(String.format(Locale.ROOT, "bytes on disk: %,d (%.1f MiB)%n", bytes, bytes / (1024.0 * 1024.0)));
        text.append("metadata:      ").append(gguf.metadata().size()).append('\n');
        gguf.metadata().forEach((key, value) -> text.append("  ").append(key).append(" = ").append(value.describe()).append('\n'));
        text.append("tensors:       ").append(gguf.tensors().size()).append('\n');
        for (GgufFile.Tensor tensor : gguf.tensors()) {
            text.append("  ").append(tensor.name()).append(' ').append(tensor.type().ggmlName()).append(' ')
                    .append(Arrays.toString(tensor.dims())).append('\n');
        }
        return text.toString();
    }

    private static ObjectNode ggufJson(GgufFile gguf) throws IOException {
        ObjectNode root = ResultJson.mapper().createObjectNode();
        root.put("file", gguf.file().toAbsolutePath().toString());
        root.put("format", "gguf");
        root.put("version", gguf.version());
        root.put("alignment", gguf.alignment());
        root.put("dataStart", gguf.dataStart());
        root.put("bytesOnDisk", java.nio.file.Files.size(gguf.file()));
        ObjectNode metadata = root.putObject("metadata");
        gguf.metadata().forEach((key, value) -> {
            if (value.type() == GgufValue.Type.ARRAY) {
                metadata.put(key, value.describe());
            } else {
                metadata.set(key, ResultJson.mapper().valueToTree(value.value()));
            }
        });
        ArrayNode tensors = root.putArray("tensors");
        for (GgufFile.Tensor tensor : gguf.tensors()) {
            ObjectNode node = tensors.addObject();
            node.put("name", tensor.name());
            node.put("type", tensor.type().ggmlName());
            ArrayNode dims = node.putArray("dims");
            for (long dim : tensor.dims()) {
                dims.add(dim);
            }
            node.put("offset", tensor.offset());
            node.put("bytes", tensor.byteCount());
        }
        return root;
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
