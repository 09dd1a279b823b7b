package dev.tokenbench.measure;

/**
 * Receives every new token of a generation request as it is handed to the caller.
 *
 * <p>Engines call it once per new token, for each sequence in order of generation, with the clock reading
 * taken at the moment the token became available to the caller. Engines that serve a batch from several
 * threads (parallel slots) may call it concurrently for different sequences, never concurrently for the same
 * sequence.
 */
@FunctionalInterface
public interface TokenListener {

    /**
     * @param sequenceIndex index of the prompt in the request, from 0 to batch size - 1
     * @param tokenId       vocabulary id of the new token
     * @param timestampNanos {@link NanoClock#nanoTime()} reading when the token was handed over
     */
    void onToken(int sequenceIndex, int tokenId, long timestampNanos);
}
