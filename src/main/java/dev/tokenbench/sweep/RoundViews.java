package dev.tokenbench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenbench.measure.AtomicFiles;
import dev.tokenbench.measure.RunFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@link RunFolder} per round of a sweep ({@code rounds/round-<r>/}), joining the round's runs: their JMH
 * results, raw sample lines and failures (plus a failure for every failed run JMH recorded nothing for: a timeout,
 * a crash of the host), and the environment facts of the sweep folder's top (where a run of the default suite writes its
 * calibration) or else of the round's first run, and the top's agreement file when there is one. The report reads
 * each round as one input, so the rounds of a configuration stand side by side.
 */
public final class RoundViews {

    /** The folder of the round views inside a sweep folder. */
    public static final String FOLDER = "rounds";


    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RoundViews() {
    }

    /** Whether {@code folder} is a sweep folder (it has an index). */
    public static boolean isSweep(Path folder) {
        return new SweepFolder(folder).hasIndex();
    }

    /**
     * Writes (or rewrites) the round views of a sweep folder.
     *
     * @return the round folders, round 1 first; rounds with no finished run are left out
     */
    public static List<Path> write(Path sweepFolder) throws IOException {
        SweepFolder folder = new SweepFolder(sweepFolder);
        SweepIndex index = folder.readIndex()
                .orElseThrow(() -> new IllegalArgumentException(sweepFolder + ": not a sweep folder (no " + SweepFolder.INDEX_FILE + ")"));
        Map<String, Configuration> byId = new LinkedHashMap<>();
        index.configurations().keySet().forEach(configuration -> byId.put(configuration.id(), configuration));
        Map<Integer, List<RunRecord>> rounds = new java.util.TreeMap<>();
        for (RunRecord run : index.runs()) {
            if (run.status() == RunStatus.DONE || run.status() == RunStatus.FAILED) {
                int round = Integer.parseInt(run.key().substring(run.key().lastIndexOf("/round-") + "/round-".length()));
                rounds.computeIfAbsent(round, r -> new ArrayList<>()).add(run);
            }
        }
        // a run of the default suite writes its calibration and agreement at the sweep folder's top: every round reads them
        RunFolder top = RunFolder.at(sweepFolder);
        Optional<String> topEnvironment = Files.isRegularFile(top.environmentFile())
                ? Optional.of(Files.readString(top.environmentFile(), StandardCharsets.UTF_8)) : Optional.empty();
        Optional<String> agreement = Files.isRegularFile(top.agreementFile())
                ? Optional.of(Files.readString(top.agreementFile(), StandardCharsets.UTF_8)) : Optional.empty();
        List<Path> written = new ArrayList<>();
        for (Map.Entry<Integer, List<RunRecord>> round : rounds.entrySet()) {
            ArrayNode results = MAPPER.createArrayNode();
            ArrayNode failures = MAPPER.createArrayNode();
            StringBuilder samples = new StringBuilder();
            Optional<String> environment = topEnvironment;
            for (RunRecord run : round.getValue()) {
                RunFolder runFolder = RunFolder.at(folder.runFolder(run.key()));
                Configuration configuration = byId.get(run.key().substring(0, run.key().lastIndexOf("/round-")));
                JsonNode runResults = readArray(runFolder.resultsFile());
                runResults.forEach(results::add);
                JsonNode runFailures = readArray(runFolder.failuresFile());
                runFailures.forEach(failures::add);
                if (run.status() == RunStatus.FAILED && runFailures.isEmpty() && configuration != null) {
                    failures.add(failure(configuration, run.reason().orElse("failed")));
                }
                Path runSamples = runFolder.samplesFile();
                if (Files.isRegularFile(runSamples)) {
                    String text = Files.readString(runSamples, StandardCharsets.UTF_8);
                    samples.append(text);
                    if (!text.isEmpty() && !text.endsWith("\n")) {
                        samples.append('\n');
                    }
                }
                Path env = runFolder.environmentFile();
                if (environment.isEmpty() && Files.isRegularFile(env)) {
                    environment = Optional.of(Files.readString(env, StandardCharsets.UTF_8));
                }
            }
            Path roundPath = sweepFolder.resolve(FOLDER).resolve("round-" + round.getKey());
            RunFolder roundFolder = RunFolder.at(roundPath);
            AtomicFiles.writeString(roundFolder.resultsFile(), MAPPER.writeValueAsString(results) + "\n");
            AtomicFiles.writeString(roundFolder.failuresFile(), MAPPER.writeValueAsString(failures) + "\n");
            AtomicFiles.writeString(roundFolder.samplesFile(), samples.toString());
            if (environment.isPresent()) {
                AtomicFiles.writeString(roundFolder.environmentFile(), environment.get());
            }
            if (agreement.isPresent()) {
                AtomicFiles.writeString(roundFolder.agreementFile(), agreement.get());
            }
            written.add(roundPath);
        }
        return written;
    }

    /** A failure entry in the suite runner's format, for a run that ended without JMH recording why. */
    private static ObjectNode failure(Configuration configuration, String reason) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("benchmark", configuration.benchmark().jmhMethod());
        node.put("mode", configuration.benchmark().singleShot() ? "ss" : "sample");
        ObjectNode params = node.putObject("params");
        configuration.params().forEach(params::put);
        node.put("reason", reason);
        return node;
    }

    private static JsonNode readArray(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return MAPPER.createArrayNode();
        }
        try {
            JsonNode node = MAPPER.readTree(file.toFile());
            return node != null && node.isArray() ? node : MAPPER.createArrayNode();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": malformed JSON: " + e.getOriginalMessage() + "; run the sweep again to redo this run");
        }
    }
}
