package dev.tokenbench.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.tokenbench.model.LlamaConfig;

/**
 * Rotary position embeddings in the Hugging Face "rotate half" convention: a head vector {@code x = [x1, x2]}
 * (two halves) at position {@code p} becomes {@code x * cos(p f) + [-x2, x1] * sin(p f)}, with the frequencies
 * {@code f} repeated over both halves. This is the layout of q/k weights as stored in Hugging Face checkpoints.
 *
 * <p>The rotation is computed with one copy op: {@code [-x2, x1] * [sin, sin] = [x2, x1] * [-sin, sin]}, so the
 * tables store the sine with the sign of the first half already flipped, and the halves are swapped by a flip.
 * Like the activations, the tables hold one column per position.
 */
final class RotaryEmbedding {

    private final int headDim;
    private final NDArray cos;        // [headDim, positions]
    private final NDArray signedSin;  // [headDim, positions]: -sin on the first half, +sin on the second

    private RotaryEmbedding(int headDim, NDArray cos, NDArray signedSin) {
        this.headDim = headDim;
        this.cos = cos;
        this.signedSin = signedSin;
    }

    /** Tables for positions {@code [0, positions)}, owned by {@code manager}. */
    static RotaryEmbedding create(LlamaConfig config, int positions, NDManager manager) {
        int headDim = config.headDim();
        int half = headDim / 2;
        double[] inverseFrequencies = inverseFrequencies(config);
        float[] cos = new float[headDim * positions];
        float[] signedSin = new float[headDim * positions];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                double angle = p * inverseFrequencies[i];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cos[i * positions + p] = c;
                cos[(half + i) * positions + p] = c;
                signedSin[i * positions + p] = -s;
                signedSin[(half + i) * positions + p] = s;
            }
        }
        Shape shape = new Shape(headDim, positions);
        return new RotaryEmbedding(headDim, manager.create(cos, shape), manager.create(signedSin, shape));
    }

    /**
     * Rotation frequencies {@code f_i = theta^(-2i / headDim)} for {@code i < headDim / 2}, with Llama 3.1
     * scaling when the config asks for it: long wavelengths divided by {@code factor}, short ones kept, and a
     * smooth blend in between.
     */
    static double[] inverseFrequencies(LlamaConfig config) {
        int headDim = config.headDim();
        double[] frequencies = new double[headDim / 2];
        for (int i = 0; i < frequencies.length; i++) {
            frequencies[i] = 1.0 / Math.pow(config.ropeTheta(), (2.0 * i) / headDim);
        }
        config.ropeScaling().ifPresent(scaling -> {
            double lowFrequencyWavelength = scaling.originalMaxPositionEmbeddings() / scaling.lowFreqFactor();
            double highFrequencyWavelength = scaling.originalMaxPositionEmbeddings() / scaling.highFreqFactor();
            for (int i = 0; i < frequencies.length; i++) {
                double wavelength = 2 * Math.PI / frequencies[i];
                if (wavelength > lowFrequencyWavelength) {
                    frequencies[i] /= scaling.factor();
                } else if (wavelength >= highFrequencyWavelength) {
                    double smooth = (scaling.originalMaxPositionEmbeddings() / wavelength - scaling.lowFreqFactor())
                            / (scaling.highFreqFactor() - scaling.lowFreqFactor());
                    frequencies[i] = (1 - smooth) * frequencies[i] / scaling.factor() + smooth * frequencies[i];
                }
            }
        });
        return frequencies;
    }

    /** Cosine table {@code [headDim, positions]}. */
    NDArray cos() {
        return cos;
    }

    /** Sine table {@code [headDim, positions]}, negated on the first half of each head. */
    NDArray signedSin() {
        return signedSin;
    }

    /** Number of positions the tables cover. */
    long positions() {
        return cos.getShape().get(1);
    }

    /**
     * Cos and signed-sin columns for {@code seq} consecutive positions of each row starting at
     * {@code startPositions[row]}, shaped {@code [headDim, rows or 1, seq]} to broadcast over heads.
     */
    Angles angles(NDManager manager, int[] startPositions, int seq) {
        boolean sameStart = true;
        for (int start : startPositions) {
            sameStart &= start == startPositions[0];
        }
        if (sameStart) {
            NDIndex range = new NDIndex().addAllDim().addSliceDim(startPositions[0], startPositions[0] + seq);
            return new Angles(
                    cos.get(manager, range).reshape(headDim, 1, seq),
                    signedSin.get(manager, range).reshape(headDim, 1, seq));
        }
        long[] positions = new long[startPositions.length * seq];
        for (int row = 0; row < startPositions.length; row++) {
            for (int s = 0; s < seq; s++) {
                positions[row * seq + s] = startPositions[row] + s;
            }
        }
        NDIndex gather = new NDIndex(":, {}", manager.create(positions));
        return new Angles(
                cos.get(manager, gather).reshape(headDim, startPositions.length, seq),
                signedSin.get(manager, gather).reshape(headDim, startPositions.length, seq));
    }

    /** Cos and signed-sin factors for the positions of one forward pass, {@code [headDim, rows or 1, seq]}. */
    record Angles(NDArray cos, NDArray signedSin) {
    }

    /**
     * Rotates {@code x}: {@code [heads, headDim, rows, seq]} (a view is fine; it is only read) into a new array in
     * {@code x}'s manager.
     */
    NDArray apply(NDArray x, Angles angles) {
        Shape shape = x.getShape();
        long heads = shape.get(0);
        long tokens = shape.get(2) * shape.get(3);
        // swapped: [x2, x1], the halves exchanged
        NDArray swapped = x.reshape(heads, 2, headDim / 2, tokens).flip(1).reshape(shape);
        NDArray rotated = x.mul(angles.cos());
        return rotated.addi(swapped.muli(angles.signedSin()));
    }
}
