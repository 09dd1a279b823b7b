package dev.tokenbench.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenbench.calibrate.Calibration;
import dev.tokenbench.measure.Figure;
import dev.tokenbench.measure.RunFolder;
import dev.tokenbench.measure.SamplesFile;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JMH JSON results file (JMH 1.2x to 1.37) and tokenbench's companions beside it into {@link ReportRow}s.
 *
 * <p>Accepted: secondary results named with or without the {@code ·} prefix of older JMH versions, numbers
 * written as the strings {@code "NaN"}, {@code "+INF"} and {@code "-INF"} (read as absent), sample-time
 * {@code rawDataHistogram}s, benchmarks without {@code params}, and profiler results that are not figures
 * (ignored). The file is parsed one benchmark at a time (Jackson's streaming parser with a tree per
 * benchmark), so a large file never sits in memory as text or as one tree.
 *
 * <p>Companions, all optional, read from the results file's {@link RunFolder}: machine facts, raw samples per
 * iteration (the per-iteration figures are recomputed from them by {@link Figure}, else taken from JMH's
 * {@code rawData}), configurations that failed (failed rows) and greedy token agreement (the share of a framework's greedy token ids identical to a reference framework's, per
 * model, precision, prompt and new tokens: the agreement column of every batch size of that workload).
 */
final class JmhResultReader {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final Pattern RUN_FOLDER = Pattern.compile("^(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})Z(-.*)?$");

    private JmhResultReader() {
    }

    /**
     * Reads a results file or a run folder (its {@code jmh.json}).
     *
     * @param path as the user gave it; error messages name it so
     * @throws IllegalArgumentException one line naming the file and what is wrong
     */
    static ReportInput read(Path path) throws IOException {
        Path file = path;
        String source;
        if (Files.isDirectory(path)) {
            file = RunFolder.at(path).resultsFile();
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(path + ": no " + RunFolder.RESULTS_FILE + " in this folder; give a run folder"
                        + " (results/runs/<UTC time>-<commit>/) or a JMH JSON file");
            }
            source = name(path);
        } else if (!Files.exists(path)) {
            throw new IllegalArgumentException(path + ": no such file or folder");
        } else {
            String fileName = name(path);
            source = RunFolder.isResultsFileName(fileName) && path.toAbsolutePath().getParent() != null
                    ? name(path.toAbsolutePath().getParent())
                    : fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
        }
        RunFolder folder = RunFolder.containing(file);
        Map<String, List<Map<Metric, Double>>> sidecar = readSamples(folder);
        int[] maxForks = {0};
        List<ReportRow> rows = readResults(file, source, sidecar, maxForks);
        rows.addAll(readFailures(folder.failuresFile(), source));
        rows = withAgreement(rows, folder.agreementFile());
        boolean anyTokens = false;
        for (ReportRow row : rows) {
            anyTokens |= row.hasTokenFigures() || row.isFailed();
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": holds no benchmark results (an empty JSON array); run the benchmarks again");
        }
        if (!anyTokens) {
            throw new IllegalArgumentException(file + ": no token metrics (ttft.*, itl.*, output.tokens_per_s) in any of its "
                    + rows.size() + " benchmarks; run them with tokenbench's launcher (java -jar target/benchmarks.jar) or -prof "
                    + "dev.tokenbench.jmh.TokenTimingProfiler");
        }
        Optional<Machine> machine = readEnvironment(folder.environmentFile()).map(m -> m.withDate(runDate(source)));
        List<String> limitNotes = new ArrayList<>();
        Optional<Calibration> calibration = readCalibration(folder, limitNotes);
        Roofline.Derived roofline = Roofline.derive(rows, calibration,
                limitNotes.isEmpty() ? "no calibration beside the results" : limitNotes.remove(0));
        limitNotes.addAll(roofline.notes());
        return new ReportInput(source, roofline.rows(), machine, limitNotes,
                maxForks[0] > 0 ? java.util.OptionalInt.of(maxForks[0]) : java.util.OptionalInt.empty());
    }

    /**
     * The run's calibration from {@code env.json}; when there is none, {@code why} gets the reason (first) and the
     * result is empty. A calibration that cannot be read is a reason, not an error: the rest of the report stands.
     */
    static Optional<Calibration> readCalibration(RunFolder folder, List<String> why) throws IOException {
        Optional<RunFolder.CalibrationRecord> recorded;
        try {
            recorded = folder.readCalibration();
        } catch (IllegalArgumentException e) {
            why.add(e.getMessage());
            return Optional.empty();
        }
        if (recorded.isEmpty()) {
            why.add(Files.isRegularFile(folder.environmentFile()) ? folder.environmentFile() + " holds no calibration (the run predates it)"
                    : "no " + RunFolder.ENVIRONMENT_FILE + " beside the results, so no calibration");
            return Optional.empty();
        }
        if (recorded.get().json().isEmpty()) {
            why.add("no calibration in this run: " + recorded.get().absentBecause());
            return Optional.empty();
        }
        try {
            return Optional.of(Calibration.fromJson(recorded.get().json().get(), folder.environmentFile().toString()));
        } catch (IllegalArgumentException e) {
            why.add(oneLine(e.getMessage()));
            return Optional.empty();
        }
    }

    /**
     * Adds the {@code share} of {@code agreement.json} (written by the run's agreement check) to the rows of the same
     * framework, model, precision, prompt and new tokens. A missing file changes nothing; a malformed one is an error
     * naming it.
     */
    static List<ReportRow> withAgreement(List<ReportRow> rows, Path agreementFile) throws IOException {
        if (!Files.isRegularFile(agreementFile)) {
            return rows;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(agreementFile.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(agreementFile + ": malformed JSON: " + oneLine(e.getOriginalMessage())
                    + "; delete it or run the agreement command again");
        } catch (CharConversionException e) {
            throw notUtf8(agreementFile, e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(agreementFile + ": expected a JSON array of agreement rows; delete it or run the agreement command again");
        }
        List<ReportRow> out = new ArrayList<>(rows.size());
        for (ReportRow row : rows) {
            ReportRow updated = row;
            for (JsonNode entry : root) {
                if (entry.path("share").isNumber()
                        && row.framework().equals(entry.path("framework").asText())
                        && row.workload().model().equals(entry.path("model").asText())
                        && row.workload().precision().equals(entry.path("precision").asText())
                        && row.workload().promptTokens().equals(entry.path("promptTokens").asText())
                        && row.workload().newTokens().equals(entry.path("newTokens").asText())) {
                    updated = row.withValue(Metric.AGREEMENT, entry.path("share").asDouble());
                }
            }
            out.add(updated);
        }
        return out;
    }

    private static String name(Path path) {
        Path fileName = path.toAbsolutePath().normalize().getFileName();
        return fileName == null ? path.toString() : fileName.toString();
    }

    /** {@code 2026-11-28T14:23:26Z} from a run folder named {@code 20261128T142326Z-<commit>}. */
    static Optional<String> runDate(String source) {
        Matcher m = RUN_FOLDER.matcher(source);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) + "-" + m.group(2) + "-" + m.group(3) + "T" + m.group(4) + ":" + m.group(5) + ":" + m.group(6) + "Z");
    }

    private static List<ReportRow> readResults(Path file, String source, Map<String, List<Map<Metric, Double>>> sidecar, int[] maxForks)
            throws IOException {
        List<ReportRow> rows = new ArrayList<>();
        JsonFactory factory = MAPPER.getFactory();
        try (JsonParser parser = factory.createParser(file.toFile())) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new IllegalArgumentException(file + ": file is empty; JMH leaves an empty results file when a run dies: run it again");
            }
            if (token != JsonToken.START_ARRAY) {
                throw notJmh(file, "expected a JSON array of benchmark results, found " + describe(token));
            }
            int index = 0;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.START_OBJECT) {
                    throw notJmh(file, "element " + index + " is " + describe(token) + ", not a benchmark result object");
                }
                JsonNode node = parser.readValueAsTree();
                rows.add(row(file, source, index, node, sidecar));
                if (node.path("forks").canConvertToInt()) {
                    maxForks[0] = Math.max(maxForks[0], node.path("forks").asInt());
                }
                index++;
            }
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new IllegalArgumentException(file + ": malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr()
                        + ": content after the end of the results array");
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file or folder", e);
        } catch (JsonProcessingException e) {
            throw malformed(file, e);
        } catch (CharConversionException e) {
            throw notUtf8(file, e);
        }
        return rows;
    }

    private static IllegalArgumentException malformed(Path file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new IllegalArgumentException(file + ": malformed JSON" + where + ": " + oneLine(e.getOriginalMessage()), e);
    }

    /**
     * A file Jackson took for UTF-16 or UTF-32 (from its first bytes) that does not decode as such: JSON files are
     * UTF-8 (RFC 8259).
     */
    static IllegalArgumentException notUtf8(Path file, CharConversionException e) {
        return new IllegalArgumentException(file + ": not a UTF-8 JSON file (" + oneLine(e.getMessage()) + ")", e);
    }

    private static IllegalArgumentException notJmh(Path file, String what) {
        return new IllegalArgumentException(file + ": not JMH JSON output: " + what);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(Locale.ROOT);
        };
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replace("\r", " ").replace("\n", " ").strip();
    }

    private static ReportRow row(Path file, String source, int index, JsonNode node, Map<String, List<Map<Metric, Double>>> sidecar) {
        JsonNode benchmark = node.get("benchmark");
        JsonNode primary = node.get("primaryMetric");
        if (benchmark == null || !benchmark.isTextual() || primary == null || !primary.isObject()) {
            throw notJmh(file, "element " + index + " has no \"benchmark\" name and \"primaryMetric\" object");
        }
        Map<String, String> params = new TreeMap<>();
        JsonNode paramsNode = node.get("params");
        if (paramsNode != null && paramsNode.isObject()) {
            for (Map.Entry<String, JsonNode> entry : paramsNode.properties()) {
                params.put(entry.getKey(), entry.getValue().asText());
            }
        }
        String mode = text(node, "mode");
        WorkloadKey workload = workload(benchmark.asText(), mode, params);
        Map<Metric, Double> values = new LinkedHashMap<>();
        Map<Metric, double[]> iterations = new LinkedHashMap<>();
        boolean sinceForkStart = false;
        JsonNode secondary = node.get("secondaryMetrics");
        if (secondary != null && secondary.isObject()) {
            for (Map.Entry<String, JsonNode> entry : secondary.properties()) {
                Optional<Figure> figure = Figure.byLabel(entry.getKey());
                Optional<Metric> metric = figure.flatMap(Metric::of);
                if (metric.isEmpty() || !entry.getValue().isObject()) {
                    continue;
                }
                boolean preferred = metric.get().figure() == figure.get();
                if (!preferred && values.containsKey(metric.get())) {
                    continue;
                }
                OptionalDouble score = number(entry.getValue().get("score"));
                if (score.isEmpty()) {
                    continue;
                }
                values.put(metric.get(), score.getAsDouble());
                iterations.put(metric.get(), flatten(entry.getValue().get("rawData")));
                if (metric.get() == Metric.PEAK_RSS) {
                    sinceForkStart = !preferred;
                }
            }
        }
        List<Map<Metric, Double>> fromSamples = sidecar.get(sidecarKey(benchmark.asText(), mode, params));
        if (fromSamples != null) {
            for (Metric metric : Metric.values()) {
                double[] recomputed = fromSamples.stream().filter(m -> m.containsKey(metric)).mapToDouble(m -> m.get(metric)).toArray();
                double[] fromJmh = iterations.get(metric);
                if (recomputed.length == fromSamples.size() && recomputed.length > 0 && (fromJmh == null || fromJmh.length == recomputed.length)) {
                    iterations.put(metric, recomputed);
                }
            }
        }
        deriveEfficiency(values, iterations);
        JsonNode primaryUnit = primary.get("scoreUnit");
        return new ReportRow(source, params.getOrDefault("framework", WorkloadKey.ABSENT), workload, values, iterations,
                number(primary.get("score")), primaryUnit == null ? "" : primaryUnit.asText(), sinceForkStart, Optional.empty(), forkJvm(node));
    }

    /**
     * The Java runtime a result's forks ran on, from JMH's {@code jdkVersion} ({@code Java 25.0.3}; its
     * {@code vmVersion} is the VM's own, which on Java 8 is not the Java version); empty when the result has none.
     */
    static String forkJvm(JsonNode result) {
        JsonNode version = result.path("jdkVersion");
        return version.isTextual() && !version.asText().isBlank() ? "Java " + oneLine(version.asText()) : "";
    }

    /** Memory efficiency = output tokens/s per GiB of peak RSS, for the merged figure and each iteration. */
    static void deriveEfficiency(Map<Metric, Double> values, Map<Metric, double[]> iterations) {
        Double output = values.get(Metric.OUTPUT_TOKENS_PER_SECOND);
        Double rss = values.get(Metric.PEAK_RSS);
        if (output == null || rss == null) {
            return;
        }
        OptionalDouble merged = Figure.memoryEfficiency(output, rss);
        if (merged.isEmpty()) {
            return;
        }
        values.put(Metric.MEMORY_EFFICIENCY, merged.getAsDouble());
        double[] outputs = iterations.get(Metric.OUTPUT_TOKENS_PER_SECOND);
        double[] peaks = iterations.get(Metric.PEAK_RSS);
        if (outputs != null && peaks != null && outputs.length == peaks.length) {
            double[] efficiency = new double[outputs.length];
            for (int i = 0; i < outputs.length; i++) {
                OptionalDouble one = Figure.memoryEfficiency(outputs[i], peaks[i]);
                if (one.isEmpty()) {
                    return;
                }
                efficiency[i] = one.getAsDouble();
            }
            iterations.put(Metric.MEMORY_EFFICIENCY, efficiency);
        }
    }

    static WorkloadKey workload(String benchmark, String mode, Map<String, String> params) {
        return new WorkloadKey(shortBenchmark(benchmark), mode,
                params.getOrDefault("model", WorkloadKey.ABSENT), params.getOrDefault("precision", WorkloadKey.ABSENT),
                params.getOrDefault("batchSize", WorkloadKey.ABSENT), params.getOrDefault("promptTokens", WorkloadKey.ABSENT),
                params.getOrDefault("newTokens", WorkloadKey.ABSENT), params.getOrDefault("threads", WorkloadKey.ABSENT));
    }

    /** {@code GenerationLatencyBenchmark.generate} from {@code dev.tokenbench.benchmarks.GenerationLatencyBenchmark.generate}. */
    static String shortBenchmark(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        if (method <= 0) {
            return benchmark;
        }
        int owner = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(owner + 1);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? WorkloadKey.ABSENT : value.asText();
    }

    /** A finite number, or absent for JMH's {@code "NaN"}, {@code "+INF"}, {@code "-INF"} and anything else. */
    static OptionalDouble number(JsonNode node) {
        if (node == null) {
            return OptionalDouble.empty();
        }
        double value;
        if (node.isNumber()) {
            value = node.doubleValue();
        } else if (node.isTextual()) {
            try {
                value = Double.parseDouble(node.asText().strip());
            } catch (NumberFormatException e) {
                return OptionalDouble.empty();
            }
        } else {
            return OptionalDouble.empty();
        }
        return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
    }

    /** Every finite per-iteration value of {@code rawData} ({@code [fork][iteration]}), forks in order. */
    private static double[] flatten(JsonNode rawData) {
        List<Double> values = new ArrayList<>();
        if (rawData != null && rawData.isArray()) {
            for (JsonNode fork : rawData) {
                if (!fork.isArray()) {
                    continue;
                }
                for (JsonNode iteration : fork) {
                    number(iteration).ifPresent(values::add);
                }
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String sidecarKey(String benchmark, String mode, Map<String, String> params) {
        return benchmark + "\u0000" + mode + "\u0000" + new TreeMap<>(params);
    }

    /** Per-iteration figures recomputed from the run folder's raw samples, by configuration, in fork and iteration order. */
    private static Map<String, List<Map<Metric, Double>>> readSamples(RunFolder folder) throws IOException {
        Map<String, List<Map<Metric, Double>>> byKey = new HashMap<>();
        for (SamplesFile.Line line : folder.readSamples()) {
            String key = sidecarKey(line.benchmark(), line.mode() == null ? WorkloadKey.ABSENT : line.mode(), line.params());
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(iterationFigures(line));
        }
        return byKey;
    }

    /** One iteration's figures, each computed by its {@link Figure} from the iteration's raw samples and memory peaks. */
    static Map<Metric, Double> iterationFigures(SamplesFile.Line line) {
        Map<Metric, Double> figures = new LinkedHashMap<>();
        Figure.valuesOf(line.samples()).forEach((figure, value) -> Metric.of(figure)
                .filter(metric -> metric.figure() == figure)
                .ifPresent(metric -> figures.put(metric, value)));
        for (Metric metric : Metric.values()) {
            for (Figure figure : metric.figures()) {
                Long bytes = line.memoryBytes().get(figure.label());
                if (bytes != null && !figures.containsKey(metric)) {
                    figures.put(metric, bytes.doubleValue());
                }
            }
        }
        return figures;
    }

    /** Failed configurations recorded by the suite runner: failed rows. */
    private static List<ReportRow> readFailures(Path failures, String source) throws IOException {
        List<ReportRow> rows = new ArrayList<>();
        if (!Files.isRegularFile(failures)) {
            return rows;
        }
        Path shown = failures;
        JsonNode root;
        try {
            root = MAPPER.readTree(failures.toFile());
        } catch (JsonProcessingException e) {
            throw malformed(shown, e);
        } catch (CharConversionException e) {
            throw notUtf8(shown, e);
        }
        if (root == null || root.isMissingNode()) {
            return rows;
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException(shown + ": expected a JSON array of failed configurations");
        }
        for (JsonNode failure : root) {
            Map<String, String> params = new TreeMap<>();
            failure.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            String benchmark = failure.path("benchmark").asText(WorkloadKey.ABSENT);
            rows.add(ReportRow.failed(source, params.getOrDefault("framework", WorkloadKey.ABSENT),
                    workload(benchmark, text(failure, "mode"), params), oneLine(failure.path("reason").asText("failed"))));
        }
        return rows;
    }

    /** The machine facts of {@code env.json}. */
    static Optional<Machine> readEnvironment(Path env) throws IOException {
        if (!Files.isRegularFile(env)) {
            return Optional.empty();
        }
        Path shown = env;
        JsonNode root;
        try {
            root = MAPPER.readTree(env.toFile());
        } catch (JsonProcessingException e) {
            throw malformed(shown, e);
        } catch (CharConversionException e) {
            throw notUtf8(shown, e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(shown + ": expected the JSON object of 'java -jar target/benchmarks.jar env'");
        }
        JsonNode build = root.path("build");
        String commit = build.path("gitCommit").isTextual() ? build.path("gitCommit").asText() : null;
        Optional<String> gitCommit = Optional.ofNullable(commit).map(c -> build.path("gitDirty").asBoolean(false) ? c + " (dirty)" : c);
        String versions = "tokenbench " + build.path("tokenbenchVersion").asText("?") + ", DJL " + build.path("djlVersion").asText("?")
                + ", PyTorch " + build.path("pytorchVersion").asText("?") + ", JMH " + build.path("jmhVersion").asText("?")
                + ", java-llama.cpp " + build.path("llamaCppJavaVersion").asText("?");
        JsonNode memory = root.path("totalMemoryBytes");
        return Optional.of(new Machine(root.path("cpuModel").asText("unknown"), root.path("availableProcessors").asInt(0),
                memory.isNumber() ? OptionalLong.of(memory.asLong()) : OptionalLong.empty(),
                root.path("osName").asText("?") + " " + root.path("osVersion").asText("?") + " (" + root.path("osArch").asText("?") + ")",
                root.path("jvmName").asText("?") + ", " + root.path("jvmVendor").asText("?") + " " + root.path("jvmVersion").asText("?"),
                versions, gitCommit, Optional.empty(),
                root.path("hostName").isTextual() ? Optional.of(root.path("hostName").asText()) : Optional.empty()));
    }
}
