/**
 * Load shapes beyond one request at a time: a closed loop of C concurrent streams, and an open loop of Poisson
 * arrivals at a request rate (seeded), for a request count or a duration, as vLLM's {@code bench serve} and GuideLLM
 * drive servers; each request's record is kept, and the load and SLO figures ({@link dev.tokenbench.measure.Figure},
 * {@link dev.tokenbench.measure.Slo}) are computed from the records. A rate sweep runs one open-loop episode per
 * rate and names the highest rate that meets the SLOs.
 */
package dev.tokenbench.load;
