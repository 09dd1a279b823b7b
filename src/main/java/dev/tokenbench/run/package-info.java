/**
 * The plain Java API for measuring without JMH: {@link dev.tokenbench.run.TokenBench} ({@code measureLatency},
 * {@code measureThroughput}, {@code measureMemory}, {@code benchmarkSingle}, {@code benchmarkBatch},
 * {@code runLatencySweep}, {@code runThroughputSweep}) over any {@link dev.tokenbench.run.Generator}.
 */
package dev.tokenbench.run;
