package dev.tokenbench.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.tokenbench.model.gguf.GgufPrecision;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibratorTest {

    @Test
    void parseCacheSize_sysfsUnits_bytes() {
        assertThat(Calibrator.parseCacheSize("32768K")).isEqualTo(32L << 20);
        assertThat(Calibrator.parseCacheSize("2M")).isEqualTo(2L << 20);
        assertThat(Calibrator.parseCacheSize("512")).isEqualTo(512);
    }

    @Test
    void lastLevelCacheBytes_sysfsFolder_largestIndex(@TempDir Path cache) throws Exception {
        for (String[] index : new String[][] {{"index0", "64K"}, {"index2", "2048K"}, {"index3", "32768K"}}) {
            Files.createDirectories(cache.resolve(index[0]));
            Files.writeString(cache.resolve(index[0]).resolve("size"), index[1] + "\n");
        }
        assertThat(Calibrator.lastLevelCacheBytes(cache)).isEqualTo(32L << 20);
        assertThat(Calibrator.lastLevelCacheBytes(cache.resolve("missing"))).isZero();
    }

    /** Behaviour only: every figure is present and well-formed; the rates themselves are not checked. */
    @Test
    void measure_smallBuffersOneTrial_everyFigurePresent() {
        Calibration calibration = Calibrator.builder().optThreads(List.of(1)).optTrials(0, 2).optStreamBytes(1 << 20)
                .optGemmSizes(List.of(64)).optModel("tiny", dev.tokenbench.model.ModelPreset.TINY.config())
                .optLlamaCppPrecisions(List.of(GgufPrecision.F32, GgufPrecision.Q8_0)).build().measure();
        assertThat(calibration.streams()).extracting(StreamFigure::method).containsExactlyInAnyOrder(StreamMethod.values());
        assertThat(calibration.streams()).allSatisfy(figure -> assertThat(figure.trialNanos()).hasSize(2));
        var tiny = dev.tokenbench.model.ModelPreset.TINY.config();
        int pass = Calibrator.PREFILL_PASS_TOKENS;
        assertThat(calibration.gemms()).extracting(GemmFigure::shape).containsExactly("[64x64].[64x64]",
                new GemmFigure(1, tiny.hiddenSize(), tiny.hiddenSize(), pass, List.of(1L)).shape(),
                new GemmFigure(1, 2 * tiny.intermediateSize(), tiny.hiddenSize(), pass, List.of(1L)).shape());
        assertThat(calibration.gemms()).allSatisfy(figure -> assertThat(figure.trialNanos()).hasSize(4));
        // djl-pytorch: 2 token counts x 3 layouts; llama.cpp: 2 token counts x 2 precisions
        assertThat(calibration.products()).hasSize(10);
        assertThat(calibration.products()).filteredOn(figure -> figure.framework().equals("djl-pytorch"))
                .extracting(ProductsFigure::layout).containsOnly(ProductLayout.WEIGHT_FIRST, ProductLayout.LINEAR, ProductLayout.ONEDNN_PACKED);
        assertThat(calibration.frameworkLimit("djl-pytorch", "tiny", 16, 1)).isPresent();
        ProductsFigure llamaF32 = calibration.frameworkLimit("llama.cpp", "tiny", "f32", 1, 1).orElseThrow();
        assertThat(llamaF32.layout()).isEqualTo(ProductLayout.GGML);
        assertThat(llamaF32.weightBytes()).isEqualTo(4_194_304);  // docs/metrics.md's worked example: tiny's W at F32
        assertThat(llamaF32.trialNanos()).hasSize(2);
        // Q8_0: 34 bytes per 32 elements
        assertThat(calibration.frameworkLimit("llama.cpp", "tiny", "q8_0", 16, 1).orElseThrow().weightBytes()).isEqualTo(1_048_576 / 32 * 34);
        assertThat(calibration.frameworkLimit("llama.cpp", "tiny", "f16", 1, 1)).isEmpty();
        assertThat(calibration.machineLimit(1)).isPresent();
    }
}
