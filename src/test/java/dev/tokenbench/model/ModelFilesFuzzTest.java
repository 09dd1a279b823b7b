package dev.tokenbench.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenbench.FuzzChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fuzz targets of the model folder's files: a safetensors header and tensor table, a sharded index, {@code config.json}
 * alone and against the weights it must describe. The only outcomes are a result or one {@link ModelFormatException}
 * line naming the file (see {@link FuzzChecks}); seeds in {@code ModelFilesFuzzTestInputs/<target>/}.
 */
class ModelFilesFuzzTest {

    /** A model small enough to write per JVM in milliseconds: 1 layer, dim 8, vocabulary 16. */
    static final LlamaConfig MICRO = new LlamaConfig(8, 16, 1, 2, 1, 1e-5, 10000, 64, 16, false, "float32", 1, 2,
            Optional.empty());

    private static final Path SHARDS = shards();
    private static final Path MICRO_WEIGHTS = microWeights();

    /** A safetensors file: the header, the tensor table, and every tensor's data read as float32. */
    @FuzzTest(maxDuration = "20s")
    void safetensors(byte[] input) throws Exception {
        Path file = FuzzChecks.write("safetensors", "model.safetensors", input);
        FuzzChecks.parse(input.length, () -> {
            try (SafetensorsFile safetensors = SafetensorsFile.open(file)) {
                for (String name : safetensors.names()) {
                    safetensors.info(name);
                    safetensors.floatBytes(name);
                }
                safetensors.metadata();
            } catch (ModelFormatException e) {
                FuzzChecks.oneLineError(e, file.toString());
            }
        });
    }

    /** {@code model.safetensors.index.json} beside two valid shards. */
    @FuzzTest(maxDuration = "20s")
    void shardedIndex(byte[] input) throws Exception {
        Path index = SHARDS.resolve("model.safetensors.index.json");
        Files.write(index, input);
        FuzzChecks.parse(input.length, () -> {
            try (ShardedSafetensors sharded = ShardedSafetensors.open(index)) {
                for (String name : sharded.names()) {
                    sharded.floats(name);
                }
            } catch (ModelFormatException e) {
                FuzzChecks.oneLineError(e, "safetensors");
            }
        });
    }

    /** {@code config.json} alone. */
    @FuzzTest(maxDuration = "20s")
    void configJson(byte[] input) throws Exception {
        Path file = FuzzChecks.write("config", "config.json", input);
        FuzzChecks.parse(input.length, () -> {
            try {
                LlamaConfig.read(file);
            } catch (ModelFormatException e) {
                FuzzChecks.oneLineError(e, file.toString());
            }
        });
    }

    /** {@code config.json} in a model folder whose weights are those of {@link #MICRO}: every shape is checked against it. */
    @FuzzTest(maxDuration = "20s")
    void checkpoint(byte[] input) throws Exception {
        Path dir = FuzzChecks.folder("checkpoint");
        Files.write(dir.resolve(LlamaCheckpoint.CONFIG), input);
        Files.createSymbolicLink(dir.resolve("model.safetensors"), MICRO_WEIGHTS);
        Files.writeString(dir.resolve(LlamaCheckpoint.TOKENIZER), "{}");
        FuzzChecks.parse(input.length, () -> {
            try (LlamaCheckpoint checkpoint = LlamaCheckpoint.open(dir)) {
                ModelInfo.of(checkpoint);
            } catch (ModelFormatException e) {
                FuzzChecks.oneLineError(e, dir.toString());
            }
        });
    }

    private static Path shards() {
        try {
            Path dir = FuzzChecks.folder("shards");
            SafetensorsWriter.write(dir.resolve("model-00001-of-00002.safetensors"),
                    List.of(new TensorInfo("model.embed_tokens.weight", DType.F32, new long[] {4, 2})),
                    List.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}));
            SafetensorsWriter.write(dir.resolve("model-00002-of-00002.safetensors"),
                    List.of(new TensorInfo("model.norm.weight", DType.F32, new long[] {2}),
                            new TensorInfo("lm_head.weight", DType.F32, new long[] {4, 2})),
                    List.of(new float[] {1, 1}, new float[] {8, 7, 6, 5, 4, 3, 2, 1}));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path microWeights() {
        try {
            Path file = FuzzChecks.folder("micro").resolve("model.safetensors");
            ModelGenerator.writeWeights(MICRO, 42, file, Map.of());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
