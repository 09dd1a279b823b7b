package dev.tokenbench.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with right-aligned numeric columns, for terminal summaries. */
final class TextTable {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    void addRow(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, the table has " + headers.size() + " columns");
        }
        rows.add(List.copyOf(cells));
    }

    /** The table, one line per row, columns separated by two spaces; first column left-aligned, others right. */
    String render() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder text = new StringBuilder();
        appendLine(text, headers, widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        appendLine(text, rule, widths);
        for (List<String> row : rows) {
            appendLine(text, row, widths);
        }
        return text.toString();
    }

    private static void appendLine(StringBuilder text, List<String> cells, int[] widths) {
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                text.append("  ");
            }
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            text.append(c == 0 ? cell + pad : pad + cell);
        }
        text.append(System.lineSeparator());
    }
}
