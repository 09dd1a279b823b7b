package dev.tokenbench.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.engine.EngineRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenAiTargetTest {

    @Test
    void parse_baseUrlAndName_givesEndpoints() {
        OpenAiTarget target = OpenAiTarget.parse("http://127.0.0.1:8000/v1/#my-model");
        assertThat(target.modelName()).isEqualTo("my-model");
        assertThat(target.endpoint("completions")).hasToString("http://127.0.0.1:8000/v1/completions");
        assertThat(target.root("/tokenbench/prompt?tokens=4")).hasToString("http://127.0.0.1:8000/tokenbench/prompt?tokens=4");
    }

    @Test
    void checkModel_badValues_failWithOneLineNamingTheForm() {
        for (String bad : new String[] {"tiny", "http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1#", "ftp://host/v1#m", "http:///v1#m",
            "http://h:1/v1?x=1#m"}) {
            assertThatThrownBy(() -> EngineRegistry.checkModel("openai", bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("model '" + bad + "' for framework openai: ")
                    .hasMessageEndingWith("expected BASE_URL#MODEL_NAME, e.g. http://127.0.0.1:8000/v1#tiny")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void settings_parse_optionsAndRefusals() {
        OpenAiSettings settings = OpenAiSettings.parse("endpoint=chat, read_timeout=500ms,connect_timeout=3s");
        assertThat(settings).isEqualTo(new OpenAiSettings(true, Duration.ofSeconds(3), Duration.ofMillis(500)));
        assertThat(OpenAiSettings.parse("")).isEqualTo(OpenAiSettings.DEFAULT);
        assertThatThrownBy(() -> OpenAiSettings.parse("endpoint=embeddings")).hasMessageContaining("endpoint must be completions or chat");
        assertThatThrownBy(() -> OpenAiSettings.parse("read_timeout=0s")).hasMessageContaining("read_timeout must be a positive duration");
        assertThatThrownBy(() -> OpenAiSettings.parse("api_key=x")).hasMessageContaining("unknown option 'api_key'");
    }
}
