package dev.tokenbench.model;

import dev.tokenbench.model.tokenizer.HfTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * A LLaMA-family model folder in Hugging Face layout, opened and checked: {@code config.json}, the weights
 * ({@code model.safetensors}, or {@code model.safetensors.index.json} with its shards) memory-mapped as one
 * {@link TensorSource}, and the path of {@code tokenizer.json}.
 *
 * <p>Opening checks that every tensor the config implies exists with the implied shape, so engines can read weights
 * without further checks. With {@code tie_word_embeddings: true} the output head is the embedding, as in Hugging Face
 * {@code transformers}: a stored {@code lm_head.weight} is then ignored ({@link #outputWeightName()} says which tensor
 * to use). Tensors the config does not imply (e.g. {@code rotary_emb.inv_freq}) are ignored too.
 */
public final class LlamaCheckpoint implements AutoCloseable {

    static final String CONFIG = "config.json";
    static final String SINGLE_WEIGHTS = "model.safetensors";
    static final String SHARD_INDEX = "model.safetensors.index.json";
    static final String TOKENIZER = "tokenizer.json";

    private final Path directory;
    private final LlamaConfig config;
    private final TensorSource tensors;
    private final Path tokenizerJson;

    private LlamaCheckpoint(Path directory, LlamaConfig config, TensorSource tensors, Path tokenizerJson) {
        this.directory = directory;
        this.config = config;
        this.tensors = tensors;
        this.tokenizerJson = tokenizerJson;
    }

    /**
     * Opens the model folder {@code dir}.
     *
     * @throws ModelFormatException one line saying what is missing or wrong and how to fix it
     */
    public static LlamaCheckpoint open(Path dir) throws IOException {
        Path weights = checkFolder(dir);
        LlamaConfig config = LlamaConfig.read(dir.resolve(CONFIG));
        TensorSource tensors = openWeights(weights);
        try {
            checkTensors(weights, config, tensors);
        } catch (IOException | RuntimeException e) {
            tensors.close();
            throw e;
        }
        return new LlamaCheckpoint(dir, config, tensors, dir.resolve(TOKENIZER));
    }

    /**
     * Describes the model folder {@code dir} (after the same checks as {@link #open}): architecture, parameters,
     * dtypes, bytes on disk and every stored tensor.
     */
    public static ModelInfo describe(Path dir) throws IOException {
        try (LlamaCheckpoint checkpoint = open(dir)) {
            return ModelInfo.of(checkpoint);
        }
    }

    public Path directory() {
        return directory;
    }

    public LlamaConfig config() {
        return config;
    }

    /** The weights, float32 views by Hugging Face name; owned by this checkpoint and closed with it. */
    public TensorSource tensors() {
        return tensors;
    }

    public Path tokenizerJson() {
        return tokenizerJson;
    }

    /** Loads {@link #tokenizerJson()}; the caller closes the tokenizer. */
    public HfTokenizer openTokenizer() throws ModelFormatException {
        return HfTokenizer.open(tokenizerJson);
    }

    /** The tensor of the output head: {@code model.embed_tokens.weight} when tied, else {@code lm_head.weight}. */
    public String outputWeightName() {
        return config.tieWordEmbeddings() ? LlamaTensors.EMBEDDING : LlamaTensors.LM_HEAD;
    }

    @Override
    public void close() throws IOException {
        tensors.close();
    }

    /** Checks the folder holds a config, weights and a tokenizer; returns the weights file (single or index). */
    private static Path checkFolder(Path dir) throws ModelFormatException {
        if (!Files.isDirectory(dir)) {
            throw new ModelFormatException(dir + ": model folder not found; pass a folder holding config.json, "
                    + "model.safetensors and tokenizer.json, or a preset name (" + ModelPreset.names() + ")");
        }
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            throw new ModelFormatException(dir + ": no config.json; copy the Hugging Face config.json of the "
                    + "LlamaForCausalLM checkpoint into this folder");
        }
        Path weights;
        if (Files.isRegularFile(dir.resolve(SINGLE_WEIGHTS))) {
            weights = dir.resolve(SINGLE_WEIGHTS);
        } else if (Files.isRegularFile(dir.resolve(SHARD_INDEX))) {
            weights = dir.resolve(SHARD_INDEX);
        } else {
            throw new ModelFormatException(dir + ": no model.safetensors or model.safetensors.index.json; download the "
                    + "checkpoint's safetensors weights (pytorch_model.bin is not supported)");
        }
        if (!Files.isRegularFile(dir.resolve(TOKENIZER))) {
            throw new ModelFormatException(dir + ": no tokenizer.json; download the checkpoint's tokenizer.json "
                    + "(tokenizer.model alone is not supported)");
        }
        return weights;
    }

    private static TensorSource openWeights(Path weights) throws IOException {
        return weights.getFileName().toString().equals(SHARD_INDEX)
                ? ShardedSafetensors.open(weights)
                : SafetensorsFile.open(weights);
    }

    private static void checkTensors(Path weights, LlamaConfig config, TensorSource tensors) throws ModelFormatException {
        // One tensor at a time: a config.json claiming 2^31 layers fails at the first missing one, without a list of
        // every tensor it claims.
        Set<String> names = tensors.names();
        LlamaTensors.visitExpectedShapes(config, (name, expected) -> {
            if (!names.contains(name)) {
                throw new ModelFormatException(weights + ": tensor " + name + " is missing, config.json expects "
                        + Arrays.toString(expected) + "; the weights do not belong to this config.json");
            }
            long[] shape = tensors.info(name).shape();
            if (!Arrays.equals(shape, expected)) {
                throw new ModelFormatException(weights + ": tensor " + name + " has shape " + Arrays.toString(shape)
                        + ", config.json expects " + Arrays.toString(expected));
            }
        });
    }
}
