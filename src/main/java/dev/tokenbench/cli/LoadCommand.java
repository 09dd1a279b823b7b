package dev.tokenbench.cli;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.load.LoadDriver;
import dev.tokenbench.load.LoadReport;
import dev.tokenbench.load.LoadShape;
import dev.tokenbench.load.LoadSpec;
import dev.tokenbench.load.RateSweep;
import dev.tokenbench.measure.BuildInfo;
import dev.tokenbench.measure.EnvironmentFacts;
import dev.tokenbench.measure.LoadSamples;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.measure.RunFolder;
import dev.tokenbench.measure.Slo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code load}: a closed loop of C streams or an open loop at request rates against an OpenAI-compatible server. */
@Command(name = "load", description = {
    "Drives an OpenAI-compatible streaming server with many concurrent requests: a closed loop of --concurrency C streams, or an open loop of"
            + " Poisson arrivals at --rate R (seeded); several rates are a sweep that names the highest rate meeting --slo.",
    "Every request is one prompt of --prompt-tokens P with exactly --new-tokens N. Writes load.json, load-requests.jsonl (every request's"
            + " record), load.md and env.json to --out.",
    "",
    "Examples:",
    "  java -jar target/benchmarks.jar load --model serve:djl-pytorch/tiny --concurrency 4 --requests 40",
    "  java -jar target/benchmarks.jar load --model http://127.0.0.1:8000/v1#tiny --rate 1,2,4,8 --duration 30s --slo mlperf-llama2-70b",
    "",
})
final class LoadCommand implements Callable<Integer> {

    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "URL#NAME|serve:FRAMEWORK/MODEL",
            description = "The server: BASE_URL#MODEL_NAME, or serve:FRAMEWORK/MODEL to serve an engine in this JVM on a loopback port (default: ${DEFAULT-VALUE}).")
    String model = "serve:djl-pytorch/tiny";

    @Option(names = "--concurrency", paramLabel = "C", description = "Closed loop: C streams, each sending its next request when its previous one ends.")
    Integer concurrency;

    @Option(names = "--rate", paramLabel = "R[,R...]", split = ",", description = "Open loop: Poisson arrivals at R requests/s; several rates run in"
            + " ascending order until one misses the SLO (a rate sweep).")
    List<String> rates;

    @Option(names = "--requests", paramLabel = "N", description = "Requests per episode (0: no count limit).")
    int requests;

    @Option(names = "--duration", paramLabel = "D", description = "Issue requests for D per episode, e.g. 30s, 2m, 500ms (none: no time limit).")
    String duration;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the Poisson arrivals (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--slo", paramLabel = "PRESET|ttft=D,tpot=D[,percentile=P]", description = "SLOs the episodes are judged by (default: ${DEFAULT-VALUE}).")
    String slo = Slo.MLPERF_LLAMA2_70B.name();

    @Option(names = "--prompt-tokens", paramLabel = "P", description = "Prompt tokens per request (default: ${DEFAULT-VALUE}).")
    int promptTokens = 128;

    @Option(names = "--new-tokens", paramLabel = "N", description = "New tokens per request (default: ${DEFAULT-VALUE}).")
    int newTokens = 64;

    @Option(names = "--warmup", paramLabel = "W", description = "Requests served one at a time before the episodes, not recorded (default: ${DEFAULT-VALUE}).")
    int warmup = 2;

    @Option(names = "--max-batch", paramLabel = "B", description = "For serve: models, the server's largest engine batch (default: ${DEFAULT-VALUE}).")
    int maxBatch = 8;

    @Option(names = "--threads", paramLabel = "T", description = "For serve: models, the engine's compute threads (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the results (default: results/load/<UTC time>-<commit>).")
    Path out;

    @Override
    public Integer call() throws EngineException, IOException, InterruptedException {
        List<LoadShape> shapes = shapes();
        long durationNanos = duration == null ? 0 : durationNanos(duration);
        if (requests < 0) {
            throw new UsageException("--requests must be >= 0, was " + requests);
        }
        if (requests == 0 && durationNanos == 0) {
            throw new UsageException("an episode needs a stop: give --requests N or --duration D (or both)");
        }
        if (promptTokens < 1 || newTokens < 1 || warmup < 0 || maxBatch < 1 || threads < 1) {
            throw new UsageException("--prompt-tokens, --new-tokens, --max-batch and --threads must be >= 1 and --warmup >= 0; were " + promptTokens
                    + ", " + newTokens + ", " + maxBatch + ", " + threads + " and " + warmup);
        }
        Slo objectives = Slo.parse("--slo", slo);
        try {
            EngineRegistry.checkModel("openai", model);
            EngineRegistry.provider("openai").orElseThrow().checkRequest(model, promptTokens, newTokens);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--model: " + e.getMessage());
        }
        Path folder = out != null ? out : Path.of("results", "load", FOLDER_TIME.format(Instant.now()) + "-" + BuildInfo.current().shortCommit());
        if (Files.exists(folder)) {
            boolean empty;
            try (var entries = Files.list(folder)) {
                empty = entries.findAny().isEmpty();
            } catch (java.nio.file.NotDirectoryException e) {
                empty = false;
            }
            if (!empty) {
                throw new UsageException("--out: " + folder + " exists and is not an empty folder; name a new one");
            }
        }
        PrintWriter printer = spec.commandLine().getOut();
        NanoClock clock = NanoClock.system();
        EngineOptions options = EngineOptions.builder().setModel(model).optThreads(threads).optMaxBatchSize(maxBatch)
                .optMaxSequenceTokens(promptTokens + newTokens).optClock(clock).build();
        LoadDriver driver = new LoadDriver(clock);
        LoadReport report;
        try (Engine engine = EngineRegistry.open("openai", options)) {
            String prompt = engine.promptOfTokens(promptTokens);
            if (warmup > 0) {
                driver.run(engine, prompt, new LoadSpec(new LoadShape.ClosedLoop(1), warmup, 0, newTokens));
            }
            List<LoadReport.Episode> episodes = new ArrayList<>();
            Optional<Double> best = Optional.empty();
            if (shapes.get(0) instanceof LoadShape.ClosedLoop closed) {
                LoadSpec loadSpec = new LoadSpec(closed, requests, durationNanos, newTokens);
                episodes.add(new LoadReport.Episode(closed, loadSpec, driver.run(engine, prompt, loadSpec)));
            } else {
                List<Double> asked = shapes.stream().map(s -> ((LoadShape.OpenLoop) s).requestsPerSecond()).toList();
                RateSweep.Result sweep = RateSweep.run(asked, objectives, rate -> {
                    LoadSpec loadSpec = new LoadSpec(new LoadShape.OpenLoop(rate, seed), requests, durationNanos, newTokens);
                    LoadSamples samples = driver.run(engine, prompt, loadSpec);
                    episodes.add(new LoadReport.Episode(loadSpec.shape(), loadSpec, samples));
                    printer.printf(Locale.ROOT, "rate %s requests/s: %d requests, %s%n", rate, samples.requests().size(),
                            objectives.met(samples) ? "meets the SLO" : "misses the SLO");
                    printer.flush();
                    return samples;
                });
                best = sweep.highestRateMet();
            }
            report = new LoadReport(model, engine.info().frameworkVersion() + " " + engine.info().settings(), promptTokens, newTokens, objectives,
                    episodes, best);
        }
        Files.createDirectories(folder);
        RunFolder runFolder = RunFolder.at(folder);
        runFolder.writeEnvironment(EnvironmentFacts.collect());
        report.write(runFolder);
        TextTable table = new TextTable(LoadReport.HEADERS);
        report.rows().forEach(table::addRow);
        printer.print(table.render());
        printer.println(report.verdict());
        printer.println("Results: " + runFolder.loadFile() + " (requests: " + RunFolder.LOAD_REQUESTS_FILE + ", report: " + RunFolder.LOAD_REPORT_FILE + ")");
        boolean anyFailed = report.episodes().stream().anyMatch(e -> e.samples().failedRequests() > 0);
        return anyFailed ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private List<LoadShape> shapes() {
        if ((concurrency == null) == (rates == null)) {
            throw new UsageException("give exactly one load shape: --concurrency C (closed loop) or --rate R[,R...] (open loop)");
        }
        if (concurrency != null) {
            if (concurrency < 1) {
                throw new UsageException("--concurrency must be >= 1, was " + concurrency);
            }
            return List.of(new LoadShape.ClosedLoop(concurrency));
        }
        List<LoadShape> shapes = new ArrayList<>();
        for (String text : rates) {
            double rate;
            try {
                rate = Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                rate = Double.NaN;
            }
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new UsageException("--rate: '" + text + "' is not a positive number of requests per second; e.g. --rate 0.5,1,2");
            }
            shapes.add(new LoadShape.OpenLoop(rate, seed));
        }
        return shapes;
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}. */
    static long durationNanos(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        long scale;
        String number;
        if (value.endsWith("ms")) {
            scale = 1_000_000L;
            number = value.substring(0, value.length() - 2);
        } else if (value.endsWith("s")) {
            scale = 1_000_000_000L;
            number = value.substring(0, value.length() - 1);
        } else if (value.endsWith("m")) {
            scale = 60_000_000_000L;
            number = value.substring(0, value.length() - 1);
        } else {
            throw new UsageException("--duration: '" + text + "' has no unit; use ms, s or m, e.g. --duration 30s");
        }
        double amount;
        try {
            amount = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            amount = Double.NaN;
        }
        if (!(amount > 0) || Double.isInfinite(amount) || amount * scale >= Long.MAX_VALUE) {
            throw new UsageException("--duration: '" + text + "' is not a positive duration; e.g. --duration 30s");
        }
        return Math.round(amount * scale);
    }
}
