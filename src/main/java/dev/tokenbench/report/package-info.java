/**
 * The report post-processor: reads JMH result files (any JMH 1.2x to 1.37 JSON, with tokenbench's
 * {@code env.json}, {@code samples.jsonl} and {@code failures.json} beside them when present) or plain-API
 * {@link dev.tokenbench.measure.BenchmarkResult}s into one row model ({@link dev.tokenbench.report.ReportRow}),
 * compares frameworks and runs per workload with ratio confidence intervals and significance tests
 * ({@link dev.tokenbench.report.Comparison}), and renders Markdown, HTML, CSV, JSON and XChart plots.
 * It reads JSON only and never loads an engine. Entry point: {@link dev.tokenbench.report.Reports}.
 */
package dev.tokenbench.report;
