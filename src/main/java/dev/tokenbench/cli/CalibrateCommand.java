package dev.tokenbench.cli;

import dev.tokenbench.calibrate.Calibration;
import dev.tokenbench.calibrate.Calibrator;
import dev.tokenbench.calibrate.GemmFigure;
import dev.tokenbench.calibrate.ProductsFigure;
import dev.tokenbench.calibrate.Rates;
import dev.tokenbench.calibrate.StreamFigure;
import dev.tokenbench.model.gguf.GgufPrecision;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code calibrate}: measures the machine limit and djl-pytorch's and llama.cpp's framework limits, and prints them. */
@Command(name = "calibrate", description = {
    "Measures this machine's limits (memory streaming bandwidth by several methods, F32 GEMM peak) per thread count, "
            + "and the framework limits: each model's weight products at 1 and 16 tokens through DJL's PyTorch kernels "
            + "(djl-pytorch) and through ggml at each GGUF precision of --llamacpp-precision (llama.cpp). "
            + "Each figure is the best of several trials, with median and range. See README, 'Limits and calibration'."})
final class CalibrateCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--threads", paramLabel = "T", split = ",", description = "Thread counts, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> threads = new ArrayList<>(List.of(1));

    @Option(names = "--model", paramLabel = "PRESET|PATH", split = ",",
            description = "Models whose weight products to measure: presets or Hugging Face folders (default: ${DEFAULT-VALUE}).")
    List<String> models = new ArrayList<>(List.of("small", "base"));

    @Option(names = "--llamacpp-precision", paramLabel = "P", split = ",",
            description = "GGUF precisions of llama.cpp's products: f32, f16, q8_0, or none (default: ${DEFAULT-VALUE}).")
    List<String> llamaCppPrecisions = new ArrayList<>(List.of("f32"));

    @Option(names = "--machine-only", description = "Measure the machine limit only, no model products.")
    boolean machineOnly;

    @Option(names = "--trials", paramLabel = "N", description = "Measured trials per figure, after 2 warm-up trials (default: ${DEFAULT-VALUE}).")
    int trials = 7;

    @Option(names = "--json", description = "Print the calibration as JSON instead of tables.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (trials < 1) {
            throw new UsageException("--trials must be >= 1, was " + trials);
        }
        if (threads.stream().anyMatch(count -> count < 1)) {
            throw new UsageException("--threads must be >= 1, was " + threads);
        }
        List<GgufPrecision> precisions = new ArrayList<>();
        for (String label : llamaCppPrecisions) {
            if (label.equals("none")) {
                continue;
            }
            precisions.add(GgufPrecision.byLabel(label).orElseThrow(() -> new UsageException("--llamacpp-precision: unknown precision '"
                    + label + "'; valid: " + GgufPrecision.labels() + ", none")));
        }
        Calibrator.Builder builder = Calibrator.builder().optThreads(threads).optTrials(2, trials).optLlamaCppPrecisions(precisions);
        if (!machineOnly) {
            for (String model : models) {
                builder.optModel(Calibrator.NamedModel.resolve(model));
            }
        }
        Calibration calibration = builder.build().measure();
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? calibration.toJson() : render(calibration));
        return ExitCodes.OK;
    }

    /** The calibration as text tables: streams, GEMM, products, and the limits. */
    static String render(Calibration calibration) {
        StringBuilder text = new StringBuilder();
        TextTable streams = new TextTable(List.of("stream method", "threads", "buffer MiB", "best GB/s", "median GB/s", "min-max GB/s", "trials"));
        for (StreamFigure figure : calibration.streams()) {
            Rates rates = figure.bytesPerSecond();
            streams.addRow(List.of(figure.method().label(), String.valueOf(figure.threads()), format("%.0f", figure.bytesPerTrial() / 1048576.0),
                    giga(rates.best()), giga(rates.median()), giga(rates.worst()) + "-" + giga(rates.best()), String.valueOf(figure.trialNanos().size())));
        }
        text.append("Memory streaming bandwidth (bytes read / wall time; GB = 1e9 bytes)\n").append(streams.render()).append('\n');
        TextTable gemms = new TextTable(List.of("F32 GEMM", "threads", "best GFLOP/s", "median GFLOP/s", "min-max GFLOP/s", "trials"));
        for (GemmFigure figure : calibration.gemms()) {
            Rates rates = figure.flopsPerSecond();
            gemms.addRow(List.of(figure.shape(), String.valueOf(figure.threads()), giga(rates.best()), giga(rates.median()),
                    giga(rates.worst()) + "-" + giga(rates.best()), String.valueOf(figure.trialNanos().size())));
        }
        text.append("Matrix multiply through PyTorch (2 x rows x inner x columns FLOP / wall time; the GEMM peak is the best)\n").append(gemms.render()).append('\n');
        if (!calibration.products().isEmpty()) {
            TextTable products = new TextTable(List.of("framework products", "precision", "tokens", "threads", "layout", "best ms", "median ms",
                    "max ms", "best weight GB/s", "best GFLOP/s", "best tokens/s"));
            for (ProductsFigure figure : calibration.products()) {
                products.addRow(List.of(figure.framework() + " " + figure.model() + " (" + format("%.0f MB", figure.weightBytes() / 1e6) + ")",
                        figure.precision(), String.valueOf(figure.tokens()), String.valueOf(figure.threads()), figure.layout().label(),
                        millis(figure.tokens() / figure.tokensPerSecond().best()), millis(figure.tokens() / figure.tokensPerSecond().median()),
                        millis(figure.tokens() / figure.tokensPerSecond().worst()), giga(figure.weightBytesPerSecond().best()),
                        giga(figure.flopsPerSecond().best()), format("%.1f", figure.tokensPerSecond().best())));
            }
            text.append("Framework limit: every weight matrix of a forward step times T tokens, nothing else\n").append(products.render()).append('\n');
        }
        TextTable limits = new TextTable(List.of("machine limit", "bandwidth GB/s", "by", "F32 GEMM GFLOP/s"));
        for (Calibration.MachineLimit limit : calibration.machineLimits()) {
            limits.addRow(List.of(limit.threads() + " thread" + (limit.threads() == 1 ? "" : "s"), giga(limit.bandwidthBytesPerSecond()),
                    limit.bandwidthMethod().label(), limit.gemmFlopsPerSecond().map(CalibrateCommand::giga).orElse("-")));
        }
        text.append("Limits (best of all methods and trials)\n").append(limits.render());
        return text.toString();
    }

    private static String giga(double perSecond) {
        return format("%.1f", perSecond / 1e9);
    }

    private static String millis(double seconds) {
        return format("%.1f", seconds * 1e3);
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
