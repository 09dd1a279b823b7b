/**
 * The JMH {@code @Benchmark} classes, named {@code <Subject><Aspect>Benchmark}. This source root is compiled
 * into the main jar, so {@code java -jar target/benchmarks.jar} finds them through JMH's generated
 * {@code META-INF/BenchmarkList}.
 */
package dev.tokenbench.benchmarks;
