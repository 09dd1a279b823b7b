package dev.tokenbench.gate;

import dev.tokenbench.report.Formats;

/**
 * The gate's result as JUnit XML, which CI systems show as test results: one test case per workload and figure
 * (class name the workload, name the figure), a {@code failure} for a regression, {@code skipped} for an inconclusive
 * comparison, and one test case per workload missing from the current run (a failure unless missing ones are allowed).
 * No timestamps or durations, so the same result gives the same bytes.
 */
public final class GateJUnitXml {

    private GateJUnitXml() {
    }

    /** The XML document. */
    public static String render(GateResult result) {
        int tests = result.rows().size() + result.missingWorkloads().size();
        long failures = result.regressions() + (result.missingFails() ? result.missingWorkloads().size() : 0);
        long skipped = result.inconclusive() + (result.missingFails() ? 0 : result.missingWorkloads().size());
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuite name=\"tokenbench gate\" tests=\"").append(tests).append("\" failures=\"").append(failures)
                .append("\" errors=\"0\" skipped=\"").append(skipped).append("\">\n");
        xml.append("  <properties>\n");
        property(xml, "test", result.design().description());
        property(xml, "alpha", Formats.human(result.settings().alpha()));
        property(xml, "minReplicates", Integer.toString(result.settings().minReplicates()));
        xml.append("  </properties>\n");
        for (GateRow row : result.rows()) {
            xml.append("  <testcase classname=\"").append(Formats.html(row.workload())).append("\" name=\"")
                    .append(Formats.html(row.figure().name())).append('"');
            String detail = GateCells.figure(row.figure()) + ": baseline " + GateCells.baseline(row) + ", current "
                    + GateCells.current(row) + ", ratio " + GateCells.ratio(row) + " " + GateCells.interval(row) + ", "
                    + GateCells.pValue(row) + ", threshold " + GateCells.threshold(row) + ": " + row.verdict().reason();
            GateVerdict verdict = row.verdict();
            if (verdict instanceof GateVerdict.Regression) {
                xml.append(">\n    <failure type=\"regression\" message=\"").append(Formats.html(verdict.reason())).append("\">")
                        .append(Formats.html(detail)).append("</failure>\n  </testcase>\n");
            } else if (verdict instanceof GateVerdict.Inconclusive) {
                xml.append(">\n    <skipped message=\"").append(Formats.html(verdict.reason())).append("\"/>\n  </testcase>\n");
            } else {
                xml.append(">\n    <system-out>").append(Formats.html(detail)).append("</system-out>\n  </testcase>\n");
            }
        }
        for (String workload : result.missingWorkloads()) {
            xml.append("  <testcase classname=\"").append(Formats.html(workload)).append("\" name=\"present in the current run\">\n");
            if (result.missingFails()) {
                xml.append("    <failure type=\"missing\" message=\"in the baseline, missing from the current run\"/>\n");
            } else {
                xml.append("    <skipped message=\"missing from the current run, allowed by --allow-missing\"/>\n");
            }
            xml.append("  </testcase>\n");
        }
        xml.append("</testsuite>\n");
        return xml.toString();
    }

    private static void property(StringBuilder xml, String name, String value) {
        xml.append("    <property name=\"").append(name).append("\" value=\"").append(Formats.html(value)).append("\"/>\n");
    }
}
