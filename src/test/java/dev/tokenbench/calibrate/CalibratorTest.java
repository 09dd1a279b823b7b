package dev.tokenbench.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
                .optGemmSizes(List.of(64)).optModel("tiny", dev.tokenbench.model.ModelPreset.TINY.config()).build().measure();
        assertThat(calibration.streams()).extracting(StreamFigure::method).containsExactlyInAnyOrder(StreamMethod.values());
        assertThat(calibration.streams()).allSatisfy(figure -> assertThat(figure.trialNanos()).hasSize(2));
        var tiny = dev.tokenbench.model.ModelPreset.TINY.config();
        int pass = Calibrator.PREFILL_PASS_TOKENS;
        assertThat(calibration.gemms()).extracting(GemmFigure::shape).containsExactly("[64x64].[64x64]",
                new GemmFigure(1, tiny.hiddenSize(), tiny.hiddenSize(), pass, List.of(1L)).shape(),
                new GemmFigure(1, 2 * tiny.intermediateSize(), tiny.hiddenSize(), pass, List.of(1L)).shape());
        assertThat(calibration.gemms()).allSatisfy(figure -> assertThat(figure.trialNanos()).hasSize(4));
        assertThat(calibration.products()).hasSize(2 * ProductLayout.values().length);
        assertThat(calibration.frameworkLimit("djl-pytorch", "tiny", 16, 1)).isPresent();
        assertThat(calibration.machineLimit(1)).isPresent();
    }
}
