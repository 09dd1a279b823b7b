package dev.tokenbench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineInfo;
import dev.tokenbench.engine.FakeEngine;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.measure.LoadSamples;
import dev.tokenbench.measure.ManualClock;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.measure.RequestRecord;
import dev.tokenbench.measure.TokenListener;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadDriverTest {

    private static final long MS = 1_000_000L;

    /** Every call waits at a barrier of {@code parties} calls, so a round completes only with exactly that many in flight. */
    private static final class BarrierEngine implements Engine {
        private final CyclicBarrier barrier;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger maxInFlight = new AtomicInteger();
        private final AtomicInteger calls = new AtomicInteger();
        private final NanoClock clock = NanoClock.system();

        BarrierEngine(int parties) {
            this.barrier = new CyclicBarrier(parties);
        }

        @Override
        public EngineInfo info() {
            throw new UnsupportedOperationException();
        }

        @Override
        public GenerationOutcome generate(GenerationRequest request, TokenListener listener) throws EngineException {
            calls.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                barrier.await(20, TimeUnit.SECONDS);
                for (int k = 0; k < request.newTokens(); k++) {
                    listener.onToken(0, k, clock.nanoTime());
                }
                return GenerationOutcome.of(new int[] {3});
            } catch (Exception e) {
                throw new EngineException("the barrier broke: fewer than its parties in flight: " + e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public String promptOfTokens(int promptTokens) {
            return "p";
        }

        @Override
        public String decode(int[] tokenIds) {
            return "";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void closedLoop_threeStreams_keepExactlyThreeInFlight() throws InterruptedException {
        BarrierEngine engine = new BarrierEngine(3);

        LoadSamples samples = new LoadDriver(NanoClock.system()).run(engine, "p", new LoadSpec(new LoadShape.ClosedLoop(3), 12, 0, 4));

        assertThat(engine.maxInFlight.get()).isEqualTo(3);
        assertThat(engine.calls.get()).isEqualTo(12);
        assertThat(samples.requests()).extracting(RequestRecord::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(samples.requests()).allSatisfy(r -> {
            assertThat(r.completed()).as(r.failure()).isTrue();
            assertThat(r.outputTokens()).isEqualTo(4);
            assertThat(r.promptTokens()).isEqualTo(3);
            assertThat(r.sentNanos()).isGreaterThanOrEqualTo(r.scheduledNanos());
        });
        assertThat(samples.tokens().orElseThrow().requests()).isEqualTo(12);
    }

    @Test
    void openLoop_zeroDelayEngine_sendsEachRequestAtItsPoissonArrival() throws InterruptedException {
        ManualClock clock = new ManualClock(5_000);
        FakeEngine engine = FakeEngine.builder().optClock(clock).build();

        LoadSamples samples = new LoadDriver(clock, Runnable::run).run(engine, "a b c", new LoadSpec(new LoadShape.OpenLoop(2.0, 42), 6, 0, 3));

        assertThat(samples.requests()).extracting(RequestRecord::scheduledNanos).containsExactly(PoissonSchedule.arrivals(2.0, 42, 6)[0],
                676_555_299L, 763_678_658L, 926_960_197L, 1_137_902_826L, 1_157_288_921L);
        assertThat(samples.requests()).allSatisfy(r -> {
            assertThat(r.sentNanos()).isEqualTo(r.scheduledNanos());
            assertThat(r.timeToFirstTokenNanos()).isZero();
            assertThat(r.promptTokens()).isEqualTo(4);
        });
        assertThat(samples.wallNanos()).isEqualTo(1_157_288_921L);
        assertThat(samples.offeredRequestsPerSecond().getAsDouble()).isEqualTo(5 * 1e9 / 1_157_288_921L);
    }

    @Test
    void openLoop_busyServer_latenciesRunFromTheScheduleNotFromTheLateSend() throws InterruptedException {
        // One request at a time (a direct sender): each takes 300 ms to its first token and 10 ms per further token,
        // so arrivals closer together than a request's 320 ms wait, and their TTFT includes the wait (Lindley).
        ManualClock clock = new ManualClock();
        FakeEngine engine = FakeEngine.builder().optTiming(new FakeEngine.Timing(300 * MS, 0, 10 * MS)).optClock(clock).build();
        long[] arrivals = PoissonSchedule.arrivals(2.0, 42, 6);

        LoadSamples samples = new LoadDriver(clock, Runnable::run).run(engine, "x", new LoadSpec(new LoadShape.OpenLoop(2.0, 42), 6, 0, 3));

        long free = 0;
        for (int i = 0; i < 6; i++) {
            long sent = Math.max(arrivals[i], free);
            free = sent + 320 * MS;
            RequestRecord r = samples.requests().get(i);
            assertThat(r.sentNanos()).as("sent %d", i).isEqualTo(sent);
            assertThat(r.timeToFirstTokenNanos()).as("TTFT %d", i).isEqualTo(sent - arrivals[i] + 300 * MS);
            assertThat(r.endToEndNanos()).as("E2E %d", i).isEqualTo(free - arrivals[i]);
            assertThat(r.timePerOutputTokenNanos()).isEqualTo(10.0 * MS);
        }
        assertThat(samples.wallNanos()).isEqualTo(free);
    }

    @Test
    void openLoop_duration_issuesOnlyArrivalsBeforeIt() throws InterruptedException {
        ManualClock clock = new ManualClock();
        FakeEngine engine = FakeEngine.builder().optClock(clock).build();

        LoadSamples samples = new LoadDriver(clock, Runnable::run).run(engine, "x", new LoadSpec(new LoadShape.OpenLoop(2.0, 42), 0, 1_000_000_000L, 2));

        assertThat(samples.requests()).hasSize(4);
    }

    @Test
    void closedLoop_failingRequest_isRecordedAndTheEpisodeGoesOn() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        FakeEngine fake = FakeEngine.builder().build();
        Engine engine = new Engine() {
            @Override
            public EngineInfo info() {
                return fake.info();
            }

            @Override
            public GenerationOutcome generate(GenerationRequest request, TokenListener listener) throws EngineException {
                if (calls.getAndIncrement() == 1) {
                    throw new EngineException("http://127.0.0.1:1/v1/completions: HTTP 503: busy\nsecond line");
                }
                return fake.generate(request, listener);
            }

            @Override
            public String promptOfTokens(int promptTokens) {
                return fake.promptOfTokens(promptTokens);
            }

            @Override
            public String decode(int[] tokenIds) {
                return fake.decode(tokenIds);
            }

            @Override
            public void close() {
            }
        };

        LoadSamples samples = new LoadDriver(NanoClock.system()).run(engine, "x y", new LoadSpec(new LoadShape.ClosedLoop(1), 4, 0, 2));

        assertThat(samples.requests()).extracting(RequestRecord::failure)
                .containsExactly(null, "http://127.0.0.1:1/v1/completions: HTTP 503: busy", null, null);
        assertThat(samples.failedRequests()).isEqualTo(1);
        assertThat(samples.requests().get(1).timeToFirstTokenNanos()).isEqualTo(-1);
        assertThat(samples.tokens().orElseThrow().requests()).isEqualTo(3);
        assertThat(List.of(samples.completedRequests())).containsExactly(3L);
    }
}
