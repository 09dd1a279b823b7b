package dev.tokenbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedSafetensorsTest {

    @TempDir
    Path dir;

    private Path index(String weightMap) throws IOException {
        return Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"metadata\": {\"total_size\": 24}, \"weight_map\": " + weightMap + "}");
    }

    private void shards() throws IOException {
        SafetensorsWriter.write(dir.resolve("model-00001-of-00002.safetensors"),
                List.of(new TensorInfo("a", DType.F32, new long[] {2}), new TensorInfo("b", DType.F32, new long[] {1})),
                List.of(new float[] {1, 2}, new float[] {3}));
        SafetensorsWriter.write(dir.resolve("model-00002-of-00002.safetensors"),
                List.of(new TensorInfo("c", DType.BF16, new long[] {2})), List.of(new float[] {4, 5}));
    }

    @Test
    void open_twoShards_presentsOneSource() throws IOException {
        shards();
        Path index = index("{\"c\": \"model-00002-of-00002.safetensors\", \"a\": \"model-00001-of-00002.safetensors\","
                + " \"b\": \"model-00001-of-00002.safetensors\"}");

        try (ShardedSafetensors source = ShardedSafetensors.open(index)) {
            assertThat(source.names()).containsExactly("c", "a", "b");
            assertThat(source.shardNames()).containsExactly("model-00002-of-00002.safetensors", "model-00001-of-00002.safetensors");
            assertThat(source.info("c")).isEqualTo(new TensorInfo("c", DType.BF16, new long[] {2}));
            assertThat(source.floats("c").get(1)).isEqualTo(5f);
            assertThat(source.floats("b").get(0)).isEqualTo(3f);
            assertThatThrownBy(() -> source.info("d")).hasMessage(index + ": no tensor named d in weight_map");
        }
    }

    @Test
    void open_missingShard_namesShardAndFix() throws IOException {
        shards();
        Path index = index("{\"a\": \"model-00001-of-00002.safetensors\", \"z\": \"model-00003-of-00003.safetensors\"}");

        assertThatThrownBy(() -> ShardedSafetensors.open(index)).isInstanceOf(ModelFormatException.class)
                .hasMessage(index + ": shard model-00003-of-00003.safetensors (holding z) is not in " + dir.toAbsolutePath()
                        + "; download every shard weight_map lists");
    }

    @Test
    void open_tensorListedButAbsent_namesShardAndTensor() throws IOException {
        shards();
        Path index = index("{\"a\": \"model-00001-of-00002.safetensors\", \"c\": \"model-00001-of-00002.safetensors\"}");

        assertThatThrownBy(() -> ShardedSafetensors.open(index)).isInstanceOf(ModelFormatException.class)
                .hasMessage(dir.toAbsolutePath().resolve("model-00001-of-00002.safetensors") + ": tensor c is listed in "
                        + "model.safetensors.index.json but absent from this shard; the download is incomplete or the index is stale");
    }

    @Test
    void open_shardOutsideFolder_isRejected() throws IOException {
        Path index = index("{\"a\": \"../elsewhere.safetensors\"}");

        assertThatThrownBy(() -> ShardedSafetensors.open(index)).isInstanceOf(ModelFormatException.class)
                .hasMessage(index + ": weight_map entry a is the string \"../elsewhere.safetensors\"; expected the file name "
                        + "of a shard in the same folder");
    }

    @Test
    void open_noWeightMap_isRejected() throws IOException {
        Path index = Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"metadata\": {}}");

        assertThatThrownBy(() -> ShardedSafetensors.open(index)).isInstanceOf(ModelFormatException.class)
                .hasMessage(index + ": field weight_map is missing; expected an object mapping each tensor name to its shard file");
    }
}
