package dev.tokenbench.load;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.measure.LoadSamples;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.measure.RequestRecord;
import dev.tokenbench.measure.RequestRunner;
import dev.tokenbench.measure.TokenMetrics;
import dev.tokenbench.measure.TokenSamples;
import dev.tokenbench.measure.TokenTimeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs load episodes against an engine that serves concurrent {@code generate} calls (the {@code openai} client):
 * every request is one prompt with exactly N new tokens, timed on the driver's clock from its start (see
 * {@link RequestRecord}), and recorded whether it completes or fails; a failed request never stops the episode.
 *
 * <p>Closed loop: C platform threads, each serving its next request as soon as its previous one ends. Open loop:
 * the calling thread waits on the clock for each arrival of the {@link PoissonSchedule} and hands the request to a
 * new thread (an unbounded pool), so that an arrival never waits for an earlier request.
 */
public final class LoadDriver {

    private final NanoClock clock;
    private final Executor senders;

    /** @param clock the clock that schedules arrivals and timestamps requests and tokens (the engine's clock) */
    public LoadDriver(NanoClock clock) {
        this(clock, null);
    }

    /**
     * A driver whose open loop sends its requests through {@code senders} (tests pass a direct executor, which serves
     * arrivals one after the other: a single-server queue whose waits the records must show exactly).
     */
    LoadDriver(NanoClock clock, Executor senders) {
        this.clock = clock;
        this.senders = senders;
    }

    /**
     * Runs one episode of {@code spec}, every request with {@code prompt}.
     *
     * @throws InterruptedException if interrupted while waiting for arrivals or requests
     */
    public LoadSamples run(Engine engine, String prompt, LoadSpec spec) throws InterruptedException {
        GenerationRequest request = new GenerationRequest(List.of(prompt), spec.newTokens());
        Episode episode = new Episode(engine, request, clock.nanoTime());
        AtomicInteger nextIndex = new AtomicInteger();
        if (spec.shape() instanceof LoadShape.ClosedLoop closed) {
            List<Thread> streams = new ArrayList<>();
            for (int c = 0; c < closed.concurrency(); c++) {
                Thread stream = new Thread(() -> {
                    while (true) {
                        long due;
                        int index;
                        synchronized (nextIndex) {
                            due = clock.nanoTime();
                            index = nextIndex.get();
                            if (!spec.issues(index, due - episode.startNanos)) {
                                return;
                            }
                            nextIndex.incrementAndGet();
                        }
                        episode.serve(index, due);
                    }
                }, "tokenbench-load-stream-" + c);
                stream.setDaemon(true);
                streams.add(stream);
            }
            streams.forEach(Thread::start);
            for (Thread stream : streams) {
                stream.join();
            }
        } else if (spec.shape() instanceof LoadShape.OpenLoop open) {
            PoissonSchedule schedule = new PoissonSchedule(open.requestsPerSecond(), open.seed());
            ExecutorService ownSenders = senders == null ? Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "tokenbench-load-request");
                thread.setDaemon(true);
                return thread;
            }) : null;
            Executor executor = senders == null ? ownSenders : senders;
            List<CompletableFuture<Void>> inFlight = new ArrayList<>();
            try {
                for (int index = 0; ; index++) {
                    long offset = schedule.nextArrivalNanos();
                    if (!spec.issues(index, offset)) {
                        break;
                    }
                    long due = episode.startNanos + offset;
                    clock.awaitNanoTime(due);
                    int issued = index;
                    inFlight.add(CompletableFuture.runAsync(() -> episode.serve(issued, due), executor));
                }
                // each request ends by the engine's own read timeout at the latest
                CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
            } finally {
                if (ownSenders != null) {
                    ownSenders.shutdown();
                }
            }
        }
        return episode.samples();
    }

    /** The records and timelines of one episode, filled from the request threads. */
    private final class Episode {
        private final Engine engine;
        private final GenerationRequest request;
        private final long startNanos;
        private final List<RequestRecord> records = new ArrayList<>();
        private final TokenMetrics.Builder tokens = TokenMetrics.builder();

        Episode(Engine engine, GenerationRequest request, long startNanos) {
            this.engine = engine;
            this.request = request;
            this.startNanos = startNanos;
        }

        /** Serves request {@code index}, due at clock reading {@code dueNanos}, and records it. */
        void serve(int index, long dueNanos) {
            TokenTimeline timeline = new TokenTimeline(1, request.newTokens(), dueNanos);
            long sent = clock.nanoTime();
            String failure = null;
            boolean chunked = false;
            int[] promptTokens = null;
            try {
                GenerationOutcome outcome = engine.generate(request, timeline);
                chunked = outcome.tokensChunked();
                promptTokens = outcome.promptTokenCounts();
                timeline.complete(clock.nanoTime(), promptTokens);
                failure = RequestRunner.shortfall(timeline).orElse(null);
            } catch (EngineException | RuntimeException e) {
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            }
            int count = timeline.tokenCount(0);
            long[] times = timeline.timestampsNanos(0);
            RequestRecord record = new RequestRecord(index, dueNanos - startNanos, sent - startNanos,
                    count == 0 ? -1 : times[0] - startNanos, count == 0 ? -1 : times[count - 1] - startNanos, count,
                    promptTokens == null ? -1 : promptTokens[0], chunked, failure);
            synchronized (this) {
                records.add(record);
                if (failure == null) {
                    tokens.add(timeline);
                }
            }
        }

        synchronized LoadSamples samples() {
            records.sort(Comparator.comparingInt(RequestRecord::index));
            long end = records.stream().mapToLong(RequestRecord::endNanos).max().orElse(0);
            Optional<TokenSamples> samples = tokens.requestCount() == 0 ? Optional.empty() : Optional.of(tokens.build().samples());
            return new LoadSamples(records, Math.max(0, end), samples);
        }
    }
}
