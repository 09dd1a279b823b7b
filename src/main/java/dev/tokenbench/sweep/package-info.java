/**
 * Sweeps: a grid of benchmark configurations read from a spec file ({@code benchmarks/sweeps/*.json}), expanded
 * into configurations with stable ids, ordered in seeded random rounds, split into cost-balanced shards, and run
 * one configuration per JMH fork with an index that makes the sweep resumable and mergeable.
 *
 * <p>Everything up to the order of runs is pure code ({@link dev.tokenbench.sweep.SweepSpecParser},
 * {@link dev.tokenbench.sweep.Expansion}, {@link dev.tokenbench.sweep.CostModel}, {@link dev.tokenbench.sweep.Shards},
 * {@link dev.tokenbench.sweep.SweepPlan}); {@link dev.tokenbench.sweep.SweepRunner} executes a plan through a
 * {@link dev.tokenbench.sweep.ConfigurationRunner} and keeps the {@link dev.tokenbench.sweep.SweepIndex} current.
 */
package dev.tokenbench.sweep;
