/**
 * Agreement between engines: the share of greedy token ids a framework generates identically to a reference
 * framework on the same weights, prompt ids and settings, computed outside any timed path and written as
 * {@code agreement.json} beside a run's {@code jmh.json}.
 */
package dev.tokenbench.agreement;
