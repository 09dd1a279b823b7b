package dev.tokenbench.engine.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.tokenbench.calibrate.ModelProducts;
import dev.tokenbench.model.LlamaConfig;
import org.junit.jupiter.api.Test;

class LlamaWeightsTest {

    /** The calibration's framework limit multiplies exactly the matrices a decode step of this engine reads. */
    @Test
    void streamedBytesPerToken_tiedAndUntied_equalTheCalibrationsProducts() throws Exception {
        for (boolean tied : new boolean[] {true, false}) {
            LlamaConfig config = TinyModels.tiny(tied);
            try (NDManager manager = NDManager.newBaseManager()) {
                LlamaWeights weights = LlamaWeights.load(config, new RandomTensorSource(config, 7), manager);
                assertThat(weights.streamedBytesPerToken()).as("tied %s", tied).isEqualTo(ModelProducts.of(config).weightBytes());
            }
        }
    }
}
