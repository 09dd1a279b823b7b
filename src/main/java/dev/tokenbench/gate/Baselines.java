package dev.tokenbench.gate;

import dev.tokenbench.measure.RunFolder;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Saved baselines: named copies of runs under {@code results/baselines/NAME/}, each a run folder ({@link RunFolder})
 * that {@code gate --baseline NAME} resolves. A baseline is written into a temporary folder beside its place and renamed
 * into it, so a reader sees the old baseline or the new one, never half of one.
 */
public final class Baselines {

    /** Where baselines live by default, relative to the working folder. */
    public static final Path DEFAULT_ROOT = Path.of("results", "baselines");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Path root;

    /** The baselines under {@code root}. */
    public Baselines(Path root) {
        this.root = root;
    }

    /** Whether {@code text} can name a baseline: letters, digits, '.', '_' and '-', starting with a letter or digit. */
    public static boolean isName(String text) {
        return NAME.matcher(text).matches();
    }

    /** The baseline {@code name}'s folder, when it exists. */
    public Optional<Path> resolve(String name) {
        if (!isName(name)) {
            return Optional.empty();
        }
        Path folder = root.resolve(name);
        return Files.isRegularFile(RunFolder.at(folder).resultsFile()) ? Optional.of(folder) : Optional.empty();
    }

    /**
     * Saves {@code run} (a run folder, or a JMH JSON file with its companions beside it) as baseline {@code name},
     * replacing one of that name.
     *
     * @throws GateInputException when the name is not a plain name or the run cannot be read as tokenbench results
     */
    public Path save(String name, Path run) throws GateInputException, IOException {
        if (!isName(name)) {
            throw new GateInputException("--save-baseline " + name + ": a baseline name is letters, digits, '.', '_' and '-', starting"
                    + " with a letter or digit, e.g. main or v0.3");
        }
        GateRuns.read(List.of(run), "--current");
        RunFolder source = Files.isDirectory(run) ? RunFolder.at(run) : RunFolder.containing(run);
        Path resultsFile = Files.isDirectory(run) ? source.resultsFile() : run;
        Files.createDirectories(root);
        Path target = root.resolve(name);
        Path staging = Files.createTempDirectory(root, "." + name + ".tmp-");
        try {
            RunFolder staged = RunFolder.at(staging);
            Files.copy(resultsFile, staged.resultsFile());
            List<Path[]> companions = new ArrayList<>();
            companions.add(new Path[] {source.environmentFile(), staged.environmentFile()});
            companions.add(new Path[] {source.samplesFile(), staged.samplesFile()});
            companions.add(new Path[] {source.failuresFile(), staged.failuresFile()});
            companions.add(new Path[] {source.agreementFile(), staged.agreementFile()});
            for (Path[] companion : companions) {
                if (Files.isRegularFile(companion[0])) {
                    Files.copy(companion[0], companion[1]);
                }
            }
            Path old = null;
            if (Files.exists(target)) {
                old = root.resolve("." + name + ".old-" + System.nanoTime());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw new IOException("baseline " + target + " was written by someone else meanwhile; save again", e);
            }
            if (old != null) {
                deleteTree(old);
            }
            return target;
        } finally {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
