package dev.tokenbench.engine.djl;

import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.TensorSource;
import java.io.IOException;
import java.nio.FloatBuffer;

/**
 * Test-only LLaMA forward pass in plain Java doubles, written straight from the Hugging Face
 * {@code LlamaForCausalLM} definition (no KV cache: every call recomputes the whole sequence), to check the DJL
 * decoder against. Default rotary frequencies only.
 */
final class ReferenceLlama {

    private final LlamaConfig config;
    private final double[][] embedding;
    private final double[][][] q;
    private final double[][][] k;
    private final double[][][] v;
    private final double[][][] o;
    private final double[][][] gate;
    private final double[][][] up;
    private final double[][][] down;
    private final double[][] inputNorm;
    private final double[][] postNorm;
    private final double[] finalNorm;
    private final double[][] head;

    ReferenceLlama(LlamaConfig config, TensorSource source) throws IOException {
        this.config = config;
        int layers = config.numHiddenLayers();
        int dim = config.hiddenSize();
        embedding = matrix(source, "model.embed_tokens.weight", config.vocabSize(), dim);
        q = new double[layers][][];
        k = new double[layers][][];
        v = new double[layers][][];
        o = new double[layers][][];
        gate = new double[layers][][];
        up = new double[layers][][];
        down = new double[layers][][];
        inputNorm = new double[layers][];
        postNorm = new double[layers][];
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            q[l] = matrix(source, p + "self_attn.q_proj.weight", dim, dim);
            k[l] = matrix(source, p + "self_attn.k_proj.weight", config.kvDim(), dim);
            v[l] = matrix(source, p + "self_attn.v_proj.weight", config.kvDim(), dim);
            o[l] = matrix(source, p + "self_attn.o_proj.weight", dim, dim);
            gate[l] = matrix(source, p + "mlp.gate_proj.weight", config.intermediateSize(), dim);
            up[l] = matrix(source, p + "mlp.up_proj.weight", config.intermediateSize(), dim);
            down[l] = matrix(source, p + "mlp.down_proj.weight", dim, config.intermediateSize());
            inputNorm[l] = matrix(source, p + "input_layernorm.weight", 1, dim)[0];
            postNorm[l] = matrix(source, p + "post_attention_layernorm.weight", 1, dim)[0];
        }
        finalNorm = matrix(source, "model.norm.weight", 1, dim)[0];
        head = config.tieWordEmbeddings() ? embedding : matrix(source, "lm_head.weight", config.vocabSize(), dim);
    }

    private static double[][] matrix(TensorSource source, String name, int rows, int cols) throws IOException {
        FloatBuffer values = source.floats(name);
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = values.get(values.position() + r * cols + c);
            }
        }
        return m;
    }

    /** Logits at the last position of {@code tokens}. */
    double[] logits(int[] tokens) {
        int seq = tokens.length;
        int dim = config.hiddenSize();
        int heads = config.numAttentionHeads();
        int headDim = config.headDim();
        int groups = config.queriesPerKvHead();
        double[][] x = new double[seq][];
        for (int s = 0; s < seq; s++) {
            x[s] = embedding[tokens[s]].clone();
        }
        for (int l = 0; l < config.numHiddenLayers(); l++) {
            double[][] queries = new double[seq][];
            double[][] keys = new double[seq][];
            double[][] values = new double[seq][];
            for (int s = 0; s < seq; s++) {
                double[] h = rmsNorm(x[s], inputNorm[l]);
                queries[s] = rope(multiply(q[l], h), s, heads);
                keys[s] = rope(multiply(k[l], h), s, config.numKeyValueHeads());
                values[s] = multiply(v[l], h);
            }
            for (int s = 0; s < seq; s++) {
                double[] context = new double[dim];
                for (int head = 0; head < heads; head++) {
                    int kvHead = head / groups;
                    double[] scores = new double[s + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int t = 0; t <= s; t++) {
                        double dot = 0;
                        for (int i = 0; i < headDim; i++) {
                            dot += queries[s][head * headDim + i] * keys[t][kvHead * headDim + i];
                        }
                        scores[t] = dot / Math.sqrt(headDim);
                        max = Math.max(max, scores[t]);
                    }
                    double sum = 0;
                    for (int t = 0; t <= s; t++) {
                        scores[t] = Math.exp(scores[t] - max);
                        sum += scores[t];
                    }
                    for (int t = 0; t <= s; t++) {
                        for (int i = 0; i < headDim; i++) {
                            context[head * headDim + i] += scores[t] / sum * values[t][kvHead * headDim + i];
                        }
                    }
                }
                add(x[s], multiply(o[l], context));
            }
            for (int s = 0; s < seq; s++) {
                double[] h = rmsNorm(x[s], postNorm[l]);
                double[] g = multiply(gate[l], h);
                double[] u = multiply(up[l], h);
                for (int i = 0; i < g.length; i++) {
                    g[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
                }
                add(x[s], multiply(down[l], g));
            }
        }
        return multiply(head, rmsNorm(x[seq - 1], finalNorm));
    }

    /** Greedy continuation: {@code newTokens} argmax choices. */
    int[] greedy(int[] prompt, int newTokens) {
        int[] sequence = java.util.Arrays.copyOf(prompt, prompt.length + newTokens);
        for (int t = 0; t < newTokens; t++) {
            sequence[prompt.length + t] = argmax(logits(java.util.Arrays.copyOf(sequence, prompt.length + t)));
        }
        return java.util.Arrays.copyOfRange(sequence, prompt.length, sequence.length);
    }

    static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private double[] rmsNorm(double[] x, double[] weight) {
        double sumSquares = 0;
        for (double value : x) {
            sumSquares += value * value;
        }
        double scale = 1 / Math.sqrt(sumSquares / x.length + config.rmsNormEps());
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * scale * weight[i];
        }
        return out;
    }

    /** Hugging Face rotate-half rotary embedding of each head of {@code x} at {@code position}. */
    private double[] rope(double[] x, int position, int heads) {
        int headDim = config.headDim();
        int half = headDim / 2;
        double[] out = new double[x.length];
        for (int head = 0; head < heads; head++) {
            int base = head * headDim;
            for (int i = 0; i < half; i++) {
                double angle = position / Math.pow(config.ropeTheta(), 2.0 * i / headDim);
                double cos = Math.cos(angle);
                double sin = Math.sin(angle);
                double x1 = x[base + i];
                double x2 = x[base + half + i];
                out[base + i] = x1 * cos - x2 * sin;
                out[base + half + i] = x2 * cos + x1 * sin;
            }
        }
        return out;
    }

    private static double[] multiply(double[][] w, double[] x) {
        double[] out = new double[w.length];
        for (int r = 0; r < w.length; r++) {
            double sum = 0;
            for (int c = 0; c < x.length; c++) {
                sum += w[r][c] * x[c];
            }
            out[r] = sum;
        }
        return out;
    }

    private static void add(double[] x, double[] delta) {
        for (int i = 0; i < x.length; i++) {
            x[i] += delta[i];
        }
    }
}
