package dev.tokenbench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the round folders of a small synthetic sweep, each a run folder whose {@code jmh.json} holds chosen figures,
 * so that pooled figures, intervals, tables and summaries can be checked against values computed by hand.
 */
final class SweepFixtures {

    /** One configuration and its figure per round: label to per-round values. */
    record Configuration(String framework, String model, int batchSize, Map<String, double[]> figures) {
        Configuration(String framework, int batchSize, Map<String, double[]> figures) {
            this(framework, "tiny", batchSize, figures);
        }
    }

    private SweepFixtures() {
    }

    /**
     * The three-round sweep of {@link ScalingViewsTest}: djl-pytorch, llama.cpp and the zero-delay fake on {@code tiny},
     * batch 1 and 4, prompt 32, 16 new tokens, one thread.
     */
    static List<Configuration> threeRounds() {
        return List.of(
                new Configuration("djl-pytorch", 1, Map.of("output.tokens_per_s", new double[] {100, 110, 120}, "itl.p50", new double[] {2.0, 2.2, 2.4},
                        "rss.peak", mib(200, 200, 200))),
                new Configuration("djl-pytorch", 4, Map.of("output.tokens_per_s", new double[] {300, 320, 340}, "itl.p50", new double[] {3.0, 3.2, 3.4},
                        "rss.peak", mib(300, 310, 320))),
                new Configuration("llama.cpp", 1, Map.of("output.tokens_per_s", new double[] {200, 210, 220}, "itl.p50", new double[] {1.0, 1.1, 1.2},
                        "rss.peak", mib(100, 100, 100))),
                new Configuration("llama.cpp", 4, Map.of("output.tokens_per_s", new double[] {190, 200, 210}, "itl.p50", new double[] {4.0, 4.2, 4.4},
                        "rss.peak", mib(150, 150, 150))),
                new Configuration("fake", 1, Map.of("output.tokens_per_s", new double[] {90000, 100000, 110000}, "itl.p50", new double[] {0.001, 0.001, 0.001})),
                new Configuration("fake", 4, Map.of("output.tokens_per_s", new double[] {90000, 100000, 110000}, "itl.p50", new double[] {0.001, 0.001, 0.001})));
    }

    private static double[] mib(double... values) {
        double[] bytes = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = values[i] * 1024 * 1024;
        }
        return bytes;
    }

    /** Writes {@code rounds} round folders ({@code round-1} ...) of {@code configurations} under {@code sweep}, one fork each. */
    static List<Path> write(Path sweep, List<Configuration> configurations, int rounds) throws IOException {
        List<Path> folders = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Path folder = sweep.resolve("rounds").resolve("round-" + round);
            Files.createDirectories(folder);
            StringBuilder json = new StringBuilder("[\n");
            for (int c = 0; c < configurations.size(); c++) {
                Configuration configuration = configurations.get(c);
                json.append(benchmark(configuration, round - 1)).append(c + 1 < configurations.size() ? ",\n" : "\n");
            }
            json.append("]\n");
            Files.writeString(folder.resolve("jmh.json"), json.toString(), StandardCharsets.UTF_8);
            folders.add(folder);
        }
        return folders;
    }

    private static String benchmark(Configuration configuration, int round) {
        StringBuilder secondary = new StringBuilder();
        for (Map.Entry<String, double[]> figure : new java.util.TreeMap<>(configuration.figures()).entrySet()) {
            double value = figure.getValue()[round];
            if (secondary.length() > 0) {
                secondary.append(",\n");
            }
            // two iterations around the round's figure: within-round spread that pooling must not use
            secondary.append(String.format(Locale.ROOT, "    \"%s\": {\"score\": %s, \"scoreUnit\": \"x\", \"rawData\": [[%s, %s]]}",
                    figure.getKey(), value, value * 0.99, value * 1.01));
        }
        return String.format(Locale.ROOT, """
                {"jmhVersion": "1.37", "benchmark": "dev.tokenbench.benchmarks.GenerationLatencyBenchmark.generate", "mode": "ss",
                  "threads": 1, "forks": 1, "warmupIterations": 0, "measurementIterations": 2,
                  "params": {"framework": "%s", "model": "%s", "precision": "f32", "batchSize": "%d", "promptTokens": "32",
                             "newTokens": "16", "threads": "1"},
                  "primaryMetric": {"score": 1.0, "scoreUnit": "ms/op", "rawData": [[1.0, 1.0]]},
                  "secondaryMetrics": {
                %s
                  }
                }""", configuration.framework(), configuration.model(), configuration.batchSize(), secondary);
    }
}
