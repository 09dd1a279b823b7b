package dev.tokenbench.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The layout of one run's folder ({@code results/runs/<UTC time>-<commit>/}), and the only code that knows its file
 * names. A run folder holds:
 *
 * <ul>
 *   <li>{@value #RESULTS_FILE}: JMH's JSON with the token and memory figures (required; another of JMH's
 *       formats is written as {@code jmh.<format>} when asked for);</li>
 *   <li>{@value #ENVIRONMENT_FILE}: the machine and build facts JMH's JSON lacks, and the run's calibration
 *       ({@value #CALIBRATION_FIELD}) or why it has none ({@value #CALIBRATION_ABSENT_FIELD}) (optional);</li>
 *   <li>{@value #SAMPLES_FILE}: the raw samples of every fork and measured iteration, {@link SamplesFile}
 *       (optional: without it a report takes per-iteration figures from JMH's {@code rawData});</li>
 *   <li>{@value #FAILURES_FILE}: configurations that produced no result, with the reason (optional);</li>
 *   <li>{@value #AGREEMENT_FILE}: greedy token agreement between frameworks (optional);</li>
 *   <li>for a {@code load} run instead of the JMH files: {@value #LOAD_FILE}, {@value #LOAD_REQUESTS_FILE} and
 *       {@value #LOAD_REPORT_FILE};</li>
 *   <li>the report: {@code report.md}, {@code report.html}, {@code report.csv}, {@code report.json} and
 *       {@value #CHARTS_FOLDER}/ (written last, optional);</li>
 *   <li>{@value #RUNNING_FILE}: the {@link FolderLock} of the run writing into the folder, deleted when it finishes; left
 *       behind (and not held) by a run that was killed;</li>
 *   <li>{@value #INTERRUPTED_FILE}: one line saying that the run ended before it finished, and what it kept, written by
 *       the next run that finds {@value #RUNNING_FILE} left behind.</li>
 * </ul>
 * Every file is written atomically (a temporary file moved into place), so a reader never sees half a file.
 */
public final class RunFolder {

    /** JMH's results in JSON. */
    public static final String RESULTS_FILE = "jmh.json";
    /** Machine and build facts. */
    public static final String ENVIRONMENT_FILE = "env.json";
    /** Raw samples per fork and iteration. */
    public static final String SAMPLES_FILE = "samples.jsonl";
    /** Configurations that failed. */
    public static final String FAILURES_FILE = "failures.json";
    /** Greedy token agreement between frameworks. */
    public static final String AGREEMENT_FILE = "agreement.json";
    /** A load run's episodes: the spec, the SLO, every episode's figures and token samples. */
    public static final String LOAD_FILE = "load.json";
    /** A load run's raw request records, one JSON line per request of every episode. */
    public static final String LOAD_REQUESTS_FILE = "load-requests.jsonl";
    /** A load run's report in Markdown. */
    public static final String LOAD_REPORT_FILE = "load.md";
    /** The charts of the report. */
    public static final String CHARTS_FOLDER = "charts";
    /** The lock of the run writing into the folder. */
    public static final String RUNNING_FILE = ".running";
    /** Left by the next run when this one was interrupted. */
    public static final String INTERRUPTED_FILE = "interrupted.txt";

    private static final String RESULTS_BASE_NAME = "jmh";
    private static final String REPORT_BASE_NAME = "report";

    private final Path path;

    private RunFolder(Path path) {
        this.path = path;
    }

    /** The run folder at {@code path} (not created). */
    public static RunFolder at(Path path) {
        return new RunFolder(path);
    }

    /**
     * The folder holding {@code resultsFile}: the companions are read and written beside it. Paths stay as given
     * (relative stays relative), so messages name files the way the user did.
     */
    public static RunFolder containing(Path resultsFile) {
        Path parent = resultsFile.getParent();
        return new RunFolder(parent != null ? parent : Path.of(""));
    }

    /** The folder itself. */
    public Path path() {
        return path;
    }

    /** Whether {@code fileName} is the name of a run folder's results file. */
    public static boolean isResultsFileName(String fileName) {
        return RESULTS_FILE.equals(fileName);
    }

    /** {@value #RESULTS_FILE}. */
    public Path resultsFile() {
        return path.resolve(RESULTS_FILE);
    }

    /** The results file in one of JMH's formats, by its lower-case name: {@code jmh.json}, {@code jmh.csv}... */
    public Path resultsFile(String format) {
        return path.resolve(RESULTS_BASE_NAME + "." + format);
    }

    /** {@value #ENVIRONMENT_FILE}. */
    public Path environmentFile() {
        return path.resolve(ENVIRONMENT_FILE);
    }

    /** {@value #SAMPLES_FILE}. */
    public Path samplesFile() {
        return path.resolve(SAMPLES_FILE);
    }

    /** {@value #FAILURES_FILE}. */
    public Path failuresFile() {
        return path.resolve(FAILURES_FILE);
    }

    /** {@value #AGREEMENT_FILE}. */
    public Path agreementFile() {
        return path.resolve(AGREEMENT_FILE);
    }

    /** {@value #LOAD_FILE}. */
    public Path loadFile() {
        return path.resolve(LOAD_FILE);
    }

    /** {@value #LOAD_REQUESTS_FILE}. */
    public Path loadRequestsFile() {
        return path.resolve(LOAD_REQUESTS_FILE);
    }

    /** {@value #LOAD_REPORT_FILE}. */
    public Path loadReportFile() {
        return path.resolve(LOAD_REPORT_FILE);
    }

    /** The report file with this extension: {@code report.md}, {@code report.html}... */
    public Path reportFile(String extension) {
        return path.resolve(reportFileName(extension));
    }

    /** {@code report.<extension>}: the name of a report file in any output folder. */
    public static String reportFileName(String extension) {
        return REPORT_BASE_NAME + "." + extension;
    }

    /** Writes the machine facts, atomically. */
    public void writeEnvironment(EnvironmentFacts facts) throws IOException {
        AtomicFiles.writeString(environmentFile(), ResultJson.mapper().writeValueAsString(facts) + "\n");
    }

    /** The field of {@value #ENVIRONMENT_FILE} holding the run's calibration (the {@code calibrate} command's JSON). */
    public static final String CALIBRATION_FIELD = "calibration";
    /** The field of {@value #ENVIRONMENT_FILE} saying why the run has no calibration. */
    public static final String CALIBRATION_ABSENT_FIELD = "calibrationAbsent";

    /**
     * Adds the run's calibration to {@value #ENVIRONMENT_FILE} (written first by {@link #writeEnvironment}), as the
     * {@value #CALIBRATION_FIELD} object, atomically.
     *
     * @param calibrationJson the calibration as the {@code calibrate} command's {@code --json} prints it
     */
    public void writeCalibration(String calibrationJson) throws IOException {
        ObjectNode env = readEnvironmentTree();
        env.remove(CALIBRATION_ABSENT_FIELD);
        env.set(CALIBRATION_FIELD, ResultJson.mapper().readTree(calibrationJson));
        AtomicFiles.writeString(environmentFile(), ResultJson.mapper().writeValueAsString(env) + "\n");
    }

    /** Records in {@value #ENVIRONMENT_FILE} why the run has no calibration (skipped, or it failed), atomically. */
    public void writeCalibrationAbsent(String reason) throws IOException {
        ObjectNode env = readEnvironmentTree();
        env.remove(CALIBRATION_FIELD);
        env.put(CALIBRATION_ABSENT_FIELD, reason);
        AtomicFiles.writeString(environmentFile(), ResultJson.mapper().writeValueAsString(env) + "\n");
    }

    /**
     * What {@value #ENVIRONMENT_FILE} says about the run's calibration: empty when the file is missing or says
     * nothing (an older run).
     *
     * @throws IllegalArgumentException naming the file when it is not a JSON object
     */
    public Optional<CalibrationRecord> readCalibration() throws IOException {
        if (!Files.isRegularFile(environmentFile())) {
            return Optional.empty();
        }
        ObjectNode env = readEnvironmentTree();
        JsonNode calibration = env.get(CALIBRATION_FIELD);
        if (calibration != null && calibration.isObject()) {
            return Optional.of(new CalibrationRecord(Optional.of(calibration.toString()), ""));
        }
        JsonNode absent = env.get(CALIBRATION_ABSENT_FIELD);
        if (absent != null && absent.isTextual()) {
            return Optional.of(new CalibrationRecord(Optional.empty(), absent.asText()));
        }
        return Optional.empty();
    }

    /**
     * The calibration part of {@value #ENVIRONMENT_FILE}.
     *
     * @param json          the calibration object's JSON text, when the run was calibrated
     * @param absentBecause why it was not, otherwise
     */
    public record CalibrationRecord(Optional<String> json, String absentBecause) {
    }

    private ObjectNode readEnvironmentTree() throws IOException {
        Path file = environmentFile();
        JsonNode root;
        try {
            root = ResultJson.mapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": malformed JSON: " + oneLine(e.getOriginalMessage()), e);
        } catch (java.io.CharConversionException e) {
            throw new IllegalArgumentException(file + ": not a UTF-8 JSON file (" + oneLine(e.getMessage()) + ")", e);
        }
        if (!(root instanceof ObjectNode object)) {
            throw new IllegalArgumentException(file + ": expected a JSON object of machine facts");
        }
        return object;
    }

    /** Writes the raw samples, atomically. */
    public void writeSamples(List<SamplesFile.Line> lines) throws IOException {
        SamplesFile.write(samplesFile(), lines);
    }

    /**
     * The raw samples; empty when the run has none (the file is optional).
     *
     * @throws IllegalArgumentException naming the file and line if a line is malformed
     */
    public List<SamplesFile.Line> readSamples() throws IOException {
        Path file = samplesFile();
        return Files.isRegularFile(file) ? SamplesFile.read(file) : List.of();
    }

    /**
     * Takes the folder for this process's run (creating it): a second run into the same folder is refused, naming this
     * one; a read-only or unusable folder fails here, before any benchmark runs.
     *
     * @throws IllegalArgumentException when another run writes into the folder
     * @throws IOException              when the folder cannot be written
     */
    public FolderLock lock() throws IOException {
        try {
            return FolderLock.acquire(path.resolve(RUNNING_FILE), FolderLock.thisProcess(),
                    "wait for it to end, or write into another folder (--results-dir, or -rff FILE)");
        } catch (java.nio.file.FileSystemException e) {
            throw new java.nio.file.FileSystemException(path.toAbsolutePath().toString(), null, "cannot write the results folder ("
                    + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()) + "); choose a writable folder (--results-dir, or -rff FILE)");
        }
    }

    /**
     * Finds the run folders directly under {@code resultsDir} whose run ended before it finished (killed, or its machine
     * went down), writes {@value #INTERRUPTED_FILE} into each saying so and what it kept, and returns those lines; the
     * left-behind lock is removed, so each interruption is told once.
     */
    public static List<String> noteInterruptedRuns(Path resultsDir) throws IOException {
        List<String> notes = new java.util.ArrayList<>();
        if (!Files.isDirectory(resultsDir)) {
            return notes;
        }
        try (var folders = Files.newDirectoryStream(resultsDir, Files::isDirectory)) {
            for (Path folder : folders) {
                RunFolder run = RunFolder.at(folder);
                Optional<String> holder = FolderLock.interruptedHolder(folder.resolve(RUNNING_FILE));
                if (holder.isPresent()) {
                    String note = run.interruptedNote(holder.get());
                    AtomicFiles.writeString(folder.resolve(INTERRUPTED_FILE), note + "\n");
                    Files.deleteIfExists(folder.resolve(RUNNING_FILE));
                    notes.add(note);
                }
            }
        }
        return notes;
    }

    /** One line: the run of {@code holder} in this folder ended before it finished, and what its results file keeps. */
    public String interruptedNote(String holder) {
        return path + ": the run (" + holder + ") ended before it finished; " + kept();
    }

    private String kept() {
        Path results = resultsFile();
        if (!Files.isRegularFile(results)) {
            return "no configuration had finished, so it kept no results";
        }
        try {
            JsonNode root = ResultJson.mapper().readTree(results.toFile());
            int count = root != null && root.isArray() ? root.size() : 0;
            return count == 1 ? "the 1 configuration that finished is kept in " + RESULTS_FILE
                    : "the " + count + " configurations that finished are kept in " + RESULTS_FILE;
        } catch (IOException e) {
            return RESULTS_FILE + " cannot be read: " + e.getMessage();
        }
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace("\r", " ").replace("\n", " ").strip();
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
