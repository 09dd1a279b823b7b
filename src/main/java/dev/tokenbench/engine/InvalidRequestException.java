package dev.tokenbench.engine;

/**
 * A request the engine cannot serve as asked: a prompt longer than the context, a batch larger than the engine was
 * opened for, an empty prompt. Bad input, not an engine failure; the message says how to fix the request.
 */
public class InvalidRequestException extends EngineException {

    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }
}
