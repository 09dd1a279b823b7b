package dev.tokenbench.model.gguf;

import dev.tokenbench.model.DType;
import dev.tokenbench.model.HalfFloats;
import dev.tokenbench.model.LlamaCheckpoint;
import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.ModelCache;
import dev.tokenbench.model.ModelFormatException;
import dev.tokenbench.model.ModelPreset;
import dev.tokenbench.model.RealShapedFixtures;
import dev.tokenbench.model.tokenizer.BpeVocabulary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writer -> reader round trips of the tiny preset at every precision, the Q8_0 block layout and the q/k row order. */
class GgufConverterTest {

    @TempDir
    static Path dir;

    static Path tiny;

    @BeforeAll
    static void generate() throws IOException {
        tiny = dir.resolve("tiny");
        ModelCache.generateInto(ModelPreset.TINY, ModelCache.DEFAULT_SEED, tiny);
    }

    private static Path convert(GgufPrecision precision) throws IOException {
        Path out = dir.resolve("out-" + precision.label() + ".gguf");
        if (!Files.exists(out)) {
            GgufConverter.convert(tiny, precision, out);
        }
        return out;
    }

    @Test
    void convert_f32_writesLlamaMetadataWithTheTypesLlamaCppRequires() throws IOException {
        LlamaConfig config = ModelPreset.TINY.config();
        try (GgufFile gguf = GgufFile.open(convert(GgufPrecision.F32))) {
            assertThat(gguf.value("general.architecture").orElseThrow()).isEqualTo(GgufValue.string("llama"));
            assertThat(gguf.value("general.alignment").orElseThrow()).isEqualTo(GgufValue.uint32(32));
            assertThat(gguf.value("general.file_type").orElseThrow()).isEqualTo(GgufValue.uint32(0));
            assertThat(gguf.value("llama.context_length").orElseThrow()).isEqualTo(GgufValue.uint32(512));
            assertThat(gguf.value("llama.embedding_length").orElseThrow()).isEqualTo(GgufValue.uint32(128));
            assertThat(gguf.value("llama.block_count").orElseThrow()).isEqualTo(GgufValue.uint32(4));
            assertThat(gguf.value("llama.feed_forward_length").orElseThrow()).isEqualTo(GgufValue.uint32(384));
            assertThat(gguf.value("llama.attention.head_count").orElseThrow()).isEqualTo(GgufValue.uint32(4));
            assertThat(gguf.value("llama.attention.head_count_kv").orElseThrow()).isEqualTo(GgufValue.uint32(2));
            assertThat(gguf.value("llama.rope.dimension_count").orElseThrow()).isEqualTo(GgufValue.uint32(32));
            assertThat(gguf.value("llama.attention.layer_norm_rms_epsilon").orElseThrow()).isEqualTo(GgufValue.float32(1e-5f));
            assertThat(gguf.value("llama.rope.freq_base").orElseThrow()).isEqualTo(GgufValue.float32(10000f));
            assertThat(gguf.value("tokenizer.ggml.model").orElseThrow()).isEqualTo(GgufValue.string("llama"));
            assertThat(gguf.value("tokenizer.ggml.bos_token_id").orElseThrow()).isEqualTo(GgufValue.uint32(config.bosTokenId()));
            assertThat(gguf.value("tokenizer.ggml.eos_token_id").orElseThrow()).isEqualTo(GgufValue.uint32(config.eosTokenId()));
        }
    }

    @Test
    void convert_f32_writesExactlyTheGeneratedVocabularyWithItsTypesAndScores() throws IOException {
        BpeVocabulary vocabulary = BpeVocabulary.ofSize(ModelPreset.TINY.config().vocabSize());
        List<Object> types = new ArrayList<>();
        List<Object> scores = new ArrayList<>();
        for (int id = 0; id < vocabulary.size(); id++) {
            types.add((long) vocabulary.type(id).ggufType());
            scores.add(vocabulary.score(id));
        }
        try (GgufFile gguf = GgufFile.open(convert(GgufPrecision.F32))) {
            assertThat(gguf.value("tokenizer.ggml.tokens").orElseThrow().elements()).isEqualTo(vocabulary.tokens());
            assertThat(gguf.value("tokenizer.ggml.token_type").orElseThrow().elements()).isEqualTo(types);
            assertThat(gguf.value("tokenizer.ggml.scores").orElseThrow().elements()).isEqualTo(scores);
            assertThat(gguf.value("tokenizer.ggml.unknown_token_id").orElseThrow()).isEqualTo(GgufValue.uint32(0));
        }
    }

    @Test
    void convert_f32_writesTheTensorTableInGgmlOrderWithAlignedOffsets() throws IOException {
        try (GgufFile gguf = GgufFile.open(convert(GgufPrecision.F32))) {
            assertThat(gguf.tensors()).hasSize(1 + 4 * 9 + 2);
            assertThat(gguf.tensor("token_embd.weight").dims()).containsExactly(128, 2048);
            assertThat(gguf.tensor("blk.0.attn_q.weight").dims()).containsExactly(128, 128);
            assertThat(gguf.tensor("blk.0.attn_k.weight").dims()).containsExactly(128, 64);
            assertThat(gguf.tensor("blk.3.ffn_down.weight").dims()).containsExactly(384, 128);
            assertThat(gguf.tensor("blk.3.ffn_gate.weight").dims()).containsExactly(128, 384);
            assertThat(gguf.tensor("output.weight").dims()).containsExactly(128, 2048);
            assertThat(gguf.tensor("output_norm.weight").dims()).containsExactly(128);
            for (GgufFile.Tensor tensor : gguf.tensors()) {
                assertThat(tensor.type()).isEqualTo(GgmlType.F32);
                assertThat(tensor.offset() % 32).isZero();
            }
        }
    }

    @Test
    void convert_f32_copiesValuesExactlyAndUnpermutesQueryAndKeyRows() throws IOException {
        LlamaConfig config = ModelPreset.TINY.config();
        try (GgufFile gguf = GgufFile.open(convert(GgufPrecision.F32)); LlamaCheckpoint checkpoint = LlamaCheckpoint.open(tiny)) {
            assertThat(gguf.floats("token_embd.weight")).containsExactly(floats(checkpoint, "model.embed_tokens.weight"));
            assertThat(gguf.floats("blk.1.ffn_down.weight")).containsExactly(floats(checkpoint, "model.layers.1.mlp.down_proj.weight"));
            float[] q = floats(checkpoint, "model.layers.2.self_attn.q_proj.weight");
            float[] k = floats(checkpoint, "model.layers.2.self_attn.k_proj.weight");
            float[] ggufQ = gguf.floats("blk.2.attn_q.weight");
            float[] ggufK = gguf.floats("blk.2.attn_k.weight");
            int dim = config.hiddenSize();
            int half = config.headDim() / 2;
            // Head 1, pair 3: GGUF rows 2*3 and 2*3+1 of the head are Hugging Face rows 3 and half + 3 of the head.
            int head = config.headDim();
            for (int c = 0; c < dim; c++) {
                assertThat(ggufQ[(head + 6) * dim + c]).isEqualTo(q[(head + 3) * dim + c]);
                assertThat(ggufQ[(head + 7) * dim + c]).isEqualTo(q[(head + half + 3) * dim + c]);
                assertThat(ggufK[(head + 7) * dim + c]).isEqualTo(k[(head + half + 3) * dim + c]);
            }
        }
    }

    @Test
    void convert_f16_storesMatricesAsNearestHalfAndVectorsAsF32() throws IOException {
        try (GgufFile gguf = GgufFile.open(convert(GgufPrecision.F16)); LlamaCheckpoint checkpoint = LlamaCheckpoint.open(tiny)) {
            assertThat(gguf.tensor("blk.0.ffn_up.weight").type()).isEqualTo(GgmlType.F16);
            assertThat(gguf.tensor("blk.0.attn_norm.weight").type()).isEqualTo(GgmlType.F32);
            assertThat(gguf.value("general.file_type").orElseThrow()).isEqualTo(GgufValue.uint32(1));
            float[] original = floats(checkpoint, "model.layers.0.mlp.up_proj.weight");
            float[] stored = gguf.floats("blk.0.ffn_up.weight");
            for (int i = 0; i < original.length; i++) {
                assertThat(stored[i]).isEqualTo(HalfFloats.f16ToFloat(HalfFloats.floatToF16(original[i])));
            }
        }
    }

    @Test
    void convert_q8_0_storesBlocksWhoseValuesAreWithinHalfAStepPlusTheF16ScaleError() throws IOException {
        try (GgufFile gguf = GgufFile.open(convert(GgufPrecision.Q8_0)); LlamaCheckpoint checkpoint = LlamaCheckpoint.open(tiny)) {
            GgufFile.Tensor tensor = gguf.tensor("blk.0.ffn_up.weight");
            assertThat(tensor.type()).isEqualTo(GgmlType.Q8_0);
            assertThat(tensor.byteCount()).isEqualTo(128L * 384 / 32 * 34);
            assertThat(gguf.value("general.file_type").orElseThrow()).isEqualTo(GgufValue.uint32(7));
            float[] original = floats(checkpoint, "model.layers.0.mlp.up_proj.weight");
            float[] stored = gguf.floats("blk.0.ffn_up.weight");
            for (int block = 0; block < original.length / 32; block++) {
                float amax = 0;
                for (int j = 0; j < 32; j++) {
                    amax = Math.max(amax, Math.abs(original[block * 32 + j]));
                }
                for (int j = 0; j < 32; j++) {
                    assertThat(stored[block * 32 + j]).isCloseTo(original[block * 32 + j], within(amax / 127f * 0.6f + 1e-6f));
                }
            }
        }
    }

    @Test
    void quantizeQ8_0_handComputedBlock_matchesGgmlLayout() {
        float[] values = new float[32];
        values[0] = 127f;
        values[1] = -0.5f;
        values[2] = 0.5f;
        values[3] = 2.5f;
        values[4] = -2.5f;
        values[5] = -127f;
        values[6] = 63.49f;
        ByteBuffer out = ByteBuffer.allocate(34).order(ByteOrder.LITTLE_ENDIAN);
        GgufWriter.quantizeQ8_0(values, 0, out);
        byte[] expected = new byte[34];
        expected[0] = 0x00; // scale d = 127 / 127 = 1.0 = F16 0x3C00, little-endian
        expected[1] = 0x3C;
        expected[2] = 127;
        expected[3] = -1; // roundf(-0.5) = -1: halves go away from zero
        expected[4] = 1;
        expected[5] = 3;
        expected[6] = -3;
        expected[7] = -127;
        expected[8] = 63;
        assertThat(out.array()).containsExactly(expected);
    }

    @Test
    void quantizeQ8_0_zeroBlock_hasZeroScaleAndZeros() {
        ByteBuffer out = ByteBuffer.allocate(34).order(ByteOrder.LITTLE_ENDIAN);
        GgufWriter.quantizeQ8_0(new float[32], 0, out);
        assertThat(out.array()).containsOnly(0);
    }

    @Test
    void ropeRowOrder_interleavesTheTwoHalvesOfEachHead() {
        assertThat(GgufConverter.ropeRowOrder(1, 4)).containsExactly(0, 2, 1, 3);
        assertThat(GgufConverter.ropeRowOrder(2, 6)).containsExactly(0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11);
    }

    @Test
    void cached_leftoverOfAKilledConversion_isRemovedAndTheFileConvertedWhole() throws IOException {
        // What a conversion killed before its rename leaves: its temporary sibling, never a file under the final name.
        Path leftover = tiny.resolve(".model-q8_0.gguf.0b4e3c1a-killed.tmp");
        Files.writeString(leftover, "GGUF, cut short");
        Path unrelated = tiny.resolve(".model-f32.gguf.0b4e3c1a-other.tmp");
        Files.writeString(unrelated, "another precision's conversion");
        ModelCache cache = new ModelCache(dir.resolve("home"));

        Path gguf = GgufConverter.cached(tiny, GgufPrecision.Q8_0, cache);

        assertThat(leftover).doesNotExist();
        assertThat(unrelated).exists();
        Files.delete(unrelated);
        try (GgufFile file = GgufFile.open(gguf)) {
            assertThat(file.value(GgufConverter.VERSION_KEY)).isPresent();
        }
    }

    @Test
    void modelConvert_killedWhileWritingTheTensors_leavesNoGgufAndTheNextConversionRemovesTheLeftoverSayingSo() throws Exception {
        Path model = dir.resolve("killed").resolve("tiny"); // named tiny, so that general.name is that of the other conversions
        ModelCache.generateInto(ModelPreset.TINY, ModelCache.DEFAULT_SEED, model);
        Path home = dir.resolve("home-killed");
        // A real kill: `model convert` in a child JVM, SIGKILLed while the GGUF holds its tables and first tensor only.
        Path halfWritten = dev.tokenbench.model.KilledCommand.killAfterFirstChunk(home, "model", "convert", model.toString(), "--precision", "f16");

        Path gguf = model.toAbsolutePath().resolve("model-f16.gguf");
        assertThat(gguf).doesNotExist();
        assertThat(halfWritten.getParent()).isEqualTo(model.toAbsolutePath());
        assertThat(halfWritten.getFileName().toString()).startsWith(".model-f16.gguf.").endsWith(".tmp");
        assertThat(Files.size(halfWritten)).isPositive();

        dev.tokenbench.model.KilledCommand.Result next = dev.tokenbench.model.KilledCommand.run(home, "model", "convert", model.toString(), "--precision", "f16");

        assertThat(next.exitCode()).as(next.standardError()).isZero();
        assertThat(next.standardError()).isEqualTo("tokenbench: removed " + halfWritten
                + ", left by a GGUF conversion that was interrupted; converting again\n");
        assertThat(halfWritten).doesNotExist();
        assertThat(Files.readAllBytes(gguf)).isEqualTo(Files.readAllBytes(convert(GgufPrecision.F16)));
    }

    @Test
    void cached_presetFolder_writesModelF16NextToTheModelOnce() throws IOException {
        ModelCache cache = new ModelCache(dir.resolve("home"));
        Path first = GgufConverter.cached(tiny, GgufPrecision.F16, cache);
        assertThat(first).isEqualTo(tiny.toAbsolutePath().resolve("model-f16.gguf"));
        long modified = Files.getLastModifiedTime(first).toMillis();
        assertThat(GgufConverter.cached(tiny, GgufPrecision.F16, cache)).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(first).toMillis()).isEqualTo(modified);
        try (var files = Files.list(tiny)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp"))).isEmpty();
        }
    }

    @Test
    void convert_realShapedShardedBf16WithGroupedQueries_unpermutesKeysPerKeyValueHead() throws IOException {
        LlamaConfig config = RealShapedFixtures.SMOLLM2_REDUCED;
        Path folder = RealShapedFixtures.write(Files.createDirectories(dir.resolve("smollm2")), config, DType.BF16, 2, 7);
        Path out = dir.resolve("smollm2.gguf");
        GgufConverter.convert(folder, GgufPrecision.F32, out);
        try (GgufFile gguf = GgufFile.open(out); LlamaCheckpoint checkpoint = LlamaCheckpoint.open(folder)) {
            assertThat(gguf.value("llama.attention.head_count_kv").orElseThrow()).isEqualTo(GgufValue.uint32(3));
            assertThat(gguf.value("llama.rope.freq_base").orElseThrow()).isEqualTo(GgufValue.float32(100000f));
            assertThat(gguf.tensors()).extracting(GgufFile.Tensor::name).doesNotContain("output.weight");
            assertThat(gguf.tensor("blk.1.attn_k.weight").dims()).containsExactly(576, 192);
            float[] k = floats(checkpoint, "model.layers.1.self_attn.k_proj.weight");
            float[] ggufK = gguf.floats("blk.1.attn_k.weight");
            int[] order = GgufConverter.ropeRowOrder(3, 64);
            for (int row = 0; row < 192; row++) {
                for (int c = 0; c < 576; c += 97) {
                    assertThat(ggufK[row * 576 + c]).isEqualTo(k[order[row] * 576 + c]);
                }
            }
        }
    }

    @Test
    void vocabulary_byteLevelTokenizerJson_becomesGpt2WithMergesAndPadsToVocabSize() throws IOException {
        Path json = dir.resolve("byte-level-tokenizer.json");
        Files.writeString(json, """
                {"added_tokens": [{"id": 0, "content": "<|endoftext|>", "special": true}],
                 "model": {"type": "BPE", "byte_fallback": false, "vocab": {"<|endoftext|>": 0, "a": 1, "b": 2, "ab": 3, "\u0120ab": 4},
                           "merges": ["a b", ["\u0120", "ab"]]}}
                """);
        GgufVocabulary vocabulary = GgufVocabulary.read(json, 7);
        assertThat(vocabulary.model()).isEqualTo("gpt2");
        assertThat(vocabulary.tokens()).containsExactly("<|endoftext|>", "a", "b", "ab", "\u0120ab", "[PAD5]", "[PAD6]");
        assertThat(vocabulary.types()).containsExactly(3, 1, 1, 1, 1, 5, 5);
        assertThat(vocabulary.merges()).containsExactly("a b", "\u0120 ab");
        assertThat(vocabulary.metadata(0, 0)).containsKeys("tokenizer.ggml.merges", "tokenizer.ggml.pre");
    }

    @Test
    void vocabulary_idBeyondVocabSize_isOneLineNamingTheToken() throws IOException {
        Path json = dir.resolve("too-big-tokenizer.json");
        Files.writeString(json, "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"zz\": 9}}}");
        try {
            GgufVocabulary.read(json, 4);
            throw new AssertionError("read");
        } catch (ModelFormatException e) {
            assertThat(e.getMessage()).isEqualTo(json + ": model.vocab.zz has id 9, outside [0, 4) of config.json's vocab_size;"
                    + " the tokenizer does not belong to this model");
        }
    }

    private static float[] floats(LlamaCheckpoint checkpoint, String name) throws IOException {
        FloatBuffer buffer = checkpoint.tensors().floats(name);
        float[] values = new float[buffer.remaining()];
        buffer.get(0, values);
        return values;
    }
}
