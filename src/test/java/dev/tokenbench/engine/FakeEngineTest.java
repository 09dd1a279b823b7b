package dev.tokenbench.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.measure.ManualClock;
import dev.tokenbench.measure.TokenTimeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeEngineTest {

    private static final FakeEngine.Timing TIMING = new FakeEngine.Timing(1_000_000, 10_000, 250_000);

    @Test
    void generate_manualClock_emitsEveryTokenOnTheProgrammedSchedule() throws EngineException {
        ManualClock clock = new ManualClock(5_000);
        try (FakeEngine engine = FakeEngine.builder().optTiming(TIMING).optClock(clock).build()) {
            TokenTimeline timeline = new TokenTimeline(2, 3, clock.nanoTime());

            // prompts of 3 and 5 tokens (words + BOS): the longest, 5, paces the batch
            GenerationOutcome outcome = engine.generate(new GenerationRequest(List.of("a b", "a b c d"), 3), timeline);

            assertThat(outcome.promptTokenCounts()).containsExactly(3, 5);
            long first = 5_000 + 1_000_000 + 5 * 10_000;
            for (int s = 0; s < 2; s++) {
                assertThat(timeline.timestampsNanos(s)).containsExactly(first, first + 250_000, first + 500_000);
            }
        }
    }

    @Test
    void generate_samePromptTwice_givesSameTokenIds() throws EngineException {
        try (FakeEngine engine = FakeEngine.builder().optClock(new ManualClock()).build()) {
            TokenTimeline first = new TokenTimeline(2, 4, 0);
            engine.generate(new GenerationRequest(List.of("hello world", "hello world"), 4), first);
            TokenTimeline second = new TokenTimeline(1, 4, 0);
            engine.generate(new GenerationRequest(List.of("hello world"), 4), second);

            assertThat(first.tokenIds(0)).containsExactly(first.tokenIds(1));
            assertThat(second.tokenIds(0)).containsExactly(first.tokenIds(0));
            assertThat(java.util.Arrays.stream(first.tokenIds(0)).boxed()).allSatisfy(id -> assertThat(id).isBetween(0, FakeEngine.VOCAB_SIZE - 1));
        }
    }

    @Test
    void promptOfTokens_countsBackToTheRequestedLength() {
        FakeEngine engine = FakeEngine.builder().build();
        for (int tokens : new int[] {1, 2, 19, 20, 128, 1000}) {
            assertThat(FakeEngine.countTokens(engine.promptOfTokens(tokens))).isEqualTo(tokens);
        }
        assertThatThrownBy(() -> engine.promptOfTokens(0)).hasMessage("promptTokens must be >= 1, was 0");
    }

    @Test
    void generate_closedEngine_throws() {
        FakeEngine engine = FakeEngine.builder().build();
        engine.close();
        assertThatThrownBy(() -> engine.generate(new GenerationRequest(List.of("x"), 1), (s, t, n) -> { }))
                .isInstanceOf(EngineException.class)
                .hasMessage("fake engine is closed; open a new one");
    }

    @Test
    void info_reportsWhatItRuns() {
        EngineInfo info = FakeEngine.builder().optThreads(2).build().info();
        assertThat(info.framework()).isEqualTo("fake");
        assertThat(info.threads()).isEqualTo(2);
        assertThat(info.batchHandling()).isEqualTo(BatchHandling.STATIC_BATCH);
        assertThat(info.promptCacheReused()).isFalse();
    }

    @Test
    void timing_negativeDelay_throws() {
        assertThatThrownBy(() -> new FakeEngine.Timing(0, -1, 0))
                .hasMessage("fake engine delays must be >= 0 ns, were prefill 0, per prompt token -1, inter-token 0");
    }

    @Test
    void generate_nativeBytesPerPosition_holdsThatMuchResidentMemoryDuringTheRequestOnly() throws Exception {
        long perPosition = 32L << 20;
        try (FakeEngine engine = FakeEngine.builder().optClock(new ManualClock()).optNativeBytesPerPosition(perPosition).build()) {
            long before = residentBytes();
            long[] during = new long[1];
            // prompt "a b" is 3 tokens, plus 1 new token: 4 positions x 32 MiB, every page written
            engine.generate(new GenerationRequest(List.of("a b"), 1), (sequence, tokenId, nanos) -> during[0] = residentBytes());
            long after = residentBytes();

            assertThat(during[0] - before).isGreaterThanOrEqualTo(4 * perPosition - (8L << 20));
            assertThat(during[0] - after).isGreaterThanOrEqualTo(4 * perPosition - (8L << 20));
        }
    }

    @Test
    void generate_nativeMemoryBeyondTheAddressSpace_failsAsOutOfMemoryAndTheEngineServesTheNextRequest() throws EngineException {
        try (FakeEngine engine = FakeEngine.builder().optClock(new ManualClock()).optNativeBytesPerPosition(1L << 50).build()) {
            // 2^50 bytes x 2 positions: more than a 47-bit user address space, so malloc fails on any machine
            assertThatThrownBy(() -> engine.generate(new GenerationRequest(List.of(""), 1), new TokenTimeline(1, 1, 0)))
                    .isInstanceOf(OutOfMemoryError.class)
                    .hasMessage("Cannot allocate 2251799813685248 bytes");
            assertThatThrownBy(() -> engine.generate(new GenerationRequest(List.of("a b c"), 4), new TokenTimeline(1, 4, 0)))
                    .isInstanceOf(OutOfMemoryError.class)
                    .hasMessage("Cannot allocate 9007199254740992 bytes");
        }
        try (FakeEngine engine = FakeEngine.builder().optClock(new ManualClock()).optNativeBytesPerPosition(Long.MAX_VALUE / 2).build()) {
            assertThatThrownBy(() -> engine.generate(new GenerationRequest(List.of("a", "b"), 1), new TokenTimeline(2, 1, 0)))
                    .isInstanceOf(OutOfMemoryError.class)
                    .hasMessage("Cannot allocate 4611686018427387903 bytes x 2 sequences x 3 positions");
        }
    }

    @Test
    void nativeBytesPerPosition_property_acceptsBytesAndRefusesAnythingElseNamingTheProperty() {
        assertThat(FakeEngine.Provider.nativeBytesPerPosition("0")).isZero();
        assertThat(FakeEngine.Provider.nativeBytesPerPosition(" 8388608 ")).isEqualTo(8_388_608L);
        for (String bad : List.of("-1", "8m", "", "1e6")) {
            assertThatThrownBy(() -> FakeEngine.Provider.nativeBytesPerPosition(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("-Dtokenbench.fake.nativeBytesPerPosition=" + bad
                            + ": must be a whole number of bytes >= 0; give 0 or leave it out for no native memory");
        }
    }

    /** VmRSS of this process. */
    private static long residentBytes() {
        try {
            return residentBytesOrThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long residentBytesOrThrow() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }
}
