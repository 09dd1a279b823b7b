package dev.tokenbench.calibrate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tokenbench.measure.ResultJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One calibration of this machine and of the frameworks' kernels: every timed trial, and the limits derived from
 * them. The machine limit per thread count is the best streaming bandwidth of any {@link StreamMethod} and the best
 * GEMM rate; the framework limit of a model is the fastest trial of its weight products over the layouts tried.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param measuredAt    when the calibration started
 * @param streams       every (method, threads) bandwidth figure
 * @param gemms         every threads GEMM figure
 * @param products      every (framework, model, precision, layout, tokens, threads) products figure
 */
@JsonIgnoreProperties(value = "machineLimits", allowGetters = true)
public record Calibration(int schemaVersion, Instant measuredAt, List<StreamFigure> streams, List<GemmFigure> gemms,
                          List<ProductsFigure> products) {

    /** The JSON layout this code writes. */
    public static final int SCHEMA_VERSION = 1;

    public Calibration {
        streams = List.copyOf(streams);
        gemms = List.copyOf(gemms);
        products = List.copyOf(products);
    }

    /**
     * The machine limit on {@code threads} threads: the best bandwidth over all methods (and which method reached
     * it), and the best GEMM rate; absent when that thread count was not measured.
     */
    public Optional<MachineLimit> machineLimit(int threads) {
        Optional<StreamFigure> fastestStream = streams.stream().filter(figure -> figure.threads() == threads)
                .max(Comparator.comparingDouble(figure -> figure.bytesPerSecond().best()));
        if (fastestStream.isEmpty()) {
            return Optional.empty();
        }
        Optional<Double> gemmPeak = gemms.stream().filter(figure -> figure.threads() == threads)
                .map(figure -> figure.flopsPerSecond().best()).max(Double::compare);
        StreamFigure stream = fastestStream.get();
        return Optional.of(new MachineLimit(threads, stream.bytesPerSecond().best(), stream.method(), gemmPeak));
    }

    /** The machine limit of every thread count measured, in increasing thread count. */
    @JsonProperty("machineLimits")
    public List<MachineLimit> machineLimits() {
        TreeSet<Integer> threadCounts = new TreeSet<>();
        streams.forEach(figure -> threadCounts.add(figure.threads()));
        List<MachineLimit> limits = new ArrayList<>();
        for (int threads : threadCounts) {
            machineLimit(threads).ifPresent(limits::add);
        }
        return limits;
    }

    /**
     * The framework limit: the products figure with the fastest trial among the layouts measured for this
     * framework, model, precision, tokens and threads; absent when not measured. Its {@code tokensPerSecond().best()}
     * is the decode rate the framework's kernels allow for the model at that batch size and precision.
     */
    public Optional<ProductsFigure> frameworkLimit(String framework, String model, String precision, int tokens, int threads) {
        return products.stream()
                .filter(figure -> figure.framework().equals(framework) && figure.model().equals(model)
                        && figure.precision().equals(precision) && figure.tokens() == tokens && figure.threads() == threads)
                .max(Comparator.comparingDouble(figure -> figure.tokensPerSecond().best()));
    }

    /** {@link #frameworkLimit(String, String, String, int, int)} at precision {@code f32}. */
    public Optional<ProductsFigure> frameworkLimit(String framework, String model, int tokens, int threads) {
        return frameworkLimit(framework, model, ProductsFigure.DEFAULT_PRECISION, tokens, threads);
    }

    /** This calibration as JSON (tokenbench's mapper: ISO-8601 times, indented). */
    public String toJson() {
        try {
            return ResultJson.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a calibration as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a calibration written by {@link #toJson()}; derived fields in the text ({@code machineLimits}, the
     * {@code Rates}) are ignored and computed again from the trials.
     *
     * @throws IllegalArgumentException naming {@code source} when the text is not a calibration of a known version
     */
    public static Calibration fromJson(String json, String source) {
        Calibration calibration;
        try {
            calibration = ResultJson.mapper().readValue(json, Calibration.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not a calibration: " + e.getOriginalMessage(), e);
        }
        if (calibration.schemaVersion() != SCHEMA_VERSION) {
            throw new IllegalArgumentException(source + ": calibration schemaVersion " + calibration.schemaVersion()
                    + ", this build reads " + SCHEMA_VERSION);
        }
        return calibration;
    }

    /**
     * The machine limit on one thread count.
     *
     * @param threads                  threads
     * @param bandwidthBytesPerSecond  best streaming bandwidth over all methods
     * @param bandwidthMethod          the method that reached it
     * @param gemmFlopsPerSecond       best F32 GEMM rate; absent when GEMM was not measured on this thread count
     */
    public record MachineLimit(int threads, double bandwidthBytesPerSecond, StreamMethod bandwidthMethod,
                               Optional<Double> gemmFlopsPerSecond) {
    }
}
