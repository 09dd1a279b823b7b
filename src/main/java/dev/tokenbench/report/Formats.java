package dev.tokenbench.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.OptionalDouble;

/** Number formatting and escaping shared by the renderers. Locale-independent, so outputs are byte-stable. */
public final class Formats {

    /** Shown for an absent figure. */
    public static final String ABSENT = "-";

    private Formats() {
    }

    /** A figure for people: 4 significant digits, or whole numbers from 1000 on; {@code -} when absent. */
    public static String human(OptionalDouble value) {
        return value.isPresent() ? human(value.getAsDouble()) : ABSENT;
    }

    public static String human(double value) {
        if (!Double.isFinite(value)) {
            return ABSENT;
        }
        if (Math.abs(value) >= 1000) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** A figure in its display unit (MiB for memory, percent for agreement). */
    static String display(Metric metric, OptionalDouble value) {
        return value.isPresent() ? human(metric.toDisplay(value.getAsDouble())) : ABSENT;
    }

    /** A ratio to 4 significant digits, e.g. {@code 1.234x}. */
    static String ratio(double ratio) {
        return Double.isFinite(ratio) ? human(ratio) + "x" : ABSENT;
    }

    /** A 95% interval, e.g. {@code [1.101, 1.380]}, or {@code unbounded}. */
    static String interval(RatioEstimate estimate) {
        if (estimate.ci95Lower().isEmpty() || estimate.ci95Upper().isEmpty()) {
            return estimate.verdict() == Verdict.NOT_TESTED ? ABSENT : "unbounded";
        }
        return "[" + human(estimate.ci95Lower().getAsDouble()) + ", " + human(estimate.ci95Upper().getAsDouble()) + "]";
    }

    /** A p-value as {@code p=0.012} (2 significant digits), {@code p<0.0001} below that. */
    public static String pValue(OptionalDouble p) {
        if (p.isEmpty()) {
            return "p " + ABSENT;
        }
        double value = p.getAsDouble();
        if (value < 0.0001) {
            return "p<0.0001";
        }
        return "p=" + new BigDecimal(value).round(new MathContext(2)).toPlainString();
    }

    /** The verdict in words: faster/slower (less/more memory) only when significant. */
    static String verdict(Metric metric, RatioEstimate estimate) {
        return switch (estimate.verdict()) {
            case BETTER -> metric.verdictWord(true);
            case WORSE -> metric.verdictWord(false);
            case NO_CLEAR_DIFFERENCE -> "no clear difference";
            case NOT_TESTED -> "not tested (fewer than 2 replicates, or no spread)";
        };
    }

    /** A machine-readable number: shortest exact decimal ({@link Double#toString}); empty when absent. */
    /** A count: a whole number as such, a mean over rounds with one decimal. */
    static String count(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(java.util.Locale.ROOT, "%.1f", value);
    }

    static String exact(OptionalDouble value) {
        return value.isPresent() && Double.isFinite(value.getAsDouble()) ? Double.toString(value.getAsDouble()) : "";
    }

    /** Text safe inside a GitHub-flavoured Markdown table cell: no line breaks, no pipes, no markup, no HTML. */
    public static String markdown(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r', '\n' -> out.append(' ');
                case '|' -> out.append("\\|");
                case '\\', '`', '*', '_', '[', ']', '#', '!' -> out.append('\\').append(c);
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                default -> out.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return out.toString();
    }

    /** Whether a spreadsheet would evaluate {@code text} as a formula: it starts with a formula character and is not a number. */
    static boolean isFormula(String text) {
        // A lone "-" is the reports' mark for "absent", and a spreadsheet shows it as text.
        if (text.isEmpty() || text.equals("-") || "=+-@\t\r".indexOf(text.charAt(0)) < 0) {
            return false;
        }
        return !text.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    }

    /** Whether {@code c} is a Unicode bidirectional control: it can reorder what follows it on screen, so it is never passed through. */
    static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F' || c == '\u061C';
    }

    /**
     * Text safe in HTML element content and in quoted attribute values. Bidirectional controls (a right-to-left override
     * that would show {@code exe.txt} as {@code txt.exe}) are shown as their code point, {@code [U+202E]}.
     */
    public static String html(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (isBidiControl(c)) {
                        out.append(String.format(java.util.Locale.ROOT, "[U+%04X]", (int) c));
                    } else {
                        out.append(Character.isISOControl(c) && c != '\n' ? ' ' : c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * One RFC 4180 field: quoted (quotes doubled) when it holds a comma, a quote, CR or LF. A field that a spreadsheet
     * would run as a formula (starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or CR, and not a number) is
     * prefixed with a single quote, as OWASP advises against CSV injection: a name like {@code =HYPERLINK(...)} is shown
     * as text, never evaluated. Numbers, negative ones included, and the lone {@code -} of an absent value stay as they are.
     */
    static String csv(String text) {
        if (isFormula(text)) {
            text = "'" + text;
        }
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\r') < 0 && text.indexOf('\n') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
