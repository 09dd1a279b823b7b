package dev.tokenbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaConfigTest {

    @TempDir
    Path dir;

    private static final String SMOLLM2_LIKE = """
            {
              "architectures": ["LlamaForCausalLM"],
              "model_type": "llama",
              "hidden_size": 576,
              "intermediate_size": 1536,
              "num_hidden_layers": 30,
              "num_attention_heads": 9,
              "num_key_value_heads": 3,
              "rms_norm_eps": 1e-05,
              "rope_theta": 100000,
              "max_position_embeddings": 8192,
              "vocab_size": 49152,
              "tie_word_embeddings": true,
              "torch_dtype": "bfloat16",
              "bos_token_id": 0,
              "eos_token_id": [0, 2],
              "rope_scaling": null
            }
            """;

    private Path config(String json) throws IOException {
        return Files.writeString(dir.resolve("config.json"), json, StandardCharsets.UTF_8);
    }

    private Path withField(String field, String value) throws IOException {
        return config(SMOLLM2_LIKE.replaceFirst("\"" + field + "\": [^,\\n]+(\\]|)", "\"" + field + "\": " + value));
    }

    private String message(Path file) {
        try {
            LlamaConfig.read(file);
        } catch (IOException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + file);
    }

    @Test
    void read_realShapedConfig_mapsEveryField() throws IOException {
        LlamaConfig config = LlamaConfig.read(config(SMOLLM2_LIKE));

        assertThat(config).isEqualTo(new LlamaConfig(576, 1536, 30, 9, 3, 1e-5, 100000, 8192, 49152, true, "bfloat16", 0, 0,
                Optional.empty()));
        assertThat(config.headDim()).isEqualTo(64);
        assertThat(config.kvDim()).isEqualTo(192);
    }

    @Test
    void read_optionalFieldsAbsent_usesHuggingFaceDefaults() throws IOException {
        Path file = config("""
                {"model_type": "llama", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "rms_norm_eps": 1e-6, "max_position_embeddings": 256, "vocab_size": 300}
                """);

        assertThat(LlamaConfig.read(file)).isEqualTo(new LlamaConfig(64, 128, 2, 4, 4, 1e-6, 10000, 256, 300, false,
                "float32", 1, 2, Optional.empty()));
    }

    @Test
    void read_llama3RopeScaling_parsesFactors() throws IOException {
        Path file = withField("rope_scaling", """
                {"rope_type": "llama3", "factor": 32.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                 "original_max_position_embeddings": 8192}""");

        assertThat(LlamaConfig.read(file).ropeScaling()).contains(new LlamaConfig.RopeScaling(32, 1, 4, 8192));
    }

    @Test
    void write_thenRead_roundTripsExactly() throws IOException {
        LlamaConfig config = new LlamaConfig(128, 384, 4, 4, 2, 1e-5, 10000, 512, 2048, false, "float32", 1, 2,
                Optional.of(new LlamaConfig.RopeScaling(8, 1, 4, 8192)));
        Path file = dir.resolve("config.json");

        config.write(file);

        assertThat(LlamaConfig.read(file)).isEqualTo(config);
    }

    @Test
    void read_missingRequiredField_namesFieldAndExpectation() throws IOException {
        Path file = config(SMOLLM2_LIKE.replace("\"vocab_size\": 49152,", ""));

        assertThat(message(file)).isEqualTo(file + ": field vocab_size is missing; expected a positive integer");
    }

    @Test
    void read_wrongType_saysWhatWasFound() throws IOException {
        Path file = withField("hidden_size", "\"576\"");

        assertThat(message(file)).isEqualTo(file + ": field hidden_size is the string \"576\"; expected a positive integer");
    }

    @Test
    void read_nonPositiveSize_isRejected() throws IOException {
        Path file = withField("num_hidden_layers", "0");

        assertThat(message(file)).isEqualTo(file + ": field num_hidden_layers is the number 0; expected a positive integer");
    }

    @Test
    void read_hiddenSizeNotDivisibleByHeads_isRejected() throws IOException {
        Path file = withField("num_attention_heads", "10");

        assertThat(message(file)).isEqualTo(file
                + ": field hidden_size is 576, not divisible by num_attention_heads 10; expected a multiple of num_attention_heads");
    }

    @Test
    void read_headsNotDivisibleByKvHeads_isRejected() throws IOException {
        Path file = withField("num_key_value_heads", "2");

        assertThat(message(file)).isEqualTo(file
                + ": field num_attention_heads is 9, not divisible by num_key_value_heads 2; expected a multiple of num_key_value_heads");
    }

    @Test
    void read_otherArchitecture_namesSupportedOne() throws IOException {
        Path file = withField("architectures", "[\"MistralForCausalLM\"]");

        assertThat(message(file)).isEqualTo(file + ": field architectures is [\"MistralForCausalLM\"]; expected "
                + "[\"LlamaForCausalLM\"] (tokenbench supports only Llama-family LlamaForCausalLM checkpoints)");
    }

    @Test
    void read_otherModelType_namesSupportedOne() throws IOException {
        Path file = withField("model_type", "\"qwen2\"");

        assertThat(message(file)).isEqualTo(file + ": field model_type is \"qwen2\"; expected \"llama\" "
                + "(tokenbench supports only Llama-family LlamaForCausalLM checkpoints)");
    }

    @Test
    void read_unsupportedRopeScaling_namesType() throws IOException {
        Path file = withField("rope_scaling", "{\"type\": \"linear\", \"factor\": 2.0}");

        assertThat(message(file)).isEqualTo(file + ": field rope_scaling.type is \"linear\"; expected \"llama3\" "
                + "(the only rope scaling tokenbench supports; remove rope_scaling for plain RoPE)");
    }

    @Test
    void read_malformedJson_givesLineAndColumn() throws IOException {
        Path file = config("{\n  \"hidden_size\": 576,\n  \"vocab_size\" 49152\n}");

        assertThat(message(file)).isEqualTo(file + ": not valid JSON at line 3, column 16: Unexpected character ('4' "
                + "(code 52)): was expecting a colon to separate field name and value");
    }

    @Test
    void read_missingFile_saysNotFound() {
        Path file = dir.resolve("config.json");

        assertThatThrownBy(() -> LlamaConfig.read(file)).isInstanceOf(ModelFormatException.class)
                .hasMessage(file + ": file not found");
    }
}
