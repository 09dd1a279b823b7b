package dev.tokenbench.model;

import dev.tokenbench.model.tokenizer.BpeVocabulary;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test model folders with the shapes of real checkpoints at reduced depth and vocabulary, stored the way those
 * checkpoints are (bf16, sharded), with seeded values so tests can check every element. Public for the engines'
 * tests, which load and run them.
 */
public final class RealShapedFixtures {

    /**
     * SmolLM2-135M's shape (dim 576, 9 query heads sharing 3 key/value heads, ffn 1536, tied embeddings, RoPE base
     * 100000, bf16) with 2 layers instead of 30 and a 512-token vocabulary instead of 49152.
     */
    public static final LlamaConfig SMOLLM2_REDUCED = new LlamaConfig(576, 1536, 2, 9, 3, 1e-5, 100000, 2048, 512, true,
            "bfloat16", 1, 2, Optional.empty());

    private RealShapedFixtures() {
    }

    /** Seeded values of a tensor before they are stored (standard deviation 0.02, norms 1). */
    static float[] values(LlamaConfig config, long seed, String name) {
        long[] shape = LlamaTensors.expectedShapes(config).get(name);
        float[] values = new float[(int) new TensorInfo(name, DType.F32, shape).elementCount()];
        new SeededWeights(seed, name, ModelGenerator.standardDeviation(config, name)).fill(values, values.length);
        return values;
    }

    /**
     * Writes config, tokenizer and weights in {@code dtype} into {@code dir}: one {@code model.safetensors} when
     * {@code shards} is 1, else {@code model-0000i-of-0000n.safetensors} files plus {@code model.safetensors.index.json}.
     */
    public static Path write(Path dir, LlamaConfig config, DType dtype, int shards, long seed) throws IOException {
        config.write(dir.resolve("config.json"));
        BpeVocabulary.ofSize(config.vocabSize()).writeTokenizerJson(dir.resolve("tokenizer.json"));
        List<String> names = new ArrayList<>(LlamaTensors.expectedShapes(config).keySet());
        ObjectNode index = JsonFiles.MAPPER.createObjectNode();
        ObjectNode weightMap = JsonFiles.MAPPER.createObjectNode();
        long totalBytes = 0;
        for (int shard = 0; shard < shards; shard++) {
            List<String> shardNames = names.subList(names.size() * shard / shards, names.size() * (shard + 1) / shards);
            String file = shards == 1 ? "model.safetensors"
                    : String.format("model-%05d-of-%05d.safetensors", shard + 1, shards);
            try (SafetensorsWriter writer = SafetensorsWriter.create(dir.resolve(file), tensors(config, dtype, shardNames),
                    Map.of("format", "pt"))) {
                for (String name : shardNames) {
                    float[] values = values(config, seed, name);
                    writer.write(values, 0, values.length);
                    weightMap.put(name, file);
                }
                writer.commit();
            }
            for (TensorInfo tensor : tensors(config, dtype, shardNames)) {
                totalBytes += tensor.byteCount();
            }
        }
        if (shards > 1) {
            index.putObject("metadata").put("total_size", totalBytes);
            index.set("weight_map", weightMap);
            JsonFiles.write(dir.resolve("model.safetensors.index.json"), index);
        }
        return dir;
    }

    private static List<TensorInfo> tensors(LlamaConfig config, DType dtype, List<String> names) {
        Map<String, long[]> shapes = LlamaTensors.expectedShapes(config);
        return names.stream().map(name -> new TensorInfo(name, dtype, shapes.get(name))).toList();
    }
}
