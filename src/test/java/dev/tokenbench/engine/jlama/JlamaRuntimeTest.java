package dev.tokenbench.engine.jlama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a JVM needs to run Jlama, which {@code java} runs the jlama forks, and the provider's checks; on any JVM. */
class JlamaRuntimeTest {

    @TempDir
    Path dir;

    @Test
    void feature_readsModernAndLegacyVersionStrings() {
        assertThat(JlamaRuntime.feature("25.0.3")).isEqualTo(OptionalInt.of(25));
        assertThat(JlamaRuntime.feature("\"21\"")).isEqualTo(OptionalInt.of(21));
        assertThat(JlamaRuntime.feature("1.8.0_402")).isEqualTo(OptionalInt.of(8));
        assertThat(JlamaRuntime.feature("unknown")).isEmpty();
    }

    @Test
    void forkJvmArgs_addTheVectorModule_previewOn21_nativeAccessFrom22_unsafeFrom24() {
        assertThat(JlamaRuntime.forkJvmArgs(21)).containsExactly("--add-modules=jdk.incubator.vector", "--enable-preview");
        assertThat(JlamaRuntime.forkJvmArgs(22)).containsExactly("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED");
        assertThat(JlamaRuntime.forkJvmArgs(25)).containsExactly("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow");
    }

    @Test
    void problem_onJava17_isOneLineSayingHowToRunIt() {
        assertThat(JlamaRuntime.problem(true, 17, false)).contains("framework jlama needs Java 21+ and this JVM is Java 17; run it with a"
                + " JDK 21+: java --add-modules jdk.incubator.vector -jar target/benchmarks.jar ... (the JMH suite picks one by itself: set"
                + " TOKENBENCH_JLAMA_JVM=/path/to/jdk-21+/bin/java)");
        assertThat(JlamaRuntime.problem(true, 21, false)).contains("framework jlama needs the Vector API: start this JVM with --add-modules"
                + " jdk.incubator.vector --enable-preview");
        assertThat(JlamaRuntime.problem(true, 25, false)).contains("framework jlama needs the Vector API: start this JVM with --add-modules"
                + " jdk.incubator.vector");
        assertThat(JlamaRuntime.problem(true, 25, true)).isEmpty();
        assertThat(JlamaRuntime.problem(false, 25, true)).hasValueSatisfying(line -> assertThat(line)
                .startsWith("framework jlama is not in this build: it was built without a JDK 21+; rebuild with one").doesNotContain("\n"));
    }

    @Test
    void open_onAJvmThatCannotRunJlama_failsInOneLineBeforeLoadingAnything() {
        assumeTrue(JlamaRuntime.problemOfThisJvm().isPresent(), "this JVM runs Jlama");
        assertThatThrownBy(() -> EngineRegistry.open("jlama", EngineOptions.builder().setModel("tiny").build()))
                .isInstanceOf(EngineException.class)
                .hasMessage(JlamaRuntime.problemOfThisJvm().orElseThrow());
    }

    @Test
    void registry_knowsJlamasPrecisions_refusesQ8_0_andChecksItsModelsAndRequestsLikeEveryProvider() {
        assertThat(EngineRegistry.frameworks()).contains("jlama");
        for (String precision : List.of("f32", "bf16", "jlama-q4")) {
            assertThat(EngineRegistry.check("jlama", precision).framework()).isEqualTo("jlama");
        }
        // Jlama 0.8.4's Q8 weights have no pure-Java kernel, and its Q4 blocks are not llama.cpp's q4_0 byte for byte
        assertThatThrownBy(() -> EngineRegistry.check("jlama", "q8_0"))
                .hasMessage("framework jlama cannot run precision 'q8_0'; valid: f32, bf16, jlama-q4");
        assertThatThrownBy(() -> EngineRegistry.checkModel("jlama", "no-such-model"))
                .hasMessageStartingWith("unknown model 'no-such-model' for framework jlama; valid: ");
        assertThatThrownBy(() -> EngineRegistry.check("jlama", "f32").checkRequest("tiny", 500, 64))
                .hasMessageStartingWith("model tiny has a context of 512 positions");
    }

    @Test
    void forkJava_namedJdkFolder_isUsedWhen21OrNewer_andRefusedInOneLineWhenOlder() throws IOException {
        Path jdk25 = fakeJdk("jdk-25", "25.0.1");
        Path jdk17 = fakeJdk("jdk-17", "17.0.2");
        Path home17 = Path.of("/opt/java17");
        assertThat(JlamaRuntime.forkJava(jdk25.toString(), home17, 17, List.of(), JlamaRuntime::featureOf))
                .isEqualTo(new JlamaRuntime.ForkJava(jdk25.resolve("bin/java"), 25));
        assertThat(JlamaRuntime.forkJava(jdk25.resolve("bin/java").toString(), home17, 17, List.of(), JlamaRuntime::featureOf))
                .isEqualTo(new JlamaRuntime.ForkJava(jdk25.resolve("bin/java"), 25));
        assertThatThrownBy(() -> JlamaRuntime.forkJava(jdk17.toString(), home17, 17, List.of(), JlamaRuntime::featureOf))
                .hasMessage("TOKENBENCH_JLAMA_JVM=" + jdk17 + " is Java 17; framework jlama needs Java 21+: name a JDK 21+ folder or its bin/java");
        assertThatThrownBy(() -> JlamaRuntime.forkJava(dir.resolve("none").toString(), home17, 17, List.of(), JlamaRuntime::featureOf))
                .hasMessage("TOKENBENCH_JLAMA_JVM=" + dir.resolve("none") + ": no Java runtime there; name a JDK 21+ folder or its bin/java");
    }

    @Test
    void forkJava_unnamed_takesThisJvmWhen21OrNewer_elseTheNewestJdk21PlusInTheJvmFolders() throws IOException {
        fakeJdk("jdk-17", "17.0.2");
        fakeJdk("jdk-21", "21.0.5");
        Path jdk25 = fakeJdk("temurin-25", "25.0.3");
        Path home = Path.of("/opt/java22");
        assertThat(JlamaRuntime.forkJava(null, home, 22, List.of(dir), JlamaRuntime::featureOf))
                .isEqualTo(new JlamaRuntime.ForkJava(home.resolve("bin/java"), 22));
        assertThat(JlamaRuntime.forkJava("", Path.of("/opt/java17"), 17, List.of(dir.resolve("missing"), dir), JlamaRuntime::featureOf))
                .isEqualTo(new JlamaRuntime.ForkJava(jdk25.resolve("bin/java"), 25));
    }

    @Test
    void forkJava_noneFound_isOneLineNamingTheVariable() throws IOException {
        fakeJdk("jdk-17", "17.0.2");
        assertThatThrownBy(() -> JlamaRuntime.forkJava(null, Path.of("/opt/java17"), 17, List.of(dir), JlamaRuntime::featureOf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("framework jlama needs a Java 21+ JVM for its forks and this one is Java 17 with none found in " + dir
                        + ": set TOKENBENCH_JLAMA_JVM=/path/to/jdk-21+/bin/java, or run tokenbench itself on Java 21+");
    }

    /** A JDK folder as installers lay it out: {@code release} with {@code JAVA_VERSION}, and an executable {@code bin/java}. */
    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nexit 1\n");
        java.toFile().setExecutable(true);
        return home;
    }
}
