/**
 * What a measurement is: the one clock, token timelines and the one request runner, the one definition of every
 * figure ({@link dev.tokenbench.measure.Figure}: label, unit, direction, merge rule and formula, as docs/metrics.md
 * lists them) and the one samples type they are computed from ({@link dev.tokenbench.measure.TokenSamples}),
 * statistics over raw samples, memory probes, environment facts, the layout of a run folder
 * ({@link dev.tokenbench.measure.RunFolder}, the only code that knows its file names) and
 * {@link dev.tokenbench.measure.BenchmarkResult} with its JSON form. Depends on nothing else of tokenbench.
 */
package dev.tokenbench.measure;
