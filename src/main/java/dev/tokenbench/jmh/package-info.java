/**
 * The JMH layer: the shared benchmark state that opens an engine once per trial and serves one request per
 * invocation ({@link dev.tokenbench.jmh.EngineState}), the token-timing and memory profilers that turn each
 * measured iteration into secondary results that merge exactly across iterations and forks, the raw-sample
 * sidecar, and the suite runner behind {@code java -jar target/benchmarks.jar}.
 */
package dev.tokenbench.jmh;
