/**
 * What runs inside a JMH fork: the shared benchmark state that checks its parameters, opens an engine once per trial
 * and serves one request per invocation ({@link dev.tokenbench.jmh.EngineState}), the fork's recorder, and the
 * token-timing and memory profilers that turn each measured iteration into secondary results that merge exactly
 * across iterations and forks. Their class names are what {@code -prof} takes, so they stay here. What runs on the
 * host (planning the suite, running JMH, writing the companion files) is in {@link dev.tokenbench.jmh.host}.
 */
package dev.tokenbench.jmh;
