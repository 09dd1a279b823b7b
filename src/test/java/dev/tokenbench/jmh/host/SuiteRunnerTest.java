package dev.tokenbench.jmh.host;

import dev.tokenbench.jmh.MemoryProfiler;
import dev.tokenbench.jmh.TokenTimingProfiler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.tokenbench.engine.jlama.JlamaRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.RunnerException;

class SuiteRunnerTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream jmhOutput = new ByteArrayOutputStream();
    private final SuiteRunner runner = new SuiteRunner(new PrintStream(jmhOutput, true, StandardCharsets.UTF_8), Suite.DEFAULT);

    private void assertNothingWritten() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void run_unknownParameterName_failsBeforeAnyFork() throws IOException {
        assertThatThrownBy(() -> runner.run(List.of("-p", "batch=2"), dir.resolve("run")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown parameter 'batch'; valid: framework, model");
        assertNothingWritten();
    }

    @Test
    void run_unknownModelForABenchmarkPattern_failsBeforeAnyFork() throws IOException {
        assertThatThrownBy(() -> runner.run(List.of("DecodeLatencyBenchmark", "-p", "framework=fake", "-p", "model=huge"), dir.resolve("run")))
                .hasMessageStartingWith("unknown model 'huge' for framework fake");
        assertNothingWritten();
    }

    @Test
    void run_patternMatchingNothing_says() {
        assertThatThrownBy(() -> runner.run(List.of("NoSuchBenchmark"), dir.resolve("run")))
                .hasMessage("no benchmark matches NoSuchBenchmark; list them with -l");
    }

    @Test
    void run_moreThanOneJmhThread_isRefused() {
        assertThatThrownBy(() -> runner.run(List.of("-t", "2"), dir.resolve("run"))).hasMessageContaining("JMH threads must be 1");
    }

    @Test
    void run_list_printsTheBenchmarksAndRunsNothing() throws RunnerException, IOException {
        SuiteRunner.Outcome outcome = runner.run(List.of("-l"), dir.resolve("run"));

        assertThat(outcome).isInstanceOf(SuiteRunner.Informational.class);
        assertThat(jmhOutput.toString(StandardCharsets.UTF_8))
                .contains("GenerationLatencyBenchmark.generate", "PrefillLatencyBenchmark.prefill", "DecodeLatencyBenchmark.decode");
        assertNothingWritten();
    }

    @Test
    void parse_profilerShortNames_becomeClassNames() {
        assertThat(SuiteRunner.parse(List.of("-prof", "tokens", "-prof", "memory", "-prof", "gc")).getProfilers())
                .extracting(p -> p.getKlass())
                .containsExactly(TokenTimingProfiler.class.getName(), MemoryProfiler.class.getName(), "gc");
    }

    @Test
    void parse_unknownOption_isBadInput() {
        assertThatThrownBy(() -> SuiteRunner.parse(List.of("-bogus"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void plans_defaultSuiteOverriddenToOneConfiguration_dropsDuplicates() {
        var options = SuiteRunner.parse(List.of("-p", "framework=fake", "-p", "model=zero", "-p", "batchSize=1"));

        assertThat(runner.plans(options)).hasSize(1);
        assertThat(runner.plans(SuiteRunner.parse(List.of()))).hasSize(Suite.DEFAULT.size());
        assertThat(runner.plans(SuiteRunner.parse(List.of("Prefill")))).hasSize(1);
    }

    @Test
    void plans_defaultSuiteWithAFrameworkOfIt_runsThatFrameworksEntryOnly() {
        List<SuiteRunner.Plan> plans = runner.plans(SuiteRunner.parse(List.of("-p", "framework=llama.cpp", "-p", "batchSize=1")));

        assertThat(plans).hasSize(1);
        assertThat(plans.get(0).params()).containsEntry("framework", List.of("llama.cpp")).containsEntry("model", List.of("tiny", "small"))
                .containsEntry("batchSize", List.of("1"));
    }

    private static final JlamaRuntime.ForkJava JAVA_25 = new JlamaRuntime.ForkJava(Path.of("/jdk-25/bin/java"), 25);

    @Test
    void withJlamaForks_commandLineAskingForJlama_runsItInAPlanOfItsOwnOnTheJava21PlusJvm() {
        var options = SuiteRunner.parse(List.of("GenerationLatencyBenchmark", "-p", "framework=djl-pytorch,jlama,llama.cpp"));
        List<String> notes = new ArrayList<>();
        List<SuiteRunner.Plan> plans = SuiteRunner.withJlamaForks(runner.plans(options), options, () -> JAVA_25, notes::add);

        assertThat(plans).containsExactly(
                new SuiteRunner.Plan(List.of(), Map.of(), Map.of("framework", List.of("djl-pytorch", "llama.cpp")), Optional.empty()),
                new SuiteRunner.Plan(List.of(), Map.of(), Map.of("framework", List.of("jlama")), Optional.of(JAVA_25)));
        // one line per run in place of Jlama's warning in every fork
        assertThat(notes).containsExactly("jlama forks run on /jdk-25/bin/java (Java 25) with Jlama's pure-Java kernels (Vector API);"
                + " its optional native library, jlama-native, is not used");
    }

    @Test
    void withJlamaForks_noJlama_leavesThePlansAndNeverLooksForAJvm() {
        var options = SuiteRunner.parse(List.of("-p", "framework=fake"));
        List<SuiteRunner.Plan> plans = runner.plans(options);

        assertThat(SuiteRunner.withJlamaForks(plans, options, () -> {
            throw new AssertionError("looked for a JVM");
        }, note -> { })).isEqualTo(plans);
    }

    @Test
    void withJlamaForks_commandLineAskingForJlamaWithoutAJvm_failsInOneLineBeforeAnyFork() {
        var options = SuiteRunner.parse(List.of("-p", "framework=jlama"));

        assertThatThrownBy(() -> SuiteRunner.withJlamaForks(runner.plans(options), options, () -> {
            throw new IllegalArgumentException("no JDK 21+");
        }, note -> { })).hasMessage("no JDK 21+");
    }

    @Test
    void withJlamaForks_defaultSuiteWithoutAJvm_leavesJlamaOutAndSaysWhyOnce() {
        var options = SuiteRunner.parse(List.of());
        List<String> notes = new ArrayList<>();
        List<SuiteRunner.Plan> plans = SuiteRunner.withJlamaForks(runner.plans(options), options, () -> {
            throw new IllegalArgumentException("no JDK 21+");
        }, notes::add);

        assertThat(plans).hasSize(Suite.DEFAULT.size() - 1).allSatisfy(plan -> assertThat(plan.params().get("framework")).doesNotContain("jlama"));
        assertThat(notes).containsExactly("jlama left out of the default suite: no JDK 21+");
        List<SuiteRunner.Plan> withJvm = SuiteRunner.withJlamaForks(runner.plans(options), options, () -> JAVA_25, notes::add);
        assertThat(withJvm).hasSize(Suite.DEFAULT.size()).filteredOn(plan -> plan.jvm().isPresent()).singleElement()
                .satisfies(plan -> assertThat(plan.forced()).isEqualTo(Map.of("framework", List.of("jlama"))));
    }

    @Test
    void paramNames_inOrderWithoutRepeats() {
        assertThat(SuiteRunner.paramNames(List.of("-p", "a=1,2", "-f", "1", "-pb=3", "-prof", "gc", "-p", "a=4"))).containsExactly("a", "b");
    }

    @Test
    void withoutOutputFiles_dropsResultAndLogFiles() {
        assertThat(SuiteRunner.withoutOutputFiles(List.of("-rf", "csv", "-i", "2", "-rff", "x.csv", "-o", "log.txt", "B")))
                .containsExactly("-i", "2", "B");
    }

    @Test
    void defaultSuite_noPattern_takesParametersCountsAndTheRestApart() {
        SuiteRunner.DefaultSuiteArguments parts = SuiteRunner.defaultSuite(List.of("-p", "batchSize=1,4", "-i", "5", "-wi", "1",
                "-jvmArgsAppend", "-Dx=1")).orElseThrow();

        assertThat(parts.overrides()).containsExactly(java.util.Map.entry("batchSize", List.of("1", "4")));
        assertThat(parts.measurementIterations()).hasValue(5);
        assertThat(parts.warmupIterations()).hasValue(1);
        assertThat(parts.forks()).isEmpty();
        assertThat(parts.rest()).containsExactly("-jvmArgsAppend", "-Dx=1");
        assertThat(SuiteRunner.defaultSuite(List.of()).orElseThrow().overrides()).isEmpty();
    }

    @Test
    void defaultSuite_patternInformationOrOutputFiles_runAsOneJmhInvocation() {
        assertThat(SuiteRunner.defaultSuite(List.of("GenerationLatencyBenchmark"))).isEmpty();
        assertThat(SuiteRunner.defaultSuite(List.of("-l"))).isEmpty();
        assertThat(SuiteRunner.defaultSuite(List.of("-rff", "out.json"))).isEmpty();
        assertThatThrownBy(() -> SuiteRunner.defaultSuite(List.of("-p", "batchsize=1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchsize");
    }
}
