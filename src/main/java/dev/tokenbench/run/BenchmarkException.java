package dev.tokenbench.run;

/** A measured request failed or broke the contract (wrong token count); the message says which run and why. */
public class BenchmarkException extends Exception {

    private static final long serialVersionUID = 1L;

    public BenchmarkException(String message) {
        super(message);
    }

    public BenchmarkException(String message, Throwable cause) {
        super(message, cause);
    }
}
