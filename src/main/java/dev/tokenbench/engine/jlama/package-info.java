/**
 * The {@code jlama} engine: Jlama (pure Java on the Vector API) on the same Hugging Face folder and prompt ids as the
 * other engines. Jlama's classes need Java 20+, and this package's Java-17 classes never touch them: the provider and
 * {@link dev.tokenbench.engine.jlama.JlamaRuntime} (what a JVM needs to run Jlama, and which JVM runs its forks) are
 * compiled for 17; the engine itself ({@code JlamaEngine}, source root {@code src/jlama/java}) is compiled for 21 by a
 * JDK 21+ when the build finds one, and loaded by name only on a 21+ JVM.
 */
package dev.tokenbench.engine.jlama;
