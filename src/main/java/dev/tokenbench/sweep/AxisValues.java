package dev.tokenbench.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Integer ranges of a spec axis: {@code "1..32 x2"} doubles (1, 2, 4, 8, 16, 32), {@code "32..512 +32"} steps
 * (32, 64, ..., 512), {@code "1..4"} steps by one. The end is included when the sequence reaches it exactly and
 * values never pass it; the start must be at least 1.
 */
final class AxisValues {

    /** More values than this on one axis is a typo, not a plan. */
    static final int MAX_VALUES = 1000;

    private static final Pattern RANGE = Pattern.compile("\\s*(\\d+)\\s*\\.\\.\\s*(\\d+)\\s*(?:([x+])\\s*(\\d+))?\\s*");

    private AxisValues() {
    }

    /** Whether {@code text} is written as a range (well formed or not): it contains {@code ..}. */
    static boolean looksLikeRange(String text) {
        return text.contains("..");
    }

    /**
     * The values of a range.
     *
     * @throws IllegalArgumentException saying what is wrong with it, e.g. {@code bad range '1..32 x1': factor must be at least 2}
     */
    static List<Integer> range(String text) {
        Matcher matcher = RANGE.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("bad range '" + text + "': write START..END, START..END xFACTOR or START..END +STEP"
                    + " (e.g. 1..32 x2, 32..512 +32)");
        }
        long start = parse(text, matcher.group(1));
        long end = parse(text, matcher.group(2));
        String operator = matcher.group(3);
        long operand = operator == null ? 1 : parse(text, matcher.group(4));
        if (start < 1) {
            throw new IllegalArgumentException("bad range '" + text + "': start must be at least 1");
        }
        if (end < start) {
            throw new IllegalArgumentException("bad range '" + text + "': end " + end + " is below start " + start);
        }
        boolean doubling = "x".equals(operator);
        if (doubling && operand < 2) {
            throw new IllegalArgumentException("bad range '" + text + "': factor must be at least 2");
        }
        if (!doubling && operand < 1) {
            throw new IllegalArgumentException("bad range '" + text + "': step must be at least 1");
        }
        List<Integer> values = new ArrayList<>();
        for (long value = start; value <= end; value = doubling ? value * operand : value + operand) {
            if (values.size() == MAX_VALUES) {
                throw new IllegalArgumentException("bad range '" + text + "': more than " + MAX_VALUES + " values");
            }
            values.add((int) value);
        }
        return values;
    }

    private static long parse(String range, String digits) {
        try {
            long value = Long.parseLong(digits);
            if (value > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad range '" + range + "': " + digits + " is too large");
        }
    }
}
