/**
 * CI performance gates: compares a current run's replicates with a baseline's per workload and figure, through
 * the report's statistical core ({@link dev.tokenbench.report.RatioStatistics}: Welch for independent samples,
 * the paired log-ratio test for interleaved and duet rounds), decides a {@link dev.tokenbench.gate.GateVerdict}
 * for each, and renders the result for a terminal, Markdown, JUnit XML and github-action-benchmark. Entry point:
 * {@link dev.tokenbench.gate.Gate#evaluate}.
 */
package dev.tokenbench.gate;
