package dev.tokenbench.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LlamaTensorsTest {

    @Test
    void expectedShapes_groupedQueryAttention_usesKvDimForKeysAndValues() {
        Map<String, long[]> shapes = LlamaTensors.expectedShapes(ModelPreset.TINY.config());

        assertThat(shapes).hasSize(1 + 4 * 9 + 2);
        assertThat(shapes.get("model.layers.3.self_attn.k_proj.weight")).containsExactly(64, 128);
        assertThat(shapes.get("model.layers.0.mlp.down_proj.weight")).containsExactly(128, 384);
        assertThat(shapes.get("lm_head.weight")).containsExactly(2048, 128);
        assertThat(shapes.keySet()).first().isEqualTo("model.embed_tokens.weight");
    }

    @Test
    void expectedShapes_tiedEmbeddings_hasNoLmHead() {
        assertThat(LlamaTensors.expectedShapes(ModelPreset.SMALL.config())).doesNotContainKey("lm_head.weight");
    }
}
