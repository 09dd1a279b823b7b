package dev.tokenbench.model;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Where model folders come from: a preset name ({@code tiny}, {@code small}, {@code base}) resolves to a generated
 * folder under {@code <home>/models/<preset>-seed<seed>-v<generator version>/}, created on first use; anything else is
 * a path to a user's model folder.
 *
 * <p>Home is the system property {@code tokenbench.home}, else the environment variable {@code TOKENBENCH_HOME}, else
 * {@code ~/.cache/tokenbench}. A preset is generated into a temporary sibling folder and renamed into place
 * atomically, so a killed run never leaves half a model. Generation holds a lock file next to the folder, so two
 * JVMs (JMH forks) asking at once generate it once: the second waits and then finds it.
 */
public final class ModelCache {

    /** The seed presets are generated with unless one is given. */
    public static final long DEFAULT_SEED = 42;

    /**
     * Version of the generated weights and tokenizer, part of the folder name: bump it whenever {@link ModelGenerator}
     * or {@link BpeVocabulary} changes its output, so stale folders are never reused.
     */
    static final int GENERATOR_VERSION = 1;

    /** Guards generation inside one JVM; the file lock guards it across JVMs (it cannot be taken twice by one JVM). */
    private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path home;

    /** A cache rooted at {@code home}. */
    public ModelCache(Path home) {
        this.home = home;
    }

    /** The cache at {@code tokenbench.home}, {@code $TOKENBENCH_HOME} or {@code ~/.cache/tokenbench}. */
    public static ModelCache defaultCache() {
        String property = System.getProperty("tokenbench.home");
        if (property != null && !property.isBlank()) {
            return new ModelCache(Path.of(property));
        }
        String environment = System.getenv("TOKENBENCH_HOME");
        if (environment != null && !environment.isBlank()) {
            return new ModelCache(Path.of(environment));
        }
        return new ModelCache(Path.of(System.getProperty("user.home"), ".cache", "tokenbench"));
    }

    public Path home() {
        return home;
    }

    /** {@link #resolve(String, long)} with {@link #DEFAULT_SEED}. */
    public Path resolve(String presetOrPath) throws IOException {
        return resolve(presetOrPath, DEFAULT_SEED);
    }

    /**
     * The model folder for a preset name (generated with {@code seed} if absent) or for a path to an existing folder.
     *
     * @throws ModelFormatException if the name is neither a preset nor an existing folder
     */
    public Path resolve(String presetOrPath, long seed) throws IOException {
        var preset = ModelPreset.byName(presetOrPath);
        if (preset.isPresent()) {
            return presetFolder(preset.get(), seed);
        }
        Path path = Path.of(presetOrPath);
        if (!Files.isDirectory(path)) {
            throw new ModelFormatException("unknown model " + presetOrPath + ": not a preset (" + ModelPreset.names()
                    + ") and no folder at " + path.toAbsolutePath());
        }
        return path;
    }

    /** The folder of {@code preset} with {@code seed}, generating it first if it does not exist. */
    public Path presetFolder(ModelPreset preset, long seed) throws IOException {
        Path models = home.resolve("models");
        String name = preset.presetName() + "-seed" + seed + "-v" + GENERATOR_VERSION;
        Path folder = models.resolve(name);
        if (Files.isDirectory(folder)) {
            return folder;
        }
        Files.createDirectories(models);
        synchronized (JVM_LOCKS.computeIfAbsent(folder.toAbsolutePath(), key -> new Object())) {
            try (FileChannel lockFile = FileChannel.open(models.resolve("." + name + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                FileLock lock = lockFile.lock();
                try {
                    if (!Files.isDirectory(folder)) {
                        generate(preset, seed, models, name, folder);
                    }
                    return folder;
                } finally {
                    lock.release();
                }
            }
        }
    }

    private static void generate(ModelPreset preset, long seed, Path models, String name, Path folder) throws IOException {
        deleteLeftovers(models, "." + name + ".tmp-");
        try {
            generateInto(preset, seed, folder);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            if (!Files.isDirectory(folder)) {
                throw e;
            }
        }
    }

    /**
     * Generates {@code preset} with {@code seed} as the new folder {@code folder}: written into a temporary sibling
     * and renamed into place, so the folder either appears whole or not at all.
     *
     * @throws FileAlreadyExistsException if {@code folder} already exists
     */
    public static void generateInto(ModelPreset preset, long seed, Path folder) throws IOException {
        Path target = folder.toAbsolutePath();
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target + ": already exists; choose a new folder for the model or delete it first");
        }
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
        try {
            ModelGenerator.generate(preset, seed, temporary);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            }
        } finally {
            deleteRecursively(temporary);
        }
    }

    /** Deletes temporary folders that killed runs left behind; only called while holding the lock. */
    private static void deleteLeftovers(Path models, String prefix) throws IOException {
        try (Stream<Path> entries = Files.list(models)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (entry.getFileName().toString().startsWith(prefix)) {
                    deleteRecursively(entry);
                    System.err.println("tokenbench: removed " + entry + ", left by a model generation that was interrupted; generating again");
                }
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
