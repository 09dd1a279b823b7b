package dev.tokenbench.report;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The report as one self-contained HTML file: the same blocks as the Markdown, inline CSS, charts embedded as
 * PNG data URIs (XChart's SVG draws every glyph as a path, ten times the bytes), no script and no
 * external asset. Every string from the inputs is escaped ({@link Formats#html}).
 */
final class HtmlReport {

    private static final String STYLE = """
            body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1300px;
                   padding: 0 1.5em; color: #1f2328; line-height: 1.45; }
            h1 { border-bottom: 2px solid #d0d7de; padding-bottom: .3em; }
            h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .2em; margin-top: 2em; }
            h3 { font-size: 1.02em; margin-top: 1.6em; }
            .scroll { overflow-x: auto; }
            table { border-collapse: collapse; margin: .6em 0 1em; font-size: .9em; }
            th, td { border: 1px solid #d0d7de; padding: .3em .6em; vertical-align: top; }
            th { background: #f6f8fa; text-align: left; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td.note { color: #9a3412; }
            tr.baseline td { background: #eef6ff; font-weight: 600; }
            tbody tr:nth-child(even):not(.baseline) td { background: #fbfcfd; }
            figure { margin: 1em 0 2em; }
            figure img { max-width: 100%; border: 1px solid #d0d7de; }
            figcaption { color: #57606a; font-size: .9em; max-width: 900px; }
            .skipped { color: #57606a; }
            """;

    private HtmlReport() {
    }

    /**
     * @param blocks the document
     * @param pngs   each drawn chart's PNG by chart name
     */
    static String render(List<ReportDocument.Block> blocks, Map<String, byte[]> pngs) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>tokenbench report</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        for (ReportDocument.Block block : blocks) {
            if (block instanceof ReportDocument.Heading h) {
                out.append("<h").append(h.level()).append(" id=\"").append(Formats.html(h.anchor())).append("\">")
                        .append(Formats.html(h.text())).append("</h").append(h.level()).append(">\n");
            } else if (block instanceof ReportDocument.Paragraph p) {
                out.append("<p>").append(Formats.html(p.text())).append("</p>\n");
            } else if (block instanceof ReportDocument.Bullets b) {
                out.append("<ul>\n");
                for (String item : b.items()) {
                    out.append("<li>").append(Formats.html(item)).append("</li>\n");
                }
                out.append("</ul>\n");
            } else if (block instanceof ReportDocument.Table t) {
                table(out, t);
            } else if (block instanceof ReportDocument.Figure f) {
                figure(out, f.chart(), pngs.get(f.chart().name()));
            }
        }
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    private static void table(StringBuilder out, ReportDocument.Table table) {
        out.append("<div class=\"scroll\"><table>\n<thead><tr>");
        for (String cell : table.header()) {
            out.append("<th>").append(Formats.html(cell)).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < table.rows().size(); r++) {
            out.append(table.marked().get(r) ? "<tr class=\"baseline\">" : "<tr>");
            List<String> row = table.rows().get(r);
            int last = row.size() - 1;
            while (last > 1 && row.get(last).isEmpty()) {
                last--;
            }
            for (int c = 0; c <= last; c++) {
                // a cell followed only by empty cells (a failed row's reason) spans them
                boolean spans = c == last && last < row.size() - 1;
                out.append(spans ? "<td class=\"note\" colspan=\"" + (row.size() - c) + "\">" : table.numeric().get(c) ? "<td class=\"num\">" : "<td>")
                        .append(Formats.html(row.get(c))).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table></div>\n");
    }

    private static void figure(StringBuilder out, ReportChart chart, byte[] png) {
        if (chart.skipped().isPresent() || png == null) {
            out.append("<p class=\"skipped\">").append(Formats.html(chart.title())).append(": skipped, ")
                    .append(Formats.html(chart.skipped().orElse("not drawn"))).append(".</p>\n");
            return;
        }
        out.append("<figure>\n<img alt=\"").append(Formats.html(chart.title())).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\">\n<figcaption>").append(Formats.html(chart.caption()))
                .append("</figcaption>\n</figure>\n");
    }
}
