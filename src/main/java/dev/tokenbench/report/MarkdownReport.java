package dev.tokenbench.report;

import java.util.List;

/**
 * The report as GitHub-flavoured Markdown: headings, tables (numbers right-aligned), charts as images from
 * {@code charts/}. Every string from the inputs is escaped ({@link Formats#markdown}): a pipe, a line break or
 * HTML in a benchmark or parameter name cannot break a table or inject markup.
 */
final class MarkdownReport {

    private MarkdownReport() {
    }

    static String render(List<ReportDocument.Block> blocks) {
        StringBuilder out = new StringBuilder();
        for (ReportDocument.Block block : blocks) {
            if (block instanceof ReportDocument.Heading h) {
                out.append("#".repeat(h.level())).append(' ').append(Formats.markdown(h.text())).append("\n\n");
            } else if (block instanceof ReportDocument.Paragraph p) {
                out.append(Formats.markdown(p.text())).append("\n\n");
            } else if (block instanceof ReportDocument.Bullets b) {
                for (String item : b.items()) {
                    out.append("- ").append(Formats.markdown(item)).append('\n');
                }
                out.append('\n');
            } else if (block instanceof ReportDocument.Table t) {
                table(out, t);
            } else if (block instanceof ReportDocument.Figure f) {
                figure(out, f.chart());
            }
        }
        return out.toString().stripTrailing() + "\n";
    }

    private static void table(StringBuilder out, ReportDocument.Table table) {
        out.append('|');
        for (String cell : table.header()) {
            out.append(' ').append(cell.isEmpty() ? " " : Formats.markdown(cell)).append(" |");
        }
        out.append("\n|");
        for (boolean numeric : table.numeric()) {
            out.append(numeric ? " ---: |" : " --- |");
        }
        out.append('\n');
        for (int r = 0; r < table.rows().size(); r++) {
            out.append('|');
            boolean marked = table.marked().get(r);
            List<String> row = table.rows().get(r);
            for (int c = 0; c < row.size(); c++) {
                String cell = Formats.markdown(row.get(c));
                out.append(' ').append(marked && c == 0 ? "**" + cell + "**" : cell).append(" |");
            }
            out.append('\n');
        }
        out.append('\n');
    }

    private static void figure(StringBuilder out, ReportChart chart) {
        if (chart.skipped().isPresent()) {
            out.append("- ").append(Formats.markdown(chart.title())).append(": skipped, ").append(Formats.markdown(chart.skipped().get()))
                    .append(".\n\n");
            return;
        }
        out.append("![").append(Formats.markdown(chart.title())).append("](charts/").append(chart.name()).append(".png)\n\n")
                .append(Formats.markdown(chart.caption())).append(" Also as [SVG](charts/").append(chart.name()).append(".svg).\n\n");
    }
}
