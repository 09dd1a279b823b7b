package dev.tokenbench.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelGeneratorTest {

    /** SHA-256 of the tiny preset's model.safetensors with seed 42: changes only with a deliberate generator change. */
    static final String TINY_SEED42_SHA256 = "d2de0995f8aad042ae77cc417804a5d0f266c1d1552dab1e097c92651796df90";

    @TempDir
    static Path dir;

    static Path tiny;

    @BeforeAll
    static void generate() throws IOException {
        tiny = Files.createDirectory(dir.resolve("tiny"));
        ModelGenerator.generate(ModelPreset.TINY, 42, tiny);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void generate_tinySeed42_matchesPinnedSha256() throws IOException {
        assertThat(sha256(tiny.resolve("model.safetensors"))).isEqualTo(TINY_SEED42_SHA256);
    }

    @Test
    void generate_writesHuggingFaceLayout() throws IOException {
        try (var files = Files.list(tiny)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json");
        }
        assertThat(LlamaConfig.read(tiny.resolve("config.json"))).isEqualTo(ModelPreset.TINY.config());
    }

    @Test
    void generate_otherSeed_givesOtherWeights() throws IOException {
        Path other = Files.createDirectory(dir.resolve("other"));

        ModelGenerator.generate(ModelPreset.TINY, 43, other);

        assertThat(sha256(other.resolve("model.safetensors"))).isNotEqualTo(TINY_SEED42_SHA256);
    }

    @Test
    void generate_tiny_finalLogitsHaveStandardDeviationOneToThree() throws IOException {
        try (LlamaCheckpoint checkpoint = LlamaCheckpoint.open(tiny)) {
            for (int token : new int[] {1, 300, 1000, 2047}) {
                float[] logits = forwardOneToken(checkpoint, token);
                double mean = 0;
                for (float logit : logits) {
                    mean += logit;
                }
                mean /= logits.length;
                double variance = 0;
                for (float logit : logits) {
                    variance += (logit - mean) * (logit - mean);
                }
                assertThat(Math.sqrt(variance / logits.length)).as("token %d", token).isBetween(1.0, 3.0);
            }
        }
    }

    /** Logits of a one-token sequence: with one position, attention returns each head's value vector. */
    static float[] forwardOneToken(LlamaCheckpoint checkpoint, int token) throws IOException {
        LlamaConfig config = checkpoint.config();
        TensorSource weights = checkpoint.tensors();
        int dim = config.hiddenSize();
        float[] x = new float[dim];
        weights.floats(LlamaTensors.EMBEDDING).get(token * dim, x);
        for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
            String prefix = "model.layers." + layer + ".";
            float[] h = rmsNorm(x, weights.floats(prefix + "input_layernorm.weight"), config.rmsNormEps());
            float[] v = matVec(weights.floats(prefix + "self_attn.v_proj.weight"), h, config.kvDim());
            float[] attention = new float[dim];
            int headDim = config.headDim();
            for (int head = 0; head < config.numAttentionHeads(); head++) {
                System.arraycopy(v, head / config.queriesPerKvHead() * headDim, attention, head * headDim, headDim);
            }
            add(x, matVec(weights.floats(prefix + "self_attn.o_proj.weight"), attention, dim));
            float[] h2 = rmsNorm(x, weights.floats(prefix + "post_attention_layernorm.weight"), config.rmsNormEps());
            float[] gate = matVec(weights.floats(prefix + "mlp.gate_proj.weight"), h2, config.intermediateSize());
            float[] up = matVec(weights.floats(prefix + "mlp.up_proj.weight"), h2, config.intermediateSize());
            for (int i = 0; i < gate.length; i++) {
                gate[i] = (float) (gate[i] / (1 + Math.exp(-gate[i])) * up[i]);
            }
            add(x, matVec(weights.floats(prefix + "mlp.down_proj.weight"), gate, dim));
        }
        float[] normed = rmsNorm(x, weights.floats(LlamaTensors.FINAL_NORM), config.rmsNormEps());
        return matVec(weights.floats(checkpoint.outputWeightName()), normed, config.vocabSize());
    }

    private static float[] rmsNorm(float[] x, FloatBuffer weight, double eps) {
        double sumSquares = 0;
        for (float value : x) {
            sumSquares += value * value;
        }
        double scale = 1 / Math.sqrt(sumSquares / x.length + eps);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] * scale * weight.get(i));
        }
        return out;
    }

    private static float[] matVec(FloatBuffer matrix, float[] x, int rows) {
        float[] out = new float[rows];
        for (int row = 0; row < rows; row++) {
            double sum = 0;
            for (int col = 0; col < x.length; col++) {
                sum += matrix.get(row * x.length + col) * x[col];
            }
            out[row] = (float) sum;
        }
        return out;
    }

    private static void add(float[] x, float[] delta) {
        for (int i = 0; i < x.length; i++) {
            x[i] += delta[i];
        }
    }
}
