package dev.tokenbench.sweep;

/**
 * A spec file that cannot be run, in one line naming the file, the key and what is wrong:
 * {@code benchmarks/sweeps/x.json: axes.batchSize: bad range '1..32 x1': factor must be at least 2}.
 * An {@link IllegalArgumentException}, so the CLI reports it as bad input (exit code 2). Keys and values quoted from the
 * file may hold any character: control characters are shown as backslash-u escapes, so the message stays one line.
 */
public final class SweepSpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    SweepSpecException(String source, String key, String problem) {
        super(oneLine(source + ": " + (key.isEmpty() ? "" : key + ": ") + problem));
    }

    /** {@code message} with every ISO control character as a backslash-u escape. */
    private static String oneLine(String message) {
        StringBuilder text = new StringBuilder(message.length() + 16);
        message.chars().forEach(c -> text.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return text.toString();
    }
}
