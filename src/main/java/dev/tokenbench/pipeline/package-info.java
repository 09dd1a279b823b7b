/**
 * A whole benchmark run as one library call: the JMH suite's forks and companion files, the agreement check of the
 * frameworks that ran, and the run's report, all in one {@link dev.tokenbench.measure.RunFolder}. The {@code run}
 * command is a thin layer over {@link dev.tokenbench.pipeline.RunPipeline}; a sweep calls it once per configuration.
 */
package dev.tokenbench.pipeline;
