package dev.tokenbench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnvironmentFactsTest {

    private static final String X86_CPUINFO = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            model name\t: AMD EPYC 7B13 64-Core Processor
            flags\t\t: fpu sse4_2 avx2 fma f16c avx512f popcnt avx
            processor\t: 1
            model name\t: AMD EPYC 7B13 64-Core Processor
            """;

    @Test
    void cpuModel_x86Cpuinfo_readsModelName() {
        assertThat(EnvironmentFacts.cpuModel(X86_CPUINFO)).hasValue("AMD EPYC 7B13 64-Core Processor");
    }

    @Test
    void cpuModel_emptyCpuinfo_isAbsent() {
        assertThat(EnvironmentFacts.cpuModel("")).isEmpty();
    }

    @Test
    void cpuFeatures_keepsOnlyInferenceRelevantFlagsSorted() {
        assertThat(EnvironmentFacts.cpuFeatures(X86_CPUINFO)).containsExactly("avx", "avx2", "avx512f", "f16c", "fma", "sse4_2");
    }

    @Test
    void cpuFeatures_armFeaturesLine_isRead() {
        assertThat(EnvironmentFacts.cpuFeatures("Features\t: fp asimd evtstrm sve bf16\n")).containsExactly("asimd", "bf16", "sve");
    }

    @Test
    void collect_thisMachine_fillsEveryFact() throws java.io.IOException {
        EnvironmentFacts facts = EnvironmentFacts.collect();
        assertThat(facts.availableProcessors()).isPositive();
        assertThat(facts.cpuModel()).isNotBlank();
        assertThat(facts.jvmVersion()).isNotBlank();
        // the versions the build filtered in, whatever the pom pins
        assertThat(facts.build().djlVersion()).isEqualTo(pomProperty("djl.version"));
        assertThat(facts.build().jmhVersion()).isEqualTo(pomProperty("jmh.version"));
        assertThat(facts.build().pytorchVersion()).isEqualTo(pomProperty("pytorch.version"));
    }

    /** A {@code <properties>} value of the project's pom.xml (tests run in the project folder). */
    private static String pomProperty(String name) throws java.io.IOException {
        String pom = java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<" + java.util.regex.Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        if (!m.find()) {
            throw new AssertionError("pom.xml has no property " + name);
        }
        return m.group(1).strip();
    }
}
