/**
 * What a measurement is: the one clock, token timelines, the metric definitions of ARCHITECTURE.md (TTFT, ITL,
 * TPOT, E2E, throughputs, memory efficiency), statistics over raw samples, memory probes, environment facts,
 * and {@link dev.tokenbench.measure.BenchmarkResult} with its JSON form. Depends on nothing else of tokenbench.
 */
package dev.tokenbench.measure;
