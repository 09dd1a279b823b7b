package dev.tokenbench.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;

/**
 * djl-pytorch's weight product on its own, as its forward pass runs every projection: a weight packed once into
 * oneDNN's layout ({@code pack} in {@code llama_decoder.py}) times activations {@code [tokens, in]} through oneDNN's
 * inner product ({@code linear}), each product one call into the compiled module. The calibration times the
 * model's products this way for the framework limit ({@code ProductLayout.ONEDNN_PACKED}).
 *
 * <pre>{@code
 * try (PackedProducts products = PackedProducts.compile(manager)) {
 *     NDArray packed = products.pack(weight, manager);      // [out, in], once
 *     NDArray y = products.multiply(x, packed, manager);   // x [tokens, in] -> y [tokens, out]
 * }
 * }</pre>
 */
public final class PackedProducts implements AutoCloseable {

    private final PtSymbolBlock module;

    private PackedProducts(PtSymbolBlock module) {
        this.module = module;
    }

    /** Compiles the decoder's module (whose {@code pack} and {@code linear} methods this calls). */
    public static PackedProducts compile(NDManager manager) {
        return new PackedProducts(TorchScriptLlama.load(manager, TorchScriptLlama.source()));
    }

    /** {@code weight} {@code [out, in]} in oneDNN's packed layout: a new tensor that {@code manager} owns. */
    public NDArray pack(NDArray weight, NDManager manager) {
        return TorchScriptLlama.pack(module, weight, manager);
    }

    /** {@code input [tokens, in]} times the packed weight, transposed: a new {@code [tokens, out]} array of {@code manager}. */
    public NDArray multiply(NDArray input, NDArray packed, NDManager manager) {
        try (IValue x = IValue.from((PtNDArray) input);
             IValue w = IValue.from((PtNDArray) packed);
             IValue product = IValueUtils.runMethod(module, "linear", x, w)) {
            return product.toTensor((PtNDManager) manager);
        }
    }

    @Override
    public void close() {
        module.close();
    }
}
