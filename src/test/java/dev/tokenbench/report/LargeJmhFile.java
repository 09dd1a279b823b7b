package dev.tokenbench.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a large JMH 1.37-style results file (thousands of benchmark rows, every tokenbench secondary result with
 * 10 iterations) for the report's speed measurement; generated under {@code target/}, never committed.
 *
 * <pre>{@code
 * java -cp target/classes:target/test-classes:$(cat cp.txt) dev.tokenbench.report.LargeJmhFile target/speed/jmh.json 50
 * time java -Xmx1g -jar target/benchmarks.jar report target/speed/jmh.json --out target/speed/report
 * }</pre>
 */
final class LargeJmhFile {

    private static final List<String> FRAMEWORKS = List.of("djl-pytorch", "llama.cpp", "onnxruntime", "vllm", "fake");
    private static final List<String> LABELS = List.of("ttft.mean", "ttft.p50", "ttft.p90", "ttft.p99", "itl.mean", "itl.p50", "itl.p90",
            "itl.p99", "itl.max", "tpot.mean", "e2e.p50", "e2e.p99", "output.tokens_per_s", "prefill.tokens_per_s", "decode.tokens_per_s",
            "tokens", "requests", "rss.peak", "heap.peak", "tensor.bytes");

    private LargeJmhFile() {
    }

    /** Writes rows until the file reaches {@code megabytes}; returns the number of rows. */
    static int write(Path file, int megabytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Random random = new Random(42);
        long target = megabytes * 1024L * 1024L;
        long written = 0;
        int rows = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("[\n");
            while (written < target) {
                String framework = FRAMEWORKS.get(rows % FRAMEWORKS.size());
                int workload = rows / FRAMEWORKS.size();
                String row = row(framework, "model" + workload % 7, 1 << (workload / 7 % 6), 16 << (workload / 42 % 5),
                        1 + workload / 210, random);
                out.write(rows == 0 ? row : ",\n" + row);
                written += row.length() + 2;
                rows++;
            }
            out.write("\n]\n");
        }
        return rows;
    }

    private static String row(String framework, String model, int batch, int prompt, int threads, Random random) {
        StringBuilder b = new StringBuilder(26_000);
        b.append("    {\n        \"jmhVersion\" : \"1.37\",\n        \"benchmark\" : \"dev.tokenbench.benchmarks.GenerationLatencyBenchmark.generate\",\n")
                .append("        \"mode\" : \"ss\",\n        \"threads\" : 1,\n        \"forks\" : 1,\n        \"jvm\" : \"/usr/lib/jvm/java-17/bin/java\",\n")
                .append("        \"jvmArgs\" : [\n            \"-Xmx2g\"\n        ],\n        \"jdkVersion\" : \"17.0.15\",\n")
                .append("        \"warmupIterations\" : 2,\n        \"measurementIterations\" : 10,\n        \"params\" : {\n")
                .append("            \"batchSize\" : \"").append(batch).append("\",\n            \"framework\" : \"").append(framework)
                .append("\",\n            \"model\" : \"").append(model).append("\",\n            \"newTokens\" : \"64\",\n")
                .append("            \"precision\" : \"f32\",\n            \"promptTokens\" : \"").append(prompt)
                .append("\",\n            \"threads\" : \"").append(threads).append("\"\n        },\n");
        b.append("        \"primaryMetric\" : ");
        metric(b, 50 + random.nextDouble() * 10, "ms/op", random);
        b.append(",\n        \"secondaryMetrics\" : {\n");
        for (int i = 0; i < LABELS.size(); i++) {
            String label = LABELS.get(i);
            double base = label.startsWith("rss") || label.endsWith("bytes") || label.startsWith("heap") ? 3e8
                    : label.contains("tokens_per_s") ? 500 : label.equals("tokens") ? 640 : label.equals("requests") ? 10 : 5;
            b.append("            \"").append(label).append("\" : ");
            metric(b, base * (0.9 + 0.2 * random.nextDouble()), label.contains("tokens_per_s") ? "tokens/s" : "ms", random);
            b.append(i < LABELS.size() - 1 ? ",\n" : "\n");
        }
        b.append("        }\n    }");
        return b.toString();
    }

    private static void metric(StringBuilder b, double score, String unit, Random random) {
        b.append("{\n                \"score\" : ").append(score).append(",\n                \"scoreError\" : \"NaN\",\n")
                .append("                \"scoreConfidence\" : [\n                    ").append(score).append(",\n                    ")
                .append(score).append("\n                ],\n                \"scorePercentiles\" : {\n");
        String[] percentiles = {"0.0", "50.0", "90.0", "95.0", "99.0", "99.9", "99.99", "99.999", "99.9999", "100.0"};
        for (int i = 0; i < percentiles.length; i++) {
            b.append("                    \"").append(percentiles[i]).append("\" : ").append(score * (1 + i * 0.01))
                    .append(i < percentiles.length - 1 ? ",\n" : "\n");
        }
        b.append("                },\n                \"scoreUnit\" : \"").append(unit).append("\",\n                \"rawData\" : [\n                    [\n");
        for (int i = 0; i < 10; i++) {
            b.append("                        ").append(score * (0.95 + 0.1 * random.nextDouble())).append(i < 9 ? ",\n" : "\n");
        }
        b.append("                    ]\n                ]\n            }");
    }

    public static void main(String[] args) throws IOException {
        long start = System.nanoTime();
        int rows = write(Path.of(args[0]), Integer.parseInt(args[1]));
        System.out.printf(Locale.ROOT, "%s: %d rows, %d bytes, written in %.1f s%n", args[0], rows, Files.size(Path.of(args[0])),
                (System.nanoTime() - start) / 1e9);
    }
}
