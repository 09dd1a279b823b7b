package dev.tokenbench.engine;

import dev.tokenbench.measure.TokenListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An engine that passes everything to another one and records each request it serves, text or token ids, in order. */
public class RecordingEngine implements Engine {

    private final Engine delegate;
    private final List<Object> requests = new ArrayList<>();

    public RecordingEngine(Engine delegate) {
        this.delegate = delegate;
    }

    /** The requests served so far: {@link GenerationRequest}s and {@link TokenIdRequest}s, in order. */
    public synchronized List<Object> requests() {
        return List.copyOf(requests);
    }

    /** The batch sizes of the requests served so far, in order. */
    public synchronized List<Integer> batchSizes() {
        List<Integer> sizes = new ArrayList<>();
        for (Object request : requests) {
            sizes.add(request instanceof GenerationRequest text ? text.batchSize() : ((TokenIdRequest) request).batchSize());
        }
        return sizes;
    }

    @Override
    public EngineInfo info() {
        return delegate.info();
    }

    @Override
    public GenerationOutcome generate(GenerationRequest request, TokenListener listener) throws EngineException {
        synchronized (this) {
            requests.add(request);
        }
        return delegate.generate(request, listener);
    }

    @Override
    public GenerationOutcome generate(TokenIdRequest request, TokenListener listener) throws EngineException {
        synchronized (this) {
            requests.add(request);
        }
        return delegate.generate(request, listener);
    }

    @Override
    public Optional<int[]> tokenize(String text) {
        return delegate.tokenize(text);
    }

    @Override
    public String promptOfTokens(int promptTokens) {
        return delegate.promptOfTokens(promptTokens);
    }

    @Override
    public String decode(int[] tokenIds) {
        return delegate.decode(tokenIds);
    }

    @Override
    public void close() throws EngineException {
        delegate.close();
    }
}
