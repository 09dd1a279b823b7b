#!/usr/bin/env bash
# The gate's measurement campaign (README, "CI performance gates", "Measured"): false alarms, detections and noise
# of the sequential, interleaved and duet procedures on this machine, through the real harness.
#
#   scripts/gate-campaign.sh [OUT [ROUNDS [BLOCK]]]
#
# Runs ROUNDS campaign rounds (default 50: 10 paired comparisons of BLOCK = 5 rounds per condition), each running,
# for the real CI suite (djl-pytorch and llama.cpp on tiny) and the paced fake engine, a baseline and three current
# variants (identical, 10% and 20% slower) interleaved and as duets; then prints the summary and writes it to
# OUT/summary.md. One round took about 9 minutes on 2 cores at load average 20 to 28. Interrupted, it resumes where it
# stopped (GATE_CAMPAIGN_ARGS="--procedures interleaved" runs the default procedure only).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-results/gate-campaign/$(date -u +%Y%m%dT%H%M%SZ)}
rounds=${2:-50}
block=${3:-5}
if [ ! -f target/benchmarks.jar ]; then
  mvn -B -q package -DskipTests
fi
mkdir -p "$out"
# A copy, so that rebuilding target/ during a long campaign changes nothing it runs.
if [ ! -f "$out/benchmarks.jar" ]; then
  cp target/benchmarks.jar "$out/benchmarks.jar"
fi
java -cp "$out/benchmarks.jar" dev.tokenbench.benchmarks.GateCampaign run "$out" --rounds "$rounds" --jar "$out/benchmarks.jar" \
  ${GATE_CAMPAIGN_ARGS:-}
java -cp "$out/benchmarks.jar" dev.tokenbench.benchmarks.GateCampaign analyze "$out" --block "$block" | tee "$out/summary.md"
