package dev.tokenbench.gate;

import dev.tokenbench.calibrate.Calibration;
import dev.tokenbench.measure.Figure;
import dev.tokenbench.measure.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code --normalize calibration}: puts runs from different machines on one machine's scale by the calibration each
 * run recorded in its {@code env.json}. The reference is the first baseline run's machine. A figure normalized by a
 * limit L ({@link Figure#limit()}: the streaming bandwidth or the F32 GEMM peak, on the row's thread count) becomes,
 * for a run whose machine has L_run where the reference has L_ref: a rate (higher is better) times L_ref / L_run, a
 * time (lower is better) times L_run / L_ref; a figure without a limit (memory) is unchanged. The reference's own
 * figures are unchanged, so the gate's columns stay in their units and read "as if run on the baseline's machine";
 * the ratio current / baseline is the ratio of the figures divided (rates) or multiplied (times) by their own
 * machine's limit.
 */
public final class CalibrationScale {

    /** The value of {@code --normalize} that selects this normalization. */
    public static final String CALIBRATION = "calibration";

    private final Calibration reference;
    private final Path referenceFile;

    private CalibrationScale(Calibration reference, Path referenceFile) {
        this.reference = reference;
        this.referenceFile = referenceFile;
    }

    /**
     * The scale of the run at {@code referenceRun} (a run folder or its JMH JSON file).
     *
     * @param flag the flag the run came from, for messages
     * @throws GateInputException when the run has no readable calibration: one line naming the file and the fix
     */
    public static CalibrationScale to(Path referenceRun, String flag) throws GateInputException {
        return new CalibrationScale(calibrationOf(referenceRun, flag), environmentFile(referenceRun));
    }

    /**
     * The calibration recorded with the run at {@code run}.
     *
     * @throws GateInputException one line naming the run's {@code env.json}, what is missing and the fix
     */
    static Calibration calibrationOf(Path run, String flag) throws GateInputException {
        Path env = environmentFile(run);
        String prefix = flag + " " + run + ": --normalize calibration needs the run's calibration, but ";
        if (!Files.isRegularFile(env)) {
            throw new GateInputException(prefix + "there is no " + env + "; give the run's folder with its env.json, or drop --normalize");
        }
        Optional<RunFolder.CalibrationRecord> recorded;
        try {
            recorded = RunFolder.at(env.getParent() == null ? Path.of(".") : env.getParent()).readCalibration();
        } catch (IOException | IllegalArgumentException e) {
            throw new GateInputException(prefix + env + " cannot be read (" + e.getMessage() + "); rerun it, or drop --normalize");
        }
        if (recorded.isEmpty()) {
            throw new GateInputException(prefix + env + " holds none (the run predates calibration); rerun it with this version, or drop --normalize");
        }
        if (recorded.get().json().isEmpty()) {
            throw new GateInputException(prefix + env + " says it was not calibrated (" + recorded.get().absentBecause()
                    + "); rerun it without --no-calibration, or drop --normalize");
        }
        try {
            return Calibration.fromJson(recorded.get().json().get(), env.toString());
        } catch (IllegalArgumentException e) {
            throw new GateInputException(prefix + e.getMessage() + "; rerun it, or drop --normalize");
        }
    }

    private static Path environmentFile(Path run) {
        RunFolder folder = Files.isDirectory(run) ? RunFolder.at(run) : RunFolder.containing(run);
        return folder.environmentFile();
    }

    /**
     * The factor that puts {@code figure} of a run measured with {@code runCalibration} on {@code threads} threads on
     * the reference machine's scale, or why there is none (a limit either calibration did not measure).
     *
     * @param runFile the run's {@code env.json}, for the reason
     */
    Factor factor(GateFigure figure, Calibration runCalibration, Path runFile, String threads) {
        if (figure.limit() == Figure.Limit.NONE) {
            return new Factor(OptionalDouble.of(1), "");
        }
        int threadCount;
        try {
            threadCount = Integer.parseInt(threads);
        } catch (NumberFormatException e) {
            return new Factor(OptionalDouble.empty(), "threads '" + threads + "' is not a number, so no limit of the calibration applies");
        }
        OptionalDouble run = limit(runCalibration, figure.limit(), threadCount);
        OptionalDouble ref = limit(reference, figure.limit(), threadCount);
        if (run.isEmpty() || ref.isEmpty()) {
            Path missing = ref.isEmpty() ? referenceFile : runFile;
            return new Factor(OptionalDouble.empty(), "no " + name(figure.limit()) + " on " + threadCount + (threadCount == 1 ? " thread" : " threads")
                    + " in the calibration of "
                    + missing + ", so " + figure.name() + " cannot be normalized");
        }
        double ratio = ref.getAsDouble() / run.getAsDouble();
        return new Factor(OptionalDouble.of(figure.higherIsBetter() ? ratio : 1 / ratio), "");
    }

    /** The reference's limits in words, for the gate's outputs. */
    public String describe(String machineDifference) {
        StringBuilder text = new StringBuilder("Normalized by calibration (" + machineDifference + "): every run on the scale of "
                + referenceFile + " (");
        boolean first = true;
        for (Calibration.MachineLimit limit : reference.machineLimits()) {
            text.append(first ? "" : "; ").append(limit.threads()).append(limit.threads() == 1 ? " thread: " : " threads: ")
                    .append(String.format(Locale.ROOT, "%.1f GB/s", limit.bandwidthBytesPerSecond() / 1e9));
            limit.gemmFlopsPerSecond().ifPresent(flops -> text.append(String.format(Locale.ROOT, ", %.1f GFLOP/s", flops / 1e9)));
            first = false;
        }
        return text.append("); rates x its limit / the run's, times x the run's limit / its; memory raw.").toString();
    }

    private static OptionalDouble limit(Calibration calibration, Figure.Limit limit, int threads) {
        Optional<Calibration.MachineLimit> machine = calibration.machineLimit(threads);
        if (machine.isEmpty()) {
            return OptionalDouble.empty();
        }
        return switch (limit) {
            case STREAM_BANDWIDTH -> OptionalDouble.of(machine.get().bandwidthBytesPerSecond());
            case GEMM_PEAK -> machine.get().gemmFlopsPerSecond().map(OptionalDouble::of).orElse(OptionalDouble.empty());
            case NONE -> OptionalDouble.of(1);
        };
    }

    private static String name(Figure.Limit limit) {
        return switch (limit) {
            case STREAM_BANDWIDTH -> "stream bandwidth";
            case GEMM_PEAK -> "GEMM peak";
            case NONE -> "limit";
        };
    }

    /**
     * A figure's factor, or why there is none.
     *
     * @param value  the factor, absent when the figure cannot be normalized
     * @param whyNot the reason when absent, else empty
     */
    record Factor(OptionalDouble value, String whyNot) {
    }
}
