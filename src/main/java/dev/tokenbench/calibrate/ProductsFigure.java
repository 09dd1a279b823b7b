package dev.tokenbench.calibrate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A model's weight products through one framework's kernels: each trial multiplies every weight matrix a forward
 * step reads (see {@link ModelProducts}) by the activations of {@code tokens} tokens, one product per matrix, as
 * a decode step ({@code tokens} = batch size, 1 token per sequence) or a prefill pass does. Nothing else of the
 * forward pass is timed, so this is the fastest the framework's kernels allow for that step: its framework limit.
 *
 * @param framework   the framework whose kernels ran ({@code djl-pytorch}, {@code llama.cpp})
 * @param model       the model's name (a preset or a folder)
 * @param precision   the {@code precision} parameter of the rows it is the limit of: the type the weights are
 *                    multiplied in ({@code f32} for djl-pytorch; llama.cpp's GGUF precision {@code f32}, {@code f16} or
 *                    {@code q8_0}); {@code f32} when absent from the JSON (files written before llama.cpp's products)
 * @param layout      how the product was written (see {@link ProductLayout})
 * @param tokens      columns of the activation: tokens per step
 * @param threads     the framework's compute threads
 * @param weightBytes bytes of the weight matrices read per trial, at the precision
 * @param weightElements elements of those matrices (parameters taking part in the products)
 * @param trialNanos  wall time of each measured trial (warm-up trials excluded), in order
 */
@JsonIgnoreProperties(value = {"weightBytesPerSecond", "flopsPerSecond", "tokensPerSecond"}, allowGetters = true)
public record ProductsFigure(String framework, String model, String precision, ProductLayout layout, int tokens, int threads,
                             long weightBytes, long weightElements, List<Long> trialNanos) {

    /** The precision of a figure that names none: every figure before llama.cpp's was djl-pytorch's float32. */
    public static final String DEFAULT_PRECISION = "f32";

    public ProductsFigure {
        precision = precision == null ? DEFAULT_PRECISION : precision;
        trialNanos = List.copyOf(trialNanos);
    }

    /** Weight bytes streamed per second (best, median, spread). */
    @JsonProperty("weightBytesPerSecond")
    public Rates weightBytesPerSecond() {
        return Rates.of(weightBytes, trialNanos);
    }

    /** FLOP per second: {@code 2 * weightElements * tokens} per trial (best, median, spread). */
    @JsonProperty("flopsPerSecond")
    public Rates flopsPerSecond() {
        return Rates.of(2.0 * weightElements * tokens, trialNanos);
    }

    /** Tokens per second if a step cost only its products: {@code tokens} per trial (best, median, spread). */
    @JsonProperty("tokensPerSecond")
    public Rates tokensPerSecond() {
        return Rates.of(tokens, trialNanos);
    }
}
