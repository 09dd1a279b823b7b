package dev.tokenbench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Plans a sweep and runs it into a folder: each run (a configuration in a round) through a
 * {@link ConfigurationRunner}, its folder whole the moment it finishes, the index rewritten after every change.
 *
 * <p>Starting a sweep in a folder that already holds one resumes it: runs with a finished folder are kept,
 * everything else (pending, interrupted, failed) runs again, in plan order. A folder of a different spec or shard
 * is refused with the differences named. A failed run is recorded with its reason and the sweep goes on.
 */
public final class SweepRunner {

    /** Most runs (configurations x rounds) one sweep plans; beyond it a spec is a mistake, not a plan. */
    static final int MAX_RUNS = 100_000;

    /**
     * A planned sweep: the spec, every configuration, this shard's share and its runs in order.
     *
     * @param spec       the parsed spec
     * @param specText   the spec file's text, copied into the sweep folder
     * @param shard      the share this machine runs
     * @param all        every configuration of the spec
     * @param shards     every shard's configurations (cost-balanced on the workload model)
     * @param estimate   the cost model for estimates (corrected by previous timings when given)
     * @param runs       this shard's runs, in plan order
     */
    public record Planned(SweepSpec spec, String specText, Shard shard, List<Configuration> all, List<List<Configuration>> shards,
                          CostModel estimate, List<Run> runs) {

        /** This shard's configurations. */
        public List<Configuration> mine() {
            return shards.get(shard.index() - 1);
        }

        /** The index of this plan before anything ran. */
        public SweepIndex index() {
            return SweepIndex.planned(spec, shard, mine(), estimate, runs);
        }

        /** Estimated seconds of this shard's runs. */
        public double estimatedSeconds() {
            return runs.stream().mapToDouble(run -> estimate.estimateSeconds(run.configuration())).sum();
        }
    }

    /**
     * What a start of the sweep did.
     *
     * @param index  the index as it stands at the end
     * @param ranNow how many runs this start ran
     */
    public record Outcome(SweepIndex index, int ranNow) {
        /** The runs that failed (in this or an earlier start, and were not re-run successfully). */
        public List<RunRecord> failed() {
            return index.failed();
        }
    }

    private final ConfigurationRunner runner;
    private final SweepProgress progress;
    private final LongSupplier nanoTime;

    /**
     * @param runner   runs one configuration
     * @param progress hears about every run
     * @param nanoTime the clock that times runs
     */
    public SweepRunner(ConfigurationRunner runner, SweepProgress progress, LongSupplier nanoTime) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * Plans a sweep from a spec file.
     *
     * @param timings a previous sweep's index whose measured seconds correct the estimates (never the shards); ignored
     *                when its JMH settings differ
     * @throws SweepSpecException for a spec that cannot run
     */
    public static Planned plan(Path specFile, Shard shard, Optional<SweepIndex> timings) {
        SweepSpec spec = SweepSpecParser.parse(specFile);
        String text;
        try {
            text = Files.readString(specFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SweepSpecException(specFile.toString(), "", "cannot read: " + e.getMessage());
        }
        return plan(spec, text, shard, timings, Expansion::expand);
    }

    /** Plans a parsed spec; {@code expansion} turns it into configurations (tests skip the engines' checks). */
    public static Planned plan(SweepSpec spec, String specText, Shard shard, Optional<SweepIndex> timings,
                        java.util.function.Function<SweepSpec, List<Configuration>> expansion) {
        List<Configuration> all = expansion.apply(spec);
        if ((long) all.size() * spec.rounds() > MAX_RUNS) {
            throw new SweepSpecException(spec.source(), "rounds", spec.rounds() + " rounds of " + all.size() + " configurations are "
                    + "more than the " + MAX_RUNS + " runs a sweep plans; give fewer rounds or configurations");
        }
        List<List<Configuration>> shards = Shards.split(all, shard.count(), CostModel.of(spec.jmh()));
        // Timings only carry over between sweeps of the same JMH settings: a configuration's id does not include them.
        JsonNode jmh = SpecHash.canonical(spec).get("jmh");
        CostModel estimate = timings.filter(index -> jmh.toString().equals(index.spec().path("jmh").toString()))
                .map(index -> CostModel.withTimings(spec.jmh(), all, index.measuredSeconds()))
                .orElse(CostModel.of(spec.jmh()));
        List<Run> runs = SweepPlan.runs(shards.get(shard.index() - 1), spec.rounds(), spec.seed());
        return new Planned(spec, specText, shard, all, shards, estimate, runs);
    }

    /**
     * Runs (or resumes) {@code planned} in {@code folder}.
     *
     * @throws IllegalArgumentException if the folder holds a sweep of another spec or shard, or another sweep runs in it
     */
    public Outcome run(Planned planned, SweepFolder folder) throws IOException, InterruptedException {
        java.io.Closeable lock = folder.lock();
        try {
            return runLocked(planned, folder);
        } finally {
            lock.close();
        }
    }

    private Outcome runLocked(Planned planned, SweepFolder folder) throws IOException, InterruptedException {
        SweepIndex index = planned.index();
        Optional<SweepIndex> existing = folder.readIndex();
        if (existing.isPresent()) {
            existing.get().checkSameSweep(index, folder.root().toString());
        }
        // A crash between a run's record and the index update left the run finished on disk: keep it, never run it again.
        folder.completeFinishedPartials();
        index = index.withRecords(folder.readRecords());
        folder.writeSpec(planned.specText());
        folder.writeIndex(index);

        Map<String, Run> byKey = new LinkedHashMap<>();
        planned.runs().forEach(run -> byKey.put(run.key(), run));
        List<Run> todo = new ArrayList<>();
        index.unfinished().forEach(key -> todo.add(byKey.get(key)));
        double remaining = todo.stream().mapToDouble(run -> planned.estimate().estimateSeconds(run.configuration())).sum();
        double measuredSoFar = 0;
        double estimatedSoFar = 0;
        int position = 0;
        for (Run run : todo) {
            position++;
            progress.starting(run, position, todo.size());
            index = index.with(new RunRecord(run.key(), RunStatus.RUNNING, java.util.OptionalDouble.empty(), Optional.empty()));
            folder.writeIndex(index);
            Path partial = folder.newPartialFolder(run.key());
            long start = nanoTime.getAsLong();
            Optional<String> failure;
            try {
                failure = runner.run(run.configuration(), planned.spec().jmh(), planned.spec().timeout(), partial);
            } catch (IOException | RuntimeException e) {
                failure = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            double seconds = (nanoTime.getAsLong() - start) / 1e9;
            RunRecord record = failure.map(reason -> RunRecord.failed(run.key(), seconds, oneLine(reason)))
                    .orElseGet(() -> RunRecord.done(run.key(), seconds));
            folder.finish(run.key(), record);
            index = index.with(record);
            folder.writeIndex(index);

            double estimated = planned.estimate().estimateSeconds(run.configuration());
            remaining -= estimated;
            measuredSoFar += seconds;
            estimatedSoFar += estimated;
            double correction = estimatedSoFar > 0 ? measuredSoFar / estimatedSoFar : 1;
            progress.finished(run, record, position, todo.size(), index.failed().size(), Math.max(0, remaining * correction));
        }
        return new Outcome(index, todo.size());
    }

    private static String oneLine(String reason) {
        String line = reason.strip().lines().findFirst().orElse("no reason given");
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }
}
