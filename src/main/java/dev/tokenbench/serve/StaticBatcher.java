package dev.tokenbench.serve;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.GenerationOutcome;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.engine.InvalidRequestException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Static batching: one worker thread serves the engine; requests wait in a bounded queue, and whenever the engine is
 * free the oldest waiting request is served together with the following waiting requests of the same
 * {@code max_tokens} (every sequence of an engine request generates the same count), up to the batch limit. Requests
 * of another {@code max_tokens} wait for a later batch; the oldest request always goes first, so none starves.
 */
final class StaticBatcher implements AutoCloseable {

    /** What the worker hands to a request's HTTP thread: a token, the end, or a failure. */
    sealed interface Event permits Token, Done, Failed {
    }

    /** One new token of the request's sequence. */
    record Token(int tokenId) implements Event {
    }

    /** The request is complete; its prompt had this many tokens as the engine counted them. */
    record Done(int promptTokens) implements Event {
    }

    /** The engine could not serve the request's batch: status 400 for a request it cannot serve as asked, else 500. */
    record Failed(int status, String message) implements Event {
    }

    /** One admitted request: its prompt, token count and the events its HTTP thread drains. */
    static final class Pending {
        final String prompt;
        final int maxTokens;
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

        Pending(String prompt, int maxTokens) {
            this.prompt = prompt;
            this.maxTokens = maxTokens;
        }
    }

    private final Engine engine;
    private final int maxBatch;
    private final int maxQueue;
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private final Thread worker;
    private boolean closed;

    StaticBatcher(Engine engine, int maxBatch, int maxQueue) {
        this.engine = engine;
        this.maxBatch = maxBatch;
        this.maxQueue = maxQueue;
        this.worker = new Thread(this::serve, "tokenbench-serve-engine");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /**
     * Queues a request.
     *
     * @throws ApiError 429 when {@code maxQueue} requests are already waiting, 503 when the server is stopping
     */
    Pending submit(String prompt, int maxTokens) throws ApiError {
        synchronized (this) {
            if (closed) {
                throw new ApiError(503, "the server is stopping");
            }
            if (waiting.size() >= maxQueue) {
                throw new ApiError(429, "the queue is full (" + maxQueue + " requests waiting, --max-queue); retry later");
            }
            Pending pending = new Pending(prompt, maxTokens);
            waiting.addLast(pending);
            notifyAll();
            return pending;
        }
    }

    /** Requests waiting for the engine. */
    synchronized int waiting() {
        return waiting.size();
    }

    private void serve() {
        while (true) {
            List<Pending> batch = new ArrayList<>();
            synchronized (this) {
                while (waiting.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (closed) {
                    for (Pending pending : waiting) {
                        pending.events.add(new Failed(503, "the server is stopping"));
                    }
                    waiting.clear();
                    return;
                }
                Pending first = waiting.removeFirst();
                batch.add(first);
                for (Iterator<Pending> it = waiting.iterator(); it.hasNext() && batch.size() < maxBatch;) {
                    Pending next = it.next();
                    if (next.maxTokens == first.maxTokens) {
                        batch.add(next);
                        it.remove();
                    }
                }
            }
            run(batch);
        }
    }

    private void run(List<Pending> batch) {
        List<String> prompts = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            prompts.add(pending.prompt);
        }
        try {
            GenerationOutcome outcome = engine.generate(new GenerationRequest(prompts, batch.get(0).maxTokens),
                    (sequence, tokenId, timestampNanos) -> batch.get(sequence).events.add(new Token(tokenId)));
            int[] promptTokens = outcome.promptTokenCounts();
            for (int s = 0; s < batch.size(); s++) {
                batch.get(s).events.add(new Done(s < promptTokens.length ? promptTokens[s] : 0));
            }
        } catch (EngineException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            for (Pending pending : batch) {
                pending.events.add(new Failed(e instanceof InvalidRequestException ? 400 : 500, message));
            }
        }
    }

    /** Fails every waiting request and stops the worker once the running batch is done. */
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
