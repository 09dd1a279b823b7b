package dev.tokenbench.gate;

/**
 * Bad input to the gate: one line naming the flag or file, what is wrong and how to fix it. The CLI prints the
 * message and exits 2 without writing anything.
 */
public final class GateInputException extends Exception {

    private static final long serialVersionUID = 1L;

    public GateInputException(String message) {
        super(message);
    }
}
