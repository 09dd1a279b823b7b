/**
 * The picocli commands behind {@code java -jar target/benchmarks.jar}: one class per command, each a thin
 * layer over a library call. Exit codes: 0 success, 1 failure while measuring, 2 bad input, 3 regression.
 */
package dev.tokenbench.cli;
