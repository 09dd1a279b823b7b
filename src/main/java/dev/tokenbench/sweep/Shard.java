package dev.tokenbench.sweep;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One machine's share of a sweep: shard {@code index} of {@code count}, counted from 1 ({@code --shard 2/4}).
 *
 * @param index 1 to {@code count}
 * @param count how many shards the sweep is split into
 */
public record Shard(int index, int count) {

    /** The whole sweep on one machine. */
    public static final Shard ALL = new Shard(1, 1);

    private static final Pattern FORM = Pattern.compile("(\\d{1,4})/(\\d{1,4})");

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("--shard " + index + "/" + count + ": write K/N with 1 <= K <= N (e.g. 1/4 ... 4/4)");
        }
    }

    /**
     * Parses {@code K/N}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Shard parse(String text) {
        Matcher matcher = FORM.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("--shard " + text + ": write K/N with 1 <= K <= N (e.g. 1/4 ... 4/4)");
        }
        return new Shard(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
