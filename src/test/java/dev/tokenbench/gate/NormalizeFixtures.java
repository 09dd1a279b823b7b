package dev.tokenbench.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenbench.calibrate.Calibration;
import dev.tokenbench.calibrate.GemmFigure;
import dev.tokenbench.calibrate.StreamFigure;
import dev.tokenbench.calibrate.StreamMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Run folders for {@code --normalize calibration}: the recorded run (fake zero and djl-pytorch tiny, batch 1, 1 thread)
 * with its rates, first-token times and other times scaled by chosen factors, on a named machine with a chosen
 * calibration, so that the normalized ratios are known exactly.
 */
public final class NormalizeFixtures {

    /** The recorded run every fixture is made from. */
    public static final Path RUN = Path.of("src", "test", "resources", "dev", "tokenbench", "report", "runs", "20261128T142326Z-ff5d6c8bbe");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The machine of a fixture: CPU model, host, and its 1-thread limits (absent: not calibrated). */
    public record Machine(String cpuModel, String host, Optional<Limits> limits) {
    }

    /** Limits on one thread count: stream bandwidth and F32 GEMM peak. */
    public record Limits(int threads, double bandwidthBytesPerSecond, double gemmFlopsPerSecond) {
    }

    /** A Xeon host "vm" at 10 GB/s and 20 GFLOP/s on 1 thread (the recorded run's machine). */
    public static final Machine XEON = new Machine("Intel(R) Xeon(R) Processor", "vm", Optional.of(new Limits(1, 10e9, 20e9)));
    /** An EPYC host "ci-7" at 20 GB/s and 80 GFLOP/s on 1 thread: twice the bandwidth, four times the GEMM peak. */
    public static final Machine EPYC = new Machine("AMD EPYC 9654", "ci-7", Optional.of(new Limits(1, 20e9, 80e9)));
    /** A Graviton host "arm-1" calibrated on 2 threads only. */
    public static final Machine GRAVITON = new Machine("Neoverse-V1", "arm-1", Optional.of(new Limits(2, 30e9, 60e9)));
    /** The EPYC host of a run made with --no-calibration. */
    public static final Machine EPYC_UNCALIBRATED = new Machine("AMD EPYC 9654", "ci-7", Optional.empty());

    private NormalizeFixtures() {
    }

    /**
     * Writes {@code dir/name/} with {@code jmh.json} (the recorded run's figures: every {@code *tokens_per_s} times
     * {@code rates}, every {@code ttft.*} times {@code firstToken}, every other time ({@code itl.*}, {@code tpot.*},
     * {@code e2e.*}) times {@code perToken}, memory unchanged) and {@code env.json} naming {@code machine}, with its
     * calibration or {@code calibrationAbsent}.
     *
     * @return the run folder
     */
    public static Path run(Path dir, String name, Machine machine, double rates, double firstToken, double perToken) throws IOException {
        Path folder = dir.resolve(name);
        Files.createDirectories(folder);
        ArrayNode root = (ArrayNode) JSON.readTree(RUN.resolve("jmh.json").toFile());
        for (JsonNode benchmark : root) {
            for (Map.Entry<String, JsonNode> metric : benchmark.get("secondaryMetrics").properties()) {
                String label = metric.getKey();
                double factor = label.endsWith("tokens_per_s") ? rates : label.startsWith("ttft.") ? firstToken
                        : label.startsWith("itl.") || label.startsWith("tpot.") || label.startsWith("e2e.") ? perToken : 1;
                ObjectNode node = (ObjectNode) metric.getValue();
                if (node.get("score").isNumber()) {
                    node.put("score", node.get("score").asDouble() * factor);
                }
                for (JsonNode fork : node.get("rawData")) {
                    ArrayNode values = (ArrayNode) fork;
                    for (int i = 0; i < values.size(); i++) {
                        values.set(i, JSON.getNodeFactory().numberNode(values.get(i).asDouble() * factor));
                    }
                }
            }
        }
        JSON.writeValue(folder.resolve("jmh.json").toFile(), root);
        ObjectNode env = (ObjectNode) JSON.readTree(RUN.resolve("env.json").toFile());
        env.put("cpuModel", machine.cpuModel());
        env.put("hostName", machine.host());
        if (machine.limits().isPresent()) {
            env.set("calibration", JSON.readTree(calibration(machine.limits().get()).toJson()));
        } else {
            env.put("calibrationAbsent", "--no-calibration was given");
        }
        JSON.writeValue(folder.resolve("env.json").toFile(), env);
        return folder;
    }

    /** A calibration whose limits are exactly {@code limits}: one stream trial of 1e9 bytes, one GEMM of n = 1000. */
    static Calibration calibration(Limits limits) {
        long streamNanos = Math.round(1e9 / limits.bandwidthBytesPerSecond() * 1e9);
        long gemmNanos = Math.round(2e9 / limits.gemmFlopsPerSecond() * 1e9);
        return new Calibration(Calibration.SCHEMA_VERSION, Instant.parse("2026-11-28T20:00:00Z"),
                List.of(new StreamFigure(StreamMethod.PYTORCH_SUM, limits.threads(), 1_000_000_000L, List.of(streamNanos))),
                List.of(GemmFigure.square(limits.threads(), 1000, List.of(gemmNanos))), List.of());
    }
}
