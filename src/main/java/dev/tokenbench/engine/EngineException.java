package dev.tokenbench.engine;

/** An engine could not be opened or could not serve a request; the message says what, where and how to fix it. */
public class EngineException extends Exception {

    private static final long serialVersionUID = 1L;

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
