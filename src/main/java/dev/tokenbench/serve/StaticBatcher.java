package dev.tokenbench.serve;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.InvalidRequestException;
import dev.tokenbench.engine.TokenIdRequest;
import dev.tokenbench.measure.NanoClock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Static batching with a batching window: one worker thread serves the engine; the prompts of requests wait in a
 * bounded queue, and the oldest waiting prompt is served together with the following waiting prompts of the same
 * {@code max_tokens} and the same kind (text or token ids: one engine request is either), up to the batch limit. The
 * batch starts as soon as it is full, or once the oldest prompt has waited the batching window since it arrived,
 * whichever comes first; so prompts arriving within the window of each other run as one batch instead of the first
 * alone and the rest after it. Prompts of another {@code max_tokens} or kind wait for a later batch; the oldest always
 * goes first, so none starves. A request of several prompts (OpenAI's list of prompts) queues one prompt per sequence.
 */
final class StaticBatcher implements AutoCloseable {

    /** What the worker hands to a request's HTTP thread: a token, the end of a sequence, or a failure. */
    sealed interface Event permits Token, Done, Failed {
    }

    /** One new token of the request's sequence {@code choice}. */
    record Token(int choice, int tokenId) implements Event {
    }

    /** The request's sequence {@code choice} is complete; its prompt had this many tokens as the engine counted them. */
    record Done(int choice, int promptTokens) implements Event {
    }

    /** The engine could not serve the request's batch: status 400 for a request it cannot serve as asked, else 500. */
    record Failed(int status, String message) implements Event {
    }

    /**
     * One admitted prompt: its text or token ids, token count, the sequence index within its request, when it arrived,
     * and the events its request's HTTP thread drains (shared by the request's prompts).
     */
    static final class Pending {
        final String promptText;
        final int[] promptTokenIds;
        final int maxTokens;
        final int choice;
        final long arrivalNanos;
        final BlockingQueue<Event> events;

        Pending(String promptText, int[] promptTokenIds, int maxTokens, int choice, long arrivalNanos, BlockingQueue<Event> events) {
            this.promptText = promptText;
            this.promptTokenIds = promptTokenIds;
            this.maxTokens = maxTokens;
            this.choice = choice;
            this.arrivalNanos = arrivalNanos;
            this.events = events;
        }

        boolean batchesWith(Pending other) {
            return maxTokens == other.maxTokens && (promptText == null) == (other.promptText == null);
        }
    }

    private final Engine engine;
    private final int maxBatch;
    private final int maxQueue;
    private final long batchWindowNanos;
    private final NanoClock clock;
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private final Thread worker;
    private boolean closed;

    /**
     * @param batchWindowNanos longest time the oldest waiting prompt waits for others to fill its batch (0: none)
     */
    StaticBatcher(Engine engine, int maxBatch, int maxQueue, long batchWindowNanos, NanoClock clock) {
        this.engine = engine;
        this.maxBatch = maxBatch;
        this.maxQueue = maxQueue;
        this.batchWindowNanos = batchWindowNanos;
        this.clock = clock;
        this.worker = new Thread(this::serve, "tokenbench-serve-engine");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /**
     * Queues a request's prompts, all at once (so that they can share a batch): either texts or token ids.
     *
     * @return the queue of events of all the request's prompts, each event naming its prompt's index
     * @throws ApiError 429 when the queue has no room for all of them, 503 when the server is stopping
     */
    BlockingQueue<Event> submit(List<String> promptTexts, List<int[]> promptTokenIds, int maxTokens) throws ApiError {
        int prompts = promptTexts != null ? promptTexts.size() : promptTokenIds.size();
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        synchronized (this) {
            if (closed) {
                throw new ApiError(503, "the server is stopping");
            }
            if (waiting.size() + prompts > maxQueue) {
                throw new ApiError(429, "the queue is full (" + waiting.size() + " prompts waiting, at most " + maxQueue
                        + ", --max-queue; this request has " + prompts + "); retry later");
            }
            long now = clock.nanoTime();
            for (int i = 0; i < prompts; i++) {
                waiting.addLast(new Pending(promptTexts != null ? promptTexts.get(i) : null, promptTexts != null ? null : promptTokenIds.get(i),
                        maxTokens, i, now, events));
            }
            notifyAll();
        }
        return events;
    }

    /** Prompts waiting for the engine. */
    synchronized int waiting() {
        return waiting.size();
    }

    /**
     * The next batch, removed from {@code waiting}, if it should start at {@code nowNanos}: the oldest prompt and the
     * following ones it batches with, up to {@code maxBatch}, once they fill the batch or the oldest has waited
     * {@code windowNanos}; empty (nothing removed) while the window is still open.
     */
    static List<Pending> takeBatch(Deque<Pending> waiting, int maxBatch, long windowNanos, long nowNanos) {
        Pending first = waiting.peekFirst();
        if (first == null) {
            return List.of();
        }
        List<Pending> batch = new ArrayList<>();
        batch.add(first);
        for (Iterator<Pending> it = waiting.iterator(); it.hasNext() && batch.size() < maxBatch;) {
            Pending next = it.next();
            if (next != first && next.batchesWith(first)) {
                batch.add(next);
            }
        }
        if (batch.size() < maxBatch && nowNanos - first.arrivalNanos < windowNanos) {
            return List.of();
        }
        waiting.removeAll(batch);
        return batch;
    }

    private void serve() {
        while (true) {
            List<Pending> batch;
            synchronized (this) {
                while (true) {
                    if (closed) {
                        for (Pending pending : waiting) {
                            pending.events.add(new Failed(503, "the server is stopping"));
                        }
                        waiting.clear();
                        return;
                    }
                    if (waiting.isEmpty()) {
                        waitQuietly(0);
                        continue;
                    }
                    long now = clock.nanoTime();
                    batch = takeBatch(waiting, maxBatch, batchWindowNanos, now);
                    if (!batch.isEmpty()) {
                        break;
                    }
                    // the window is open: wake when it closes, or earlier when a prompt arrives
                    waitQuietly(Math.max(1, waiting.peekFirst().arrivalNanos + batchWindowNanos - now));
                }
            }
            run(batch);
        }
    }

    /** Waits on this monitor for up to {@code nanos} (0: until notified); an interrupt closes the batcher. */
    private void waitQuietly(long nanos) {
        try {
            if (nanos == 0) {
                wait();
            } else {
                TimeUnit.NANOSECONDS.timedWait(this, nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private void run(List<Pending> batch) {
        int maxTokens = batch.get(0).maxTokens;
        try {
            GenerationOutcome outcome;
            if (batch.get(0).promptText != null) {
                List<String> prompts = new ArrayList<>(batch.size());
                batch.forEach(pending -> prompts.add(pending.promptText));
                outcome = engine.generate(new GenerationRequest(prompts, maxTokens),
                        (sequence, tokenId, timestampNanos) -> batch.get(sequence).events.add(new Token(batch.get(sequence).choice, tokenId)));
            } else {
                List<int[]> prompts = new ArrayList<>(batch.size());
                batch.forEach(pending -> prompts.add(pending.promptTokenIds));
                outcome = engine.generate(new TokenIdRequest(prompts, maxTokens),
                        (sequence, tokenId, timestampNanos) -> batch.get(sequence).events.add(new Token(batch.get(sequence).choice, tokenId)));
            }
            int[] promptTokens = outcome.promptTokenCounts();
            for (int s = 0; s < batch.size(); s++) {
                batch.get(s).events.add(new Done(batch.get(s).choice, s < promptTokens.length ? promptTokens[s] : 0));
            }
        } catch (EngineException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            for (Pending pending : batch) {
                pending.events.add(new Failed(e instanceof InvalidRequestException ? 400 : 500, message));
            }
        }
    }

    /** Fails every waiting prompt and stops the worker once the running batch is done. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            worker.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
