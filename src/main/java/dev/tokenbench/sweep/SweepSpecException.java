package dev.tokenbench.sweep;

/**
 * A spec file that cannot be run, in one line naming the file, the key and what is wrong:
 * {@code benchmarks/sweeps/x.json: axes.batchSize: bad range '1..32 x1': factor must be at least 2}.
 * An {@link IllegalArgumentException}, so the CLI reports it as bad input (exit code 2).
 */
public final class SweepSpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    SweepSpecException(String source, String key, String problem) {
        super(source + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
    }
}
