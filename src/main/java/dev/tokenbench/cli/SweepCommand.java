package dev.tokenbench.cli;

import dev.tokenbench.pipeline.RunPipeline;
import dev.tokenbench.report.ReportFormat;
import dev.tokenbench.report.Reports;
import dev.tokenbench.sweep.ForkedConfigurationRunner;
import dev.tokenbench.sweep.PlanText;
import dev.tokenbench.sweep.RunRecord;
import dev.tokenbench.sweep.Shard;
import dev.tokenbench.sweep.SweepFolder;
import dev.tokenbench.sweep.SweepIndex;
import dev.tokenbench.sweep.SweepMerge;
import dev.tokenbench.sweep.SweepProgress;
import dev.tokenbench.sweep.SweepRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sweep}: runs a sweep file's grid, one configuration per JMH fork, resumable and shardable; a thin layer over {@link SweepRunner}. */
@Command(name = "sweep", subcommands = SweepCommand.Merge.class, description = {
    "Runs a sweep file's grid (benchmarks/sweeps/*.json): every configuration in its own JMH host and fork, once per round in a seeded"
            + " random order per round, each result written to OUT/runs/<configuration>/round-<r>/ the moment it finishes, with"
            + " OUT/index.json (spec hash, configurations, status of every run).",
    "Running again into the same folder (or with --resume) skips finished runs and re-runs unfinished and failed ones; a folder of a"
            + " different spec is refused with the difference named. A configuration that crashes, runs out of memory or passes its"
            + " timeout is recorded with its reason and the sweep goes on; the exit code is 1 if any failed.",
    "At the end the report of the rounds pooled is written into OUT (report.md, report.html, report.csv, report.json, charts/), the"
            + " same files 'report OUT' writes, and its summary printed.",
    "",
    "Examples:",
    "  java -jar target/benchmarks.jar sweep benchmarks/sweeps/smoke.json",
    "  java -jar target/benchmarks.jar sweep benchmarks/sweeps/default.json --dry-run --shard 2/4",
    "  java -jar target/benchmarks.jar sweep merge shard-1 shard-2 shard-3 --out results/sweeps/default",
    "",
}, exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
    "0:every run finished with a result (or --dry-run)",
    "1:some run failed (the summary lists them)",
    "2:bad input: a spec, shard or folder that cannot be used",
})
final class SweepCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC", description = "The sweep file, e.g. benchmarks/sweeps/default.json.")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "The sweep folder (default: results/sweeps/<name>, or"
            + " results/sweeps/<name>-shard-K-of-N with --shard).")
    Path out;

    @Option(names = "--dry-run", description = "Print the plan (configurations, shard assignment, estimated time) and run nothing.")
    boolean dryRun;

    @Option(names = "--shard", paramLabel = "K/N", description = "Run shard K of N (1 <= K <= N): a deterministic, cost-balanced share;"
            + " N machines with K = 1..N cover every configuration exactly once.")
    String shard;

    @Option(names = "--resume", description = "Require an existing sweep in the folder and continue it (a re-run into the same"
            + " folder resumes anyway).")
    boolean resume;

    @Option(names = "--timings", paramLabel = "DIR", description = "A previous sweep folder whose measured times correct the"
            + " estimates (default: the output folder's own, when it has any).")
    Path timings;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (specFile == null) {
            throw new UsageException("give a sweep file (e.g. benchmarks/sweeps/smoke.json), or 'sweep merge DIR... --out DIR'");
        }
        Shard share = shard == null ? Shard.ALL : Shard.parse(shard);
        PrintWriter printer = spec.commandLine().getOut();
        SweepRunner.Planned first = SweepRunner.plan(specFile, share, Optional.empty());
        Path folder = out != null ? out : Path.of("results", "sweeps", first.spec().name()
                + (share.count() > 1 ? "-shard-" + share.index() + "-of-" + share.count() : ""));
        SweepFolder sweepFolder = new SweepFolder(folder);
        Optional<SweepIndex> previous = timings != null
                ? Optional.of(new SweepFolder(timings).readIndex().orElseThrow(
                        () -> new UsageException("--timings " + timings + ": not a sweep folder (no " + SweepFolder.INDEX_FILE + ")")))
                : sweepFolder.readIndex();
        SweepRunner.Planned planned = previous.isPresent() ? SweepRunner.plan(specFile, share, previous) : first;
        if (dryRun) {
            printer.print(PlanText.render(planned));
            printer.println("Folder: " + folder + (sweepFolder.hasIndex() ? " (holds a sweep: a run resumes it)" : ""));
            return ExitCodes.OK;
        }
        if (resume && !sweepFolder.hasIndex()) {
            throw new UsageException("--resume: " + folder + " holds no sweep (no " + SweepFolder.INDEX_FILE + "); run without --resume to start one");
        }
        if (previous.isPresent() && timings == null) {
            previous.get().checkSameSweep(planned.index(), folder.toString());
        }
        printer.printf("Sweep %s, shard %s: %d configurations x %d rounds into %s (estimated %s before resuming)%n", planned.spec().name(), share,
                planned.mine().size(), planned.spec().rounds(), folder, SweepProgress.duration(planned.estimatedSeconds()));
        printer.flush();
        SweepRunner runner = new SweepRunner(new ForkedConfigurationRunner(), SweepProgress.forConsole(printer), System::nanoTime);
        SweepRunner.Outcome outcome = runner.run(planned, sweepFolder);
        SweepIndex index = outcome.index();
        printer.printf("Sweep %s: %d of %d runs done (%d run now), %d failed; index: %s%n", planned.spec().name(), index.doneCount(),
                index.runs().size(), outcome.ranNow(), outcome.failed().size(), folder.resolve(SweepFolder.INDEX_FILE));
        for (RunRecord failed : outcome.failed()) {
            printer.println("  FAILED " + failed.key() + ": " + failed.reason().orElse("no reason"));
        }
        // The report of the rounds pooled, into the sweep folder: what 'report DIR' on the folder writes.
        if (index.doneCount() > 0) {
            PrintWriter err = spec.commandLine().getErr();
            RunPipeline.writeSweepReport(folder, problem -> err.println("tokenbench sweep: " + problem)).ifPresent(comparison -> {
                printer.println("Summary:");
                for (String line : Reports.summary(comparison)) {
                    printer.println("- " + line);
                }
                printer.println("Report: " + folder.resolve(ReportFormat.MARKDOWN.fileName()) + " (also report.html, report.csv, report.json,"
                        + " charts/)");
            });
        }
        return outcome.failed().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** {@code sweep merge}: joins the folders of a sweep's shards into one. */
    @Command(name = "merge", description = {
        "Joins sweep folders of one spec (the shards of several machines) into one sweep folder. Refuses folders of different specs"
                + " and folders that share a configuration.",
        "",
        "Example:",
        "  java -jar target/benchmarks.jar sweep merge results/sweeps/default-shard-1-of-2 results/sweeps/default-shard-2-of-2 --out results/sweeps/default",
        "",
    })
    static final class Merge implements Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "DIR", description = "Sweep folders to merge.")
        List<Path> inputs = new ArrayList<>();

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The merged sweep folder (new or empty).")
        Path out;

        @Mixin
        HelpOption help;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            SweepMerge.Merged merged = SweepMerge.merge(inputs, out);
            PrintWriter printer = spec.commandLine().getOut();
            SweepIndex index = merged.index();
            printer.printf("Merged %d folders (shards %s) into %s: %d configurations, %d of %d runs done, %d failed%n", inputs.size(),
                    String.join(", ", index.shards().stream().map(Shard::toString).toList()), out, index.configurations().size(),
                    index.doneCount(), index.runs().size(), index.failed().size());
            if (!merged.missingShards().isEmpty()) {
                printer.println("Missing shards: " + String.join(", ", merged.missingShards().stream().map(Shard::toString).toList()));
            }
            return ExitCodes.OK;
        }
    }
}
