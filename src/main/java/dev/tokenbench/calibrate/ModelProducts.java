package dev.tokenbench.calibrate;

import dev.tokenbench.model.LlamaConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The weight matrices one forward step of a LLaMA-family model multiplies its activations by, in the fused
 * {@code [out, in]} layout the djl-pytorch engine keeps: per layer q|k|v {@code [dim + 2 kvDim, dim]}, o {@code [dim,
 * dim]}, gate|up {@code [2 ffn, dim]} and down {@code [dim, ffn]}, then the output head {@code [vocab, dim]} (once
 * per step, whether or not it is tied to the embedding). The embedding lookup and the norms are not products.
 *
 * @param shapes each matrix as {@code {rows, columns}}, in forward order
 */
public record ModelProducts(List<long[]> shapes) {

    public ModelProducts {
        shapes = List.copyOf(shapes);
    }

    /** The products of a model of this shape. */
    public static ModelProducts of(LlamaConfig config) {
        long dim = config.hiddenSize();
        long kvDim = config.kvDim();
        long ffn = config.intermediateSize();
        List<long[]> shapes = new ArrayList<>();
        for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
            shapes.add(new long[] {dim + 2 * kvDim, dim});
            shapes.add(new long[] {dim, dim});
            shapes.add(new long[] {2 * ffn, dim});
            shapes.add(new long[] {dim, ffn});
        }
        shapes.add(new long[] {config.vocabSize(), dim});
        return new ModelProducts(shapes);
    }

    /** Elements of all matrices: the parameters a step multiplies, each once per token. */
    public long weightElements() {
        long elements = 0;
        for (long[] shape : shapes) {
            elements += shape[0] * shape[1];
        }
        return elements;
    }

    /** Bytes of all matrices in float32: what a step at batch 1 must stream from memory at least once. */
    public long weightBytes() {
        return weightElements() * Float.BYTES;
    }
}
