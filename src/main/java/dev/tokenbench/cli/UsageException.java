package dev.tokenbench.cli;

/** Bad input to a command: printed as one line and exit code 2. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
