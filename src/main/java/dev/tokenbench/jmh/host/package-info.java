/**
 * What runs on the host JVM around the forks: the default suite and its entries, the suite runner behind
 * {@code java -jar target/benchmarks.jar} (JMH's options plus ours, parameters checked before any fork starts),
 * the failures recorder, the raw-sample lines of a finished run, and the summary rows of the table the run prints.
 * The files themselves are laid out by {@link dev.tokenbench.measure.RunFolder}.
 */
package dev.tokenbench.jmh.host;
