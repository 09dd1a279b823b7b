package dev.tokenbench.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenbench.model.ModelPreset;
import org.junit.jupiter.api.Test;

class ModelProductsTest {

    @Test
    void of_base_fourFusedMatricesPerLayerAndTheHead() {
        ModelProducts products = ModelProducts.of(ModelPreset.BASE.config());
        assertThat(products.shapes()).hasSize(12 * 4 + 1);
        assertThat(products.shapes().get(0)).containsExactly(3 * 768, 768);
        assertThat(products.shapes().get(1)).containsExactly(768, 768);
        assertThat(products.shapes().get(2)).containsExactly(2 * 2048, 768);
        assertThat(products.shapes().get(3)).containsExactly(768, 2048);
        assertThat(products.shapes().get(48)).containsExactly(32000, 768);
        long perLayer = 3L * 768 * 768 + 768L * 768 + 2L * 2048 * 768 + 768L * 2048;
        assertThat(products.weightElements()).isEqualTo(12 * perLayer + 32000L * 768);
        assertThat(products.weightBytes()).isEqualTo(4 * products.weightElements());
    }
}
