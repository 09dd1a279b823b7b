package dev.tokenbench.jmh;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenbench.FuzzChecks;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.engine.FakeModels;
import dev.tokenbench.engine.llamacpp.LlamaCppSettings;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzz targets of the parameter strings a user types: the {@code -p} grid (every framework's model check, including
 * the fake engine's {@code timing:PREFILL/PER_PROMPT_TOKEN/ITL} schedules and openai's {@code BASE_URL#MODEL_NAME}),
 * those two model strings on their own, and llama.cpp's {@code -Dtokenbench.llamacpp.options}. The only outcomes are a
 * result or one {@link IllegalArgumentException} line quoting the value (values are one line, as on a command line) (see {@link FuzzChecks}); seeds in
 * {@code ParametersFuzzTestInputs/<target>/}.
 */
class ParametersFuzzTest {

    /** A {@code -p} grid: each line of the input is {@code name=v1,v2}, as JMH splits {@code -p} values. */
    @FuzzTest(maxDuration = "20s")
    void params(byte[] input) throws Exception {
        Map<String, List<String>> grid = new LinkedHashMap<>();
        for (String line : new String(input, StandardCharsets.UTF_8).split("[\r\n]", -1)) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                grid.put(line.substring(0, equals), List.of(line.substring(equals + 1).split(",", -1)));
            }
        }
        FuzzChecks.parse(input.length, () -> {
            try {
                ParamCheck.checkGrid(grid);
            } catch (IllegalArgumentException e) {
                FuzzChecks.oneLineError(e, "'");
            }
        });
    }

    /** The fake engine's model value: {@code zero}, {@code paced}, a preset, or {@code timing:20ms/50us/2ms}. */
    @FuzzTest(maxDuration = "20s")
    void fakeTiming(byte[] input) throws Exception {
        String model = oneLine(new String(input, StandardCharsets.UTF_8));
        FuzzChecks.parse(model.length(), () -> {
            try {
                if (FakeModels.timing(model).isPresent()) {
                    FakeModels.timing(model).orElseThrow().toString();
                }
                EngineRegistry.checkModel("fake", model);
            } catch (IllegalArgumentException e) {
                FuzzChecks.oneLineError(e, "framework fake");
            }
        });
    }

    /** The openai engine's model value: {@code BASE_URL#MODEL_NAME}. */
    @FuzzTest(maxDuration = "20s")
    void openaiModel(byte[] input) throws Exception {
        String model = oneLine(new String(input, StandardCharsets.UTF_8));
        FuzzChecks.parse(model.length(), () -> {
            try {
                EngineRegistry.checkModel("openai", model);
            } catch (IllegalArgumentException e) {
                FuzzChecks.oneLineError(e, "openai");
            }
        });
    }

    /** llama.cpp's settings: {@code flash_attn=on,n_ubatch=256,type_kv=f32}. */
    @FuzzTest(maxDuration = "20s")
    void llamaCppOptions(byte[] input) throws Exception {
        String options = oneLine(new String(input, StandardCharsets.UTF_8));
        FuzzChecks.parse(options.length(), () -> {
            try {
                LlamaCppSettings settings = LlamaCppSettings.parse(options);
                settings.toString();
            } catch (IllegalArgumentException e) {
                FuzzChecks.oneLineError(e, "tokenbench.llamacpp.options");
            }
        });
    }

    /**
     * The value with its line breaks made spaces: a value typed on a command line is one line, and the error quotes it,
     * so a line break in the value would be one in the message too.
     */
    static String oneLine(String value) {
        return value.replaceAll("[\r\n]", " ");
    }
}
