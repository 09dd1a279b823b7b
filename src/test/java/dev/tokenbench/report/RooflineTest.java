package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenbench.calibrate.Calibration;
import dev.tokenbench.calibrate.GemmFigure;
import dev.tokenbench.calibrate.ProductLayout;
import dev.tokenbench.calibrate.ProductsFigure;
import dev.tokenbench.calibrate.StreamFigure;
import dev.tokenbench.calibrate.StreamMethod;
import dev.tokenbench.measure.EnvironmentFacts;
import dev.tokenbench.measure.ResultJson;
import dev.tokenbench.measure.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roofline figures of report rows, with and without a calibration, on tiny's step cost (docs/metrics.md). */
class RooflineTest {

    @TempDir
    Path dir;

    private static final WorkloadKey TINY = new WorkloadKey("GenerationLatencyBenchmark.generate", "ss", "tiny", "f32", "1", "128", "64", "1");

    /** 20 GB/s on 1 thread (1e9 bytes in 50 ms), GEMM 1e11 FLOP/s (2e9 FLOP in 20 ms), djl-pytorch's tiny products 500 tokens/s at 1 token. */
    static Calibration calibration() {
        return new Calibration(Calibration.SCHEMA_VERSION, Instant.parse("2026-11-28T20:00:00Z"),
                List.of(new StreamFigure(StreamMethod.PYTORCH_SUM, 1, 1_000_000_000L, List.of(60_000_000L, 50_000_000L))),
                List.of(GemmFigure.square(1, 1000, List.of(20_000_000L, 30_000_000L))),
                List.of(new ProductsFigure("djl-pytorch", "tiny", "f32", ProductLayout.LINEAR, 1, 1, 4_194_304, 1_048_576, List.of(2_000_000L, 3_000_000L))));
    }

    private static ReportRow row(String framework, long kvBytesPerPosition, boolean stepCost) {
        Map<Metric, Double> values = new java.util.EnumMap<>(Metric.class);
        values.put(Metric.DECODE_TOKENS_PER_SECOND, 100.0);
        values.put(Metric.PREFILL_TOKENS_PER_SECOND, 1000.0);
        if (stepCost) {
            values.put(Metric.STEP_WEIGHT_BYTES, 4_194_304.0);
            values.put(Metric.STEP_KV_BYTES_PER_POSITION, (double) kvBytesPerPosition);
            values.put(Metric.STEP_FLOPS_PER_TOKEN, 1_572_864.0);
            values.put(Metric.STEP_HEAD_FLOPS, 524_288.0);
            values.put(Metric.STEP_ATTENTION_FLOPS_PER_POSITION, 2048.0);
        }
        return new ReportRow("run", framework, TINY, values, Map.of(Metric.DECODE_TOKENS_PER_SECOND, new double[] {90, 110}),
                OptionalDouble.empty(), "", false, Optional.empty());
    }

    @Test
    void derive_withCalibration_bandwidthFlopsAndEveryShareByHand() {
        Roofline.Derived derived = Roofline.derive(List.of(row("djl-pytorch", 2048, true), row("llama.cpp", 1024, true), row("fake", 0, false)),
                Optional.of(calibration()), "unused");

        ReportRow djl = derived.rows().get(0);
        // 100 steps/s x (4194304 + 2048 x 160) bytes
        assertThat(djl.value(Metric.DECODE_BANDWIDTH)).hasValue(452_198_400);
        assertThat(djl.value(Metric.DECODE_SHARE_OF_BANDWIDTH).getAsDouble()).isCloseTo(452_198_400 / 20e9, within(1e-12));
        assertThat(djl.value(Metric.DECODE_SHARE_OF_FRAMEWORK_LIMIT).getAsDouble()).isCloseTo(100 / 500.0, within(1e-12));
        // 1000 prompt tokens/s x 1709056 FLOP
        assertThat(djl.value(Metric.PREFILL_FLOPS)).hasValue(1_709_056_000.0);
        assertThat(djl.value(Metric.PREFILL_SHARE_OF_GEMM_PEAK).getAsDouble()).isCloseTo(1_709_056_000.0 / 1e11, within(1e-12));
        assertThat(djl.iterations(Metric.DECODE_BANDWIDTH)).containsExactly(90 * 4_521_984.0, 110 * 4_521_984.0);

        ReportRow llama = derived.rows().get(1);
        assertThat(llama.value(Metric.DECODE_BANDWIDTH)).hasValue(100 * 4_358_144.0);
        assertThat(llama.value(Metric.DECODE_SHARE_OF_BANDWIDTH)).isPresent();
        assertThat(llama.value(Metric.DECODE_SHARE_OF_FRAMEWORK_LIMIT)).isEmpty();
        ReportRow fake = derived.rows().get(2);
        assertThat(Metric.ROOFLINE).allMatch(metric -> fake.value(metric).isEmpty());
        assertThat(derived.notes()).anyMatch(note -> note.startsWith("llama.cpp on tiny (f32) at batch 1: the calibration did not measure"))
                .anyMatch(note -> note.startsWith("no bytes or FLOP per step for fake"));
    }

    @Test
    void derive_llamaCppProductsPerPrecision_shareOfTheRowsPrecisionOnly() {
        Calibration base = calibration();
        List<ProductsFigure> products = new java.util.ArrayList<>(base.products());
        // llama.cpp's ggml products of tiny: 1000 tokens/s at f32 (1 ms), 2500 tokens/s at q8_0 (0.4 ms)
        products.add(new ProductsFigure("llama.cpp", "tiny", "f32", ProductLayout.GGML, 1, 1, 4_194_304, 1_048_576, List.of(1_000_000L)));
        products.add(new ProductsFigure("llama.cpp", "tiny", "q8_0", ProductLayout.GGML, 1, 1, 1_114_112, 1_048_576, List.of(400_000L)));
        Calibration calibration = new Calibration(base.schemaVersion(), base.measuredAt(), base.streams(), base.gemms(), products);
        WorkloadKey q8 = new WorkloadKey("GenerationLatencyBenchmark.generate", "ss", "tiny", "q8_0", "1", "128", "64", "1");
        ReportRow llamaQ8 = row("llama.cpp", 1024, true);
        llamaQ8 = new ReportRow(llamaQ8.source(), llamaQ8.framework(), q8, llamaQ8.values(), llamaQ8.iterationValues(), llamaQ8.primaryScore(),
                llamaQ8.primaryUnit(), llamaQ8.rssSinceForkStart(), llamaQ8.failure());
        WorkloadKey f16 = new WorkloadKey("GenerationLatencyBenchmark.generate", "ss", "tiny", "f16", "1", "128", "64", "1");
        ReportRow llamaF16 = new ReportRow("run", "llama.cpp", f16, llamaQ8.values(), llamaQ8.iterationValues(), llamaQ8.primaryScore(),
                llamaQ8.primaryUnit(), false, Optional.empty());

        Roofline.Derived derived = Roofline.derive(List.of(row("djl-pytorch", 2048, true), row("llama.cpp", 1024, true), llamaQ8, llamaF16),
                Optional.of(calibration), "unused");

        assertThat(derived.rows().get(0).value(Metric.DECODE_SHARE_OF_FRAMEWORK_LIMIT).getAsDouble()).isCloseTo(100 / 500.0, within(1e-12));
        assertThat(derived.rows().get(1).value(Metric.DECODE_SHARE_OF_FRAMEWORK_LIMIT).getAsDouble()).isCloseTo(100 / 1000.0, within(1e-12));
        assertThat(derived.rows().get(1).iterations(Metric.DECODE_SHARE_OF_FRAMEWORK_LIMIT)).containsExactly(0.09, 0.11);
        assertThat(derived.rows().get(2).value(Metric.DECODE_SHARE_OF_FRAMEWORK_LIMIT).getAsDouble()).isCloseTo(100 / 2500.0, within(1e-12));
        assertThat(derived.rows().get(3).value(Metric.DECODE_SHARE_OF_FRAMEWORK_LIMIT)).isEmpty();
        assertThat(derived.notes()).contains("llama.cpp on tiny (f16) at batch 1: the calibration did not measure this framework's own weight"
                + " products here, so no % of framework limit");
    }

    @Test
    void derive_withoutCalibration_achievedRatesOnlyAndTheReason() {
        Roofline.Derived derived = Roofline.derive(List.of(row("djl-pytorch", 2048, true)), Optional.empty(), "no calibration in this run: --no-calibration was given");

        ReportRow djl = derived.rows().get(0);
        assertThat(djl.value(Metric.DECODE_BANDWIDTH)).hasValue(452_198_400);
        assertThat(djl.value(Metric.PREFILL_FLOPS)).isPresent();
        assertThat(djl.value(Metric.DECODE_SHARE_OF_BANDWIDTH)).isEmpty();
        assertThat(djl.value(Metric.DECODE_SHARE_OF_FRAMEWORK_LIMIT)).isEmpty();
        assertThat(djl.value(Metric.PREFILL_SHARE_OF_GEMM_PEAK)).isEmpty();
        assertThat(derived.notes()).containsExactly("no calibration in this run: --no-calibration was given: % of machine bandwidth, of"
                + " framework limit and of GEMM peak are absent");
    }

    /** A real run folder whose djl-pytorch rows state tiny's step cost, with a calibration in env.json: every renderer shows it. */
    @Test
    void read_runFolderWithStepCostAndCalibration_everyFormatHasTheFigures() throws IOException {
        Path run = Files.createDirectories(dir.resolve("20261128T143408Z-8f02a09836"));
        ArrayNode jmh = (ArrayNode) ResultJson.mapper().readTree(Fixtures.SWEEP_RUN.resolve("jmh.json").toFile());
        for (JsonNode benchmark : jmh) {
            if (benchmark.at("/params/framework").asText().equals("djl-pytorch")) {
                ObjectNode secondary = (ObjectNode) benchmark.get("secondaryMetrics");
                secondary.set("step.weight_bytes", fact(4_194_304, "bytes"));
                secondary.set("step.kv_bytes_per_position", fact(2048, "bytes"));
                secondary.set("step.flops_per_token", fact(1_572_864, "FLOP"));
                secondary.set("step.head_flops", fact(524_288, "FLOP"));
                secondary.set("step.attention_flops_per_position", fact(2048, "FLOP"));
            }
        }
        Files.writeString(run.resolve("jmh.json"), ResultJson.mapper().writeValueAsString(jmh));
        RunFolder folder = RunFolder.at(run);
        folder.writeEnvironment(EnvironmentFacts.collect());
        folder.writeCalibration(calibration().toJson());

        Comparison comparison = Reports.compareFiles(List.of(run), Optional.empty());

        ReportRow djl = comparison.groups().stream().flatMap(g -> g.rows().stream()).map(ComparedRow::row)
                .filter(r -> r.framework().equals("djl-pytorch") && r.workload().batchSize().equals("1")).findFirst().orElseThrow();
        double decode = djl.value(Metric.DECODE_TOKENS_PER_SECOND).getAsDouble();
        int prompt = Integer.parseInt(djl.workload().promptTokens());
        int newTokens = Integer.parseInt(djl.workload().newTokens());
        assertThat(djl.value(Metric.DECODE_BANDWIDTH).getAsDouble()).isCloseTo(decode * (4_194_304 + 2048 * (prompt + newTokens / 2.0)), within(1e-3));
        assertThat(djl.value(Metric.DECODE_SHARE_OF_FRAMEWORK_LIMIT).getAsDouble()).isCloseTo(decode / 500, within(1e-9));
        assertThat(Reports.render(comparison, ReportFormat.MARKDOWN)).contains("decode / bandwidth (%)", "prefill / GEMM peak (%)",
                "the calibration did not measure this framework's own weight products");
        assertThat(Reports.render(comparison, ReportFormat.CSV)).contains("decodeShareOfBandwidth", "prefillFlopsPerSecond");
        assertThat(Reports.render(comparison, ReportFormat.JSON)).contains("\"decodeShareOfFrameworkLimit\"");
        assertThat(Reports.plotComparison(comparison)).anyMatch(chart -> chart.name().equals("limit-per-framework") && chart.chart().isPresent());
        assertThat(Reports.generateReport(comparison, dir.resolve("out"), EnumSet.of(ReportFormat.HTML))).hasSize(1);
    }

    private static ObjectNode fact(long value, String unit) {
        ObjectNode node = ResultJson.mapper().createObjectNode();
        node.put("score", value);
        node.put("scoreUnit", unit);
        return node;
    }
}
