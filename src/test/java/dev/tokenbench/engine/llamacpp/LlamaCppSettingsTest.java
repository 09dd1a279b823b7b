package dev.tokenbench.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LlamaCppSettingsTest {

    @Test
    void parse_subset_keepsTheOtherDefaults() {
        assertThat(LlamaCppSettings.parse("n_ubatch=128")).isEqualTo(new LlamaCppSettings(LlamaCppSettings.DEFAULT.flashAttention(),
                128, LlamaCppSettings.DEFAULT.kvCacheF32()));
        assertThat(LlamaCppSettings.parse(" flash_attn=off, n_ubatch = 256 , type_kv=F32 ")).isEqualTo(new LlamaCppSettings(
                false, 256, true));
        assertThat(LlamaCppSettings.parse("")).isEqualTo(LlamaCppSettings.DEFAULT);
    }

    @Test
    void describe_namesEverySettingAsLlamaCppDoes() {
        assertThat(new LlamaCppSettings(true, 128, false).describe()).isEqualTo("flash_attn=on n_ubatch=128 type_kv=f16");
    }

    @Test
    void parse_badPair_namesItAndTheValidOnes() {
        assertThatThrownBy(() -> LlamaCppSettings.parse("n_ubatch=0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'n_ubatch=0'").hasMessageContaining("valid: flash_attn=on|off");
        assertThatThrownBy(() -> LlamaCppSettings.parse("threads=2")).hasMessageContaining("unknown setting 'threads'");
        assertThatThrownBy(() -> LlamaCppSettings.parse("flash_attn=maybe")).hasMessageContaining("flash_attn is on or off");
    }

    @Test
    void flashAttentionWithAnF32Cache_isRefused_sinceLlamaCppWouldAbortTheProcess() {
        assertThatThrownBy(() -> LlamaCppSettings.parse("flash_attn=on,type_kv=f32")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("flash_attn=on needs type_kv=f16");
    }
}
