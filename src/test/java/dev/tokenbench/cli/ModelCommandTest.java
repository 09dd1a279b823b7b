package dev.tokenbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenbench.measure.ResultJson;
import dev.tokenbench.model.ModelCache;
import dev.tokenbench.model.TemporaryModelCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TemporaryModelCache.class)
class ModelCommandTest {

    @TempDir
    Path dir;

    @Test
    void create_withOut_writesAHuggingFaceFolderAndPrintsIt() {
        Path target = dir.resolve("tiny-model");

        Cli outcome = Cli.execute("model", "create", "--preset", "tiny", "--out", target.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out().strip()).isEqualTo(target.toAbsolutePath().toString());
        assertThat(target.resolve("config.json")).isRegularFile();
        assertThat(target.resolve("model.safetensors")).isRegularFile();
        assertThat(target.resolve("tokenizer.json")).isRegularFile();
    }

    @Test
    void create_withoutOut_generatesIntoTheCache() {
        Cli outcome = Cli.execute("model", "create", "--preset", "tiny");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(Path.of(outcome.out().strip())).startsWith(ModelCache.defaultCache().home()).isDirectory();
    }

    @Test
    void create_existingFolder_exitsTwoAndLeavesItAlone() throws IOException {
        Path existing = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(existing.resolve("keep.txt"), "mine");

        Cli outcome = Cli.execute("model", "create", "--preset", "tiny", "--out", existing.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo("tokenbench model create: " + existing.toAbsolutePath()
                + ": already exists; choose a new folder for the model or delete it first");
        assertThat(existing.resolve("keep.txt")).hasContent("mine");
    }

    @Test
    void create_unknownPreset_listsTheValidOnes() {
        Cli outcome = Cli.execute("model", "create", "--preset", "huge");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo("tokenbench model create: unknown preset 'huge'; valid: tiny, small, base");
    }

    @Test
    void info_json_reportsArchitectureParametersAndTensors() throws IOException {
        Cli outcome = Cli.execute("model", "info", "tiny", "--json");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        JsonNode info = ResultJson.mapper().readTree(outcome.out());
        assertThat(info.get("architecture").asText()).isEqualTo("LlamaForCausalLM");
        assertThat(info.get("parameterCount").asLong()).isEqualTo(1_311_872);
        assertThat(info.get("dtypes").toString()).isEqualTo("[\"F32\"]");
        assertThat(info.get("tensors").get(0).get("name").asText()).isEqualTo("model.embed_tokens.weight");
        assertThat(info.get("tensors").get(0).get("shape").toString()).isEqualTo("[2048,128]");
    }

    @Test
    void info_text_listsEveryTensor() {
        Cli outcome = Cli.execute("model", "info", "tiny");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("architecture:  LlamaForCausalLM", "parameters:    1,311,872 (1.31M)", "tensors:       39",
                "  model.layers.3.mlp.down_proj.weight F32 [128, 384]");
    }

    @Test
    void info_folderWithoutWeights_isOneLineWithExitTwo() throws IOException {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("config.json"), "{}");

        Cli outcome = Cli.execute("model", "info", broken.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("tokenbench model info: " + broken).doesNotContain("\n\t");
        assertThat(outcome.err().strip().lines()).hasSize(1);
    }

    @Test
    void convert_presetWithoutOut_cachesTheGgufNextToTheModelAndInfoDescribesIt() {
        Cli convert = Cli.execute("model", "convert", "tiny", "--to", "gguf", "--precision", "q8_0");

        assertThat(convert.exitCode()).as(convert.err()).isZero();
        Path gguf = Path.of(convert.out().strip());
        assertThat(gguf.getFileName().toString()).isEqualTo("model-q8_0.gguf");
        assertThat(gguf.getParent().getFileName().toString()).startsWith("tiny-seed42");

        Cli info = Cli.execute("model", "info", gguf.toString());
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("GGUF version 3").contains("general.architecture = \"llama\"")
                .contains("llama.block_count = 4").contains("tokenizer.ggml.tokens = string[2048]")
                .contains("blk.0.attn_q.weight q8_0 [128, 128]").contains("output_norm.weight f32 [128]");
    }

    @Test
    void convert_withOut_writesThatFileAndInfoJsonReadsIt() throws IOException {
        Path out = Files.createTempDirectory("tokenbench-convert-").resolve("tiny.gguf");
        Cli convert = Cli.execute("model", "convert", "tiny", "--precision", "f16", "--out", out.toString());

        assertThat(convert.exitCode()).as(convert.err()).isZero();
        Cli info = Cli.execute("model", "info", out.toString(), "--json");
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("\"format\" : \"gguf\"").contains("\"general.file_type\" : 1").contains("\"type\" : \"f16\"");
    }

    @Test
    void convert_badPrecision_exitsTwoListingTheValidOnes() {
        Cli convert = Cli.execute("model", "convert", "tiny", "--precision", "q4_0");
        assertThat(convert.exitCode()).isEqualTo(2);
        assertThat(convert.err()).contains("f32, f16, q8_0");
    }

    @Test
    void info_hostileGguf_isOneLineWithExitTwo() throws IOException {
        Path file = Files.createTempDirectory("tokenbench-gguf-").resolve("bad.gguf");
        Files.write(file, new byte[] {'G', 'G', 'U', 'F', 3, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, 127, 0, 0, 0, 0, 0, 0, 0, 0});
        Cli info = Cli.execute("model", "info", file.toString());
        assertThat(info.exitCode()).isEqualTo(2);
        assertThat(info.err().strip()).contains(file + ": tensor count").doesNotContain("\n");
    }

    @Test
    void humanCount_scalesUnits() {
        assertThat(ModelCommand.humanCount(999)).isEqualTo("999");
        assertThat(ModelCommand.humanCount(15_000)).isEqualTo("15.0K");
        assertThat(ModelCommand.humanCount(1_311_872)).isEqualTo("1.31M");
        assertThat(ModelCommand.humanCount(7_240_000_000L)).isEqualTo("7.24B");
    }

    @Test
    void isGgufFile_checksTheMagicNotJustTheFile() throws IOException {
        Path text = Files.writeString(Files.createTempDirectory("tokenbench-magic-").resolve("config.json"), "{}");
        Path gguf = Files.write(text.resolveSibling("m.gguf"), new byte[] {'G', 'G', 'U', 'F', 3, 0, 0, 0});

        assertThat(ModelCommand.isGgufFile(text.toString())).isFalse();
        assertThat(ModelCommand.isGgufFile(gguf.toString())).isTrue();
        assertThat(ModelCommand.isGgufFile(text.getParent().toString())).isFalse();
    }
}
