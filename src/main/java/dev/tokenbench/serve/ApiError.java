package dev.tokenbench.serve;

/** A request the server refuses: the HTTP status and the one-line message of its JSON error body. */
final class ApiError extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status code: 400 bad request, 404 unknown model or path, 405 wrong method, 429 queue full. */
    int status() {
        return status;
    }

    /** The OpenAI error type for the status. */
    String type() {
        return switch (status) {
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 400, 405, 413 -> "invalid_request_error";
            default -> "server_error";
        };
    }
}
