package dev.tokenbench.model;

import dev.tokenbench.model.tokenizer.BpeVocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a preset as a Hugging Face model folder with weights that depend only on (preset, seed): {@code config.json},
 * {@code model.safetensors} (F32, streamed, byte-identical on every machine and JDK), {@code tokenizer.json} and
 * {@code tokenizer_config.json}.
 *
 * <p>Initialisation mimics the scale of a trained LLaMA so greedy decoding is decisive: RMSNorm weights 1.0, attention
 * and MLP projections N(0, 0.02). The final RMSNorm makes its output's elements about unit size, so a logit (a dot
 * product with one output row) has standard deviation sqrt(dim) x sigma of that row; the output rows (the embedding
 * when tied) use sigma = 2 / sqrt(dim), for logits with standard deviation about 2 across the vocabulary.
 */
public final class ModelGenerator {

    /** Standard deviation of the attention and MLP projection weights. */
    static final double PROJECTION_STD = 0.02;

    /** Target standard deviation of the final logits, which sets the scale of the output rows. */
    static final double LOGIT_STD = 2.0;

    private static final int CHUNK_FLOATS = 1 << 16;

    private ModelGenerator() {
    }

    /**
     * Writes {@code preset} with weights from {@code seed} into the existing folder {@code dir}, replacing the files.
     */
    public static void generate(ModelPreset preset, long seed, Path dir) throws IOException {
        LlamaConfig config = preset.config();
        BpeVocabulary vocabulary = BpeVocabulary.ofSize(config.vocabSize());
        vocabulary.writeTokenizerJson(dir.resolve("tokenizer.json"));
        vocabulary.writeTokenizerConfigJson(dir.resolve("tokenizer_config.json"), config.maxPositionEmbeddings());
        writeWeights(config, seed, dir.resolve("model.safetensors"),
                Map.of("format", "pt", "tokenbench.preset", preset.presetName(), "tokenbench.seed", Long.toString(seed)));
        config.write(dir.resolve("config.json"));
    }

    /** Writes seeded F32 weights for {@code config} into {@code file}, streaming one chunk at a time; metadata sorted by key. */
    static void writeWeights(LlamaConfig config, long seed, Path file, Map<String, String> metadata) throws IOException {
        Map<String, long[]> shapes = LlamaTensors.expectedShapes(config);
        List<TensorInfo> tensors = new ArrayList<>();
        shapes.forEach((name, shape) -> tensors.add(new TensorInfo(name, DType.F32, shape)));
        float[] chunk = new float[CHUNK_FLOATS];
        try (SafetensorsWriter writer = SafetensorsWriter.create(file, tensors, new TreeMap<>(metadata))) {
            for (TensorInfo tensor : tensors) {
                SeededWeights weights = new SeededWeights(seed, tensor.name(), standardDeviation(config, tensor.name()));
                for (long left = tensor.elementCount(); left > 0; ) {
                    int count = (int) Math.min(left, CHUNK_FLOATS);
                    weights.fill(chunk, count);
                    writer.write(chunk, 0, count);
                    left -= count;
                }
            }
            writer.commit();
        }
    }

    /** Standard deviation of a tensor's initial values; 0 means a norm weight of ones. */
    static double standardDeviation(LlamaConfig config, String name) {
        if (name.endsWith("norm.weight")) {
            return 0;
        }
        if (name.equals(LlamaTensors.EMBEDDING) || name.equals(LlamaTensors.LM_HEAD)) {
            return LOGIT_STD / Math.sqrt(config.hiddenSize());
        }
        return PROJECTION_STD;
    }
}
