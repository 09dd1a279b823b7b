package dev.tokenbench.calibrate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * F32 matrix-multiply throughput of one shape on one thread count: each trial multiplies a {@code rows x inner} by an
 * {@code inner x columns} float32 matrix with PyTorch's {@code matmul} through DJL, {@code 2 * rows * inner * columns}
 * floating-point operations. The calibration measures several shapes (squares, and a model's prefill products) and
 * takes the best as the GEMM peak: one shape alone understates what the kernels reach on others.
 *
 * @param threads    PyTorch's intra-op threads
 * @param rows       rows of the left matrix (and of the product)
 * @param inner      columns of the left matrix, rows of the right one
 * @param columns    columns of the right matrix (and of the product)
 * @param trialNanos wall time of each measured trial (warm-up trials excluded), in order
 */
@JsonIgnoreProperties(value = {"flopsPerSecond", "shape"}, allowGetters = true)
public record GemmFigure(int threads, int rows, int inner, int columns, List<Long> trialNanos) {

    public GemmFigure {
        if (rows < 1 || inner < 1 || columns < 1) {
            throw new IllegalArgumentException("GEMM dimensions must be >= 1, was " + rows + "x" + inner + "x" + columns);
        }
        trialNanos = List.copyOf(trialNanos);
    }

    /** A square product: two {@code size x size} matrices. */
    public static GemmFigure square(int threads, int size, List<Long> trialNanos) {
        return new GemmFigure(threads, size, size, size, trialNanos);
    }

    /** Reads this figure's JSON, and that of calibrations written before shapes were recorded ({@code size}: a square). */
    @JsonCreator
    static GemmFigure fromJson(@JsonProperty("threads") int threads, @JsonProperty("size") Integer size,
                               @JsonProperty("rows") Integer rows, @JsonProperty("inner") Integer inner,
                               @JsonProperty("columns") Integer columns, @JsonProperty("trialNanos") List<Long> trialNanos) {
        if (rows == null && size != null) {
            return square(threads, size, trialNanos);
        }
        if (rows == null || inner == null || columns == null) {
            throw new IllegalArgumentException("a GEMM figure needs rows, inner and columns (or size for a square)");
        }
        return new GemmFigure(threads, rows, inner, columns, trialNanos);
    }

    /** The shape as {@code [rows x inner] . [inner x columns]}, as tables print it. */
    @JsonProperty("shape")
    public String shape() {
        return "[" + rows + "x" + inner + "].[" + inner + "x" + columns + "]";
    }

    /** Floating-point operations per trial: {@code 2 * rows * inner * columns} (one multiply and one add per term). */
    public double flopsPerTrial() {
        return 2.0 * rows * inner * columns;
    }

    /** FLOP per second: best (the figure's limit), median and spread over the trials. */
    @JsonProperty("flopsPerSecond")
    public Rates flopsPerSecond() {
        return Rates.of(flopsPerTrial(), trialNanos);
    }
}
