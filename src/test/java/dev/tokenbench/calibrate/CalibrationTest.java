package dev.tokenbench.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenbench.measure.EnvironmentFacts;
import dev.tokenbench.measure.ResultJson;
import dev.tokenbench.measure.RunFolder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationTest {

    private static final long GIB = 1L << 30;

    /** 1 thread: pytorch-sum best 1 GiB / 50 ms, java-heap-read best 1 GiB / 40 ms; 2 threads: only pytorch-sum. */
    static Calibration sample() {
        return new Calibration(Calibration.SCHEMA_VERSION, Instant.parse("2026-11-28T19:00:00Z"),
                List.of(new StreamFigure(StreamMethod.PYTORCH_SUM, 1, GIB, List.of(60_000_000L, 50_000_000L)),
                        new StreamFigure(StreamMethod.JAVA_HEAP_READ, 1, GIB, List.of(40_000_000L, 90_000_000L)),
                        new StreamFigure(StreamMethod.PYTORCH_SUM, 2, GIB, List.of(30_000_000L))),
                List.of(GemmFigure.square(1, 1000, List.of(40_000_000L, 25_000_000L)),
                        new GemmFigure(1, 2000, 500, 500, List.of(30_000_000L))),
                List.of(new ProductsFigure("djl-pytorch", "base", "f32", ProductLayout.WEIGHT_FIRST, 1, 1, 400_000_000, 100_000_000,
                                List.of(40_000_000L, 36_000_000L)),
                        new ProductsFigure("djl-pytorch", "base", "f32", ProductLayout.LINEAR, 1, 1, 400_000_000, 100_000_000,
                                List.of(35_000_000L, 50_000_000L)),
                        new ProductsFigure("djl-pytorch", "base", "f32", ProductLayout.WEIGHT_FIRST, 16, 1, 400_000_000, 100_000_000,
                                List.of(100_000_000L))));
    }

    @Test
    void machineLimit_twoMethods_bestTrialOfAnyMethod() {
        Calibration.MachineLimit limit = sample().machineLimit(1).orElseThrow();
        assertThat(limit.bandwidthMethod()).isEqualTo(StreamMethod.JAVA_HEAP_READ);
        assertThat(limit.bandwidthBytesPerSecond()).isEqualTo(GIB / 0.04);
        assertThat(limit.gemmFlopsPerSecond()).contains(2e9 / 0.025);
    }

    @Test
    void gemmFigure_rectangle_flopsOfTheShape() {
        GemmFigure figure = new GemmFigure(1, 2000, 500, 500, List.of(30_000_000L));
        assertThat(figure.flopsPerTrial()).isEqualTo(1e9);
        assertThat(figure.shape()).isEqualTo("[2000x500].[500x500]");
        assertThatThrownBy(() -> new GemmFigure(1, 0, 1, 1, List.of(1L))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gemmFigure_jsonWrittenBeforeShapes_readsAsSquare() throws Exception {
        GemmFigure figure = ResultJson.mapper().readValue("{\"threads\":2,\"size\":1024,\"trialNanos\":[5],"
                + "\"flopsPerSecond\":{\"best\":1}}", GemmFigure.class);
        assertThat(figure).isEqualTo(GemmFigure.square(2, 1024, List.of(5L)));
    }

    @Test
    void machineLimit_threadCountWithoutGemmOrUnmeasured_gemmAbsentOrNoLimit() {
        assertThat(sample().machineLimit(2).orElseThrow().gemmFlopsPerSecond()).isEmpty();
        assertThat(sample().machineLimit(4)).isEmpty();
        assertThat(sample().machineLimits()).extracting(Calibration.MachineLimit::threads).containsExactly(1, 2);
    }

    @Test
    void frameworkLimit_twoLayouts_fastestTrialOfEither() {
        ProductsFigure limit = sample().frameworkLimit("djl-pytorch", "base", 1, 1).orElseThrow();
        assertThat(limit.layout()).isEqualTo(ProductLayout.LINEAR);
        assertThat(limit.tokensPerSecond().best()).isEqualTo(1 / 0.035);
        assertThat(limit.weightBytesPerSecond().best()).isEqualTo(400_000_000 / 0.035);
        assertThat(limit.flopsPerSecond().best()).isEqualTo(2e8 / 0.035);
        assertThat(sample().frameworkLimit("djl-pytorch", "base", 16, 1).orElseThrow().tokensPerSecond().best()).isEqualTo(160.0);
        assertThat(sample().frameworkLimit("djl-pytorch", "small", 1, 1)).isEmpty();
    }

    @Test
    void frameworkLimit_perPrecision_onlyThatPrecisionsProducts() {
        Calibration base = sample();
        List<ProductsFigure> products = new java.util.ArrayList<>(base.products());
        products.add(new ProductsFigure("llama.cpp", "base", "f32", ProductLayout.GGML, 1, 1, 400_000_000, 100_000_000, List.of(20_000_000L)));
        products.add(new ProductsFigure("llama.cpp", "base", "q8_0", ProductLayout.GGML, 1, 1, 106_250_000, 100_000_000, List.of(8_000_000L)));
        Calibration calibration = new Calibration(base.schemaVersion(), base.measuredAt(), base.streams(), base.gemms(), products);

        assertThat(calibration.frameworkLimit("llama.cpp", "base", "f32", 1, 1).orElseThrow().tokensPerSecond().best()).isEqualTo(50.0);
        assertThat(calibration.frameworkLimit("llama.cpp", "base", "q8_0", 1, 1).orElseThrow().tokensPerSecond().best()).isEqualTo(125.0);
        assertThat(calibration.frameworkLimit("llama.cpp", "base", "f16", 1, 1)).isEmpty();
        assertThat(calibration.frameworkLimit("llama.cpp", "base", 1, 1).orElseThrow().precision()).isEqualTo("f32");
        assertThat(calibration.frameworkLimit("djl-pytorch", "base", "f32", 1, 1).orElseThrow().layout()).isEqualTo(ProductLayout.LINEAR);
        assertThat(Calibration.fromJson(calibration.toJson(), "test")).isEqualTo(calibration);
    }

    /** An env.json calibration written before llama.cpp's products: its products name no precision and read as f32. */
    @Test
    void fromJson_productsWithoutPrecision_readAsF32() {
        String old = """
                {"schemaVersion": 1, "measuredAt": "2026-11-28T19:00:00Z",
                 "streams": [{"method": "pytorch-sum", "threads": 1, "bytesPerTrial": 1073741824, "trialNanos": [50000000],
                              "bytesPerSecond": {"best": 2.1e10, "median": 2.1e10, "worst": 2.1e10, "p25": 2.1e10, "p75": 2.1e10}}],
                 "gemms": [{"threads": 1, "size": 1024, "trialNanos": [25000000]}],
                 "products": [{"framework": "djl-pytorch", "model": "base", "layout": "linear", "tokens": 1, "threads": 1,
                               "weightBytes": 400000000, "weightElements": 100000000, "trialNanos": [35000000, 50000000],
                               "tokensPerSecond": {"best": 28.57}}],
                 "machineLimits": [{"threads": 1, "bandwidthBytesPerSecond": 2.1e10}]}
                """;

        Calibration calibration = Calibration.fromJson(old, "env.json");

        ProductsFigure figure = calibration.products().get(0);
        assertThat(figure.precision()).isEqualTo("f32");
        assertThat(calibration.frameworkLimit("djl-pytorch", "base", "f32", 1, 1)).contains(figure);
        assertThat(figure.tokensPerSecond().best()).isEqualTo(1 / 0.035);
        assertThat(calibration.gemms().get(0)).isEqualTo(GemmFigure.square(1, 1024, List.of(25_000_000L)));
    }

    @Test
    void json_roundTrip_equalRecordAndDerivedFiguresWritten() throws Exception {
        Calibration calibration = sample();
        String json = calibration.toJson();
        assertThat(Calibration.fromJson(json, "test")).isEqualTo(calibration);
        JsonNode tree = ResultJson.mapper().readTree(json);
        assertThat(tree.get("measuredAt").asText()).isEqualTo("2026-11-28T19:00:00Z");
        assertThat(tree.at("/streams/0/method").asText()).isEqualTo("pytorch-sum");
        assertThat(tree.at("/streams/1/bytesPerSecond/best").asDouble()).isEqualTo(GIB / 0.04);
        assertThat(tree.at("/products/1/layout").asText()).isEqualTo("linear");
        assertThat(tree.at("/products/1/tokensPerSecond/median").asDouble()).isEqualTo(1 / 0.0425);
        assertThat(tree.at("/machineLimits/0/bandwidthMethod").asText()).isEqualTo("java-heap-read");
        assertThat(tree.at("/machineLimits/1/gemmFlopsPerSecond").isNull()).isTrue();
    }

    @Test
    void envJson_roundTripThroughRunFolder_keepsTheMachineFactsAndTheCalibration(@TempDir Path dir) throws Exception {
        RunFolder folder = RunFolder.at(dir);
        folder.writeEnvironment(EnvironmentFacts.collect());
        Calibration calibration = sample();

        folder.writeCalibration(calibration.toJson());

        JsonNode env = ResultJson.mapper().readTree(folder.environmentFile().toFile());
        assertThat(env.path("cpuModel").asText()).isNotEmpty();
        assertThat(env.at("/calibration/machineLimits/0/threads").asInt()).isEqualTo(1);
        RunFolder.CalibrationRecord read = folder.readCalibration().orElseThrow();
        assertThat(Calibration.fromJson(read.json().orElseThrow(), "env.json")).isEqualTo(calibration);

        folder.writeCalibrationAbsent("--no-calibration was given");
        assertThat(folder.readCalibration()).contains(new RunFolder.CalibrationRecord(Optional.empty(), "--no-calibration was given"));
        assertThat(ResultJson.mapper().readTree(folder.environmentFile().toFile()).has(RunFolder.CALIBRATION_FIELD)).isFalse();
    }

    @Test
    void envJson_withoutCalibrationOrMissing_nothingRecorded(@TempDir Path dir) throws Exception {
        RunFolder folder = RunFolder.at(dir);
        assertThat(folder.readCalibration()).isEmpty();
        folder.writeEnvironment(EnvironmentFacts.collect());
        assertThat(folder.readCalibration()).isEmpty();
    }

    @Test
    void fromJson_otherSchemaVersionOrNotJson_rejectedNamingTheSource() {
        String newer = sample().toJson().replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 2");
        assertThatThrownBy(() -> Calibration.fromJson(newer, "calibration.json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("calibration.json").hasMessageContaining("schemaVersion 2");
        assertThatThrownBy(() -> Calibration.fromJson("[1, 2]", "x.json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("x.json: not a calibration");
    }
}
