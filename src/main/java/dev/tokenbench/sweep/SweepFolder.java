package dev.tokenbench.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenbench.measure.AtomicFiles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The layout of a sweep folder, and the only code that knows its file names:
 *
 * <pre>
 * index.json                        the {@link SweepIndex}
 * spec.json                         the spec file as given
 * runs/&lt;configuration id&gt;/round-&lt;r&gt;/   one run folder per run: jmh.json, env.json, samples.jsonl, failures.json,
 *                                   output.log (the JMH host's output) and result.json (status, seconds, reason)
 * </pre>
 *
 * <p>A run is written into {@code runs/<id>/.round-<r>.partial} and renamed to {@code round-<r>} once its
 * {@code result.json} is in it, so a run folder is either whole or absent; a killed sweep leaves at most one
 * partial folder, which the next start deletes and runs again.
 */
public final class SweepFolder {

    /** The index's file name. */
    public static final String INDEX_FILE = "index.json";
    /** The copy of the spec file. */
    public static final String SPEC_FILE = "spec.json";
    /** The folder of run folders. */
    public static final String RUNS_FOLDER = "runs";
    /** A finished run's record, inside its run folder. */
    public static final String RESULT_FILE = "result.json";
    /** The JMH host's output of one run, inside its run folder. */
    public static final String LOG_FILE = "output.log";
    /** Held (locked) by the sweep running in the folder. */
    static final String LOCK_FILE = ".lock";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PARTIAL_SUFFIX = ".partial";

    private final Path root;

    public SweepFolder(Path root) {
        this.root = root;
    }

    /** The sweep folder. */
    public Path root() {
        return root;
    }

    /**
     * Takes the folder for one running sweep, so that two starts never run the same runs at once.
     *
     * @return the lock; close it when the sweep ends (the operating system releases it if the process dies)
     * @throws IllegalArgumentException naming the other process (its id, host and start) if another process holds it
     */
    public java.io.Closeable lock() throws IOException {
        return dev.tokenbench.measure.FolderLock.acquire(root.resolve(LOCK_FILE), dev.tokenbench.measure.FolderLock.thisProcess(),
                "wait for it, or run into another --out folder");
    }

    /** Whether a sweep has been started here (an index exists). */
    public boolean hasIndex() {
        return Files.isRegularFile(root.resolve(INDEX_FILE));
    }

    /** The index, if a sweep has been started here. */
    public Optional<SweepIndex> readIndex() throws IOException {
        Path file = root.resolve(INDEX_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text; not a tokenbench sweep index", e);
        }
        return Optional.of(SweepIndex.fromJson(text, file.toString()));
    }

    /** Writes the index atomically. */
    public void writeIndex(SweepIndex index) throws IOException {
        AtomicFiles.writeString(root.resolve(INDEX_FILE), index.toJson());
    }

    /** Copies the spec file's text, atomically. */
    public void writeSpec(String text) throws IOException {
        AtomicFiles.writeString(root.resolve(SPEC_FILE), text);
    }

    /** The finished folder of a run. */
    public Path runFolder(String runKey) {
        return root.resolve(RUNS_FOLDER).resolve(runKey);
    }

    /** A fresh, empty folder to write a run into before it is finished (any leftover of a killed sweep is deleted). */
    public Path newPartialFolder(String runKey) throws IOException {
        Path partial = partialFolder(runKey);
        deleteTree(partial);
        Files.createDirectories(partial);
        return partial;
    }

    /**
     * Writes the run's record into its partial folder and renames that into place, replacing the folder of an
     * earlier failed attempt.
     */
    public void finish(String runKey, RunRecord record) throws IOException {
        Path partial = partialFolder(runKey);
        ObjectNode node = MAPPER.createObjectNode();
        node.put("run", record.key());
        node.put("status", record.status().key());
        record.seconds().ifPresent(seconds -> node.put("seconds", Math.round(seconds * 1000) / 1000.0));
        record.reason().ifPresent(reason -> node.put("reason", reason));
        AtomicFiles.writeString(partial.resolve(RESULT_FILE), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
        Path target = runFolder(runKey);
        deleteTree(target);
        AtomicFiles.moveIntoPlace(partial, target);
    }

    /**
     * Completes the runs a crash interrupted after their record was written: a partial folder holding its
     * {@value #RESULT_FILE} (written atomically, after every other file of the run) is a finished run whose rename into
     * place (and index update) did not happen, so it is renamed into place now instead of being run again.
     *
     * @return the keys of the runs completed
     */
    public java.util.List<String> completeFinishedPartials() throws IOException {
        java.util.List<String> completed = new java.util.ArrayList<>();
        Path runs = root.resolve(RUNS_FOLDER);
        if (!Files.isDirectory(runs)) {
            return completed;
        }
        try (DirectoryStream<Path> configurations = Files.newDirectoryStream(runs, Files::isDirectory)) {
            for (Path configuration : configurations) {
                try (DirectoryStream<Path> partials = Files.newDirectoryStream(configuration, ".round-*" + PARTIAL_SUFFIX)) {
                    for (Path partial : partials) {
                        Path file = partial.resolve(RESULT_FILE);
                        if (!Files.isRegularFile(file)) {
                            continue;
                        }
                        RunRecord record = readRecord(file);
                        Path target = runFolder(record.key());
                        if (!target.getParent().equals(configuration) || !partialFolder(record.key()).equals(partial)) {
                            throw new IllegalArgumentException(file + ": names run " + record.key() + ", not the run of its folder");
                        }
                        deleteTree(target);
                        AtomicFiles.moveIntoPlace(partial, target);
                        completed.add(record.key());
                    }
                }
            }
        }
        return completed;
    }

    /** The records of every finished run found on disk, by run key. */
    public Map<String, RunRecord> readRecords() throws IOException {
        Map<String, RunRecord> records = new LinkedHashMap<>();
        Path runs = root.resolve(RUNS_FOLDER);
        if (!Files.isDirectory(runs)) {
            return records;
        }
        try (DirectoryStream<Path> configurations = Files.newDirectoryStream(runs, Files::isDirectory)) {
            for (Path configuration : configurations) {
                try (DirectoryStream<Path> rounds = Files.newDirectoryStream(configuration, "round-*")) {
                    for (Path round : rounds) {
                        Path file = round.resolve(RESULT_FILE);
                        if (Files.isRegularFile(file)) {
                            RunRecord record = readRecord(file);
                            records.put(record.key(), record);
                        }
                    }
                }
            }
        }
        return records;
    }

    static RunRecord readRecord(Path file) throws IOException {
        JsonNode node;
        try {
            node = MAPPER.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": malformed JSON: " + e.getOriginalMessage().replaceAll("\\R", " "));
        } catch (java.io.CharConversionException e) {
            throw new IllegalArgumentException(file + ": not a UTF-8 JSON file (" + e.getMessage() + ")", e);
        }
        if (node == null || !node.hasNonNull("run") || !node.hasNonNull("status")) {
            throw new IllegalArgumentException(file + ": not a run record (needs \"run\" and \"status\")");
        }
        return new RunRecord(node.get("run").asText(), RunStatus.of(node.get("status").asText()),
                node.has("seconds") ? OptionalDouble.of(node.get("seconds").asDouble()) : OptionalDouble.empty(),
                node.has("reason") ? Optional.of(node.get("reason").asText()) : Optional.empty());
    }

    private Path partialFolder(String runKey) {
        Path finished = runFolder(runKey);
        return finished.resolveSibling("." + finished.getFileName() + PARTIAL_SUFFIX);
    }

    /** Deletes a folder and everything in it, if it exists. */
    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException exception) throws IOException {
                if (exception != null) {
                    throw exception;
                }
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
