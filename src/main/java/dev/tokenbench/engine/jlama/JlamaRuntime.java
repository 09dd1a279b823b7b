package dev.tokenbench.engine.jlama;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What running Jlama takes, and which JVM runs the {@code jlama} forks.
 *
 * <p>Jlama 0.8.4 is compiled for Java 20 and computes with the incubating Vector API, so a JVM runs it when its feature
 * version is at least {@value #MIN_FEATURE} and it was started with {@code --add-modules jdk.incubator.vector}; on 21,
 * where the foreign-memory API Jlama uses is still a preview, also with {@code --enable-preview}. tokenbench itself
 * stays on Java 17: the host picks a Java 21+ {@code java} for the jlama forks ({@link #forkJava}).
 */
public final class JlamaRuntime {

    /** Lowest Java feature version that runs Jlama. */
    public static final int MIN_FEATURE = 21;
    /** Environment variable naming the {@code java} (or JDK folder) the jlama forks run on. */
    public static final String JVM_ENV = "TOKENBENCH_JLAMA_JVM";
    /** System property naming it; wins over {@value #JVM_ENV}. */
    public static final String JVM_PROPERTY = "tokenbench.jlama.jvm";
    /** The engine class, compiled for Java 21 from {@code src/jlama/java} when the build had a JDK 21+. */
    static final String ENGINE_CLASS = "dev.tokenbench.engine.jlama.JlamaEngine";
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final Pattern VERSION = Pattern.compile("version \"(\\d+)");

    private JlamaRuntime() {
    }

    /**
     * JVM options a fork of feature version {@code feature} needs to run Jlama: the vector module; on 21 the preview
     * features (the foreign-memory API is final from 22); from 22 native access for JNA and DJL, and from 24 Unsafe
     * memory access for Jlama's JCTools, which those JVMs otherwise allow only with a warning on the fork's output.
     */
    public static List<String> forkJvmArgs(int feature) {
        List<String> args = new ArrayList<>(List.of("--add-modules=" + VECTOR_MODULE));
        if (feature < 22) {
            args.add("--enable-preview");
        } else {
            args.add("--enable-native-access=ALL-UNNAMED");
        }
        if (feature >= 24) {
            args.add("--sun-misc-unsafe-memory-access=allow");
        }
        return List.copyOf(args);
    }

    /** Whether this jar holds the engine (it was built with a JDK 21+; see the README). */
    public static boolean engineBuilt() {
        return JlamaRuntime.class.getClassLoader().getResource(ENGINE_CLASS.replace('.', '/') + ".class") != null;
    }

    /** The one line saying how to build a jar that holds the engine. */
    static String notBuiltMessage() {
        return "framework jlama is not in this build: it was built without a JDK 21+; rebuild with one"
                + " (mvn -B -q package -DskipTests -Djlama.jdk=/path/to/jdk-21+, found by itself at /usr/lib/jvm/temurin-25-jdk-amd64)";
    }

    /**
     * Why this JVM cannot run Jlama, or empty when it can: a feature version below {@value #MIN_FEATURE}, or the vector
     * module not added.
     */
    public static Optional<String> problemOfThisJvm() {
        return problem(engineBuilt(), Runtime.version().feature(), ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent());
    }

    /** {@link #problemOfThisJvm()} on given facts, for tests. */
    static Optional<String> problem(boolean built, int feature, boolean vectorModule) {
        if (!built) {
            return Optional.of(notBuiltMessage());
        }
        if (feature < MIN_FEATURE) {
            return Optional.of("framework jlama needs Java " + MIN_FEATURE + "+ and this JVM is Java " + feature
                    + "; run it with a JDK 21+: java --add-modules " + VECTOR_MODULE + " -jar target/benchmarks.jar ... (the JMH suite picks one"
                    + " by itself: set " + JVM_ENV + "=/path/to/jdk-21+/bin/java)");
        }
        if (!vectorModule) {
            return Optional.of("framework jlama needs the Vector API: start this JVM with --add-modules " + VECTOR_MODULE
                    + (feature < 22 ? " --enable-preview" : ""));
        }
        return Optional.empty();
    }

    /**
     * A {@code java} for the jlama forks, chosen before any fork starts:
     * <ol>
     *   <li>the one named by {@value #JVM_PROPERTY} or {@value #JVM_ENV} (a {@code java} executable or a JDK folder),
     *       which must be Java {@value #MIN_FEATURE}+;</li>
     *   <li>else this JVM's own {@code java} when it is {@value #MIN_FEATURE}+;</li>
     *   <li>else the newest JDK {@value #MIN_FEATURE}+ in {@code /usr/lib/jvm} (Linux packages and installers) or
     *       {@code /Library/Java/JavaVirtualMachines} (macOS), by the {@code release} file of each.</li>
     * </ol>
     *
     * @throws IllegalArgumentException in one line saying how to name one, when none is found
     */
    public static ForkJava forkJava() {
        if (!engineBuilt()) {
            throw new IllegalArgumentException(notBuiltMessage());
        }
        return forkJava(System.getProperty(JVM_PROPERTY, System.getenv(JVM_ENV)), Path.of(System.getProperty("java.home")),
                Runtime.version().feature(), List.of(Path.of("/usr/lib/jvm"), Path.of("/Library/Java/JavaVirtualMachines")),
                JlamaRuntime::featureOf);
    }

    /** {@link #forkJava()} on given facts, for tests. */
    static ForkJava forkJava(String named, Path javaHome, int feature, List<Path> jvmFolders, Function<Path, OptionalInt> featureOf) {
        if (named != null && !named.isBlank()) {
            Path java = executable(Path.of(named.strip()));
            OptionalInt version = featureOf.apply(java);
            if (version.isEmpty()) {
                throw new IllegalArgumentException(JVM_ENV + "=" + named + ": no Java runtime there; name a JDK 21+ folder or its bin/java");
            }
            if (version.getAsInt() < MIN_FEATURE) {
                throw new IllegalArgumentException(JVM_ENV + "=" + named + " is Java " + version.getAsInt() + "; framework jlama needs Java "
                        + MIN_FEATURE + "+: name a JDK 21+ folder or its bin/java");
            }
            return new ForkJava(java, version.getAsInt());
        }
        if (feature >= MIN_FEATURE) {
            return new ForkJava(javaHome.resolve("bin").resolve("java"), feature);
        }
        List<ForkJava> found = new ArrayList<>();
        for (Path folder : jvmFolders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (DirectoryStream<Path> homes = Files.newDirectoryStream(folder)) {
                for (Path home : homes) {
                    Path java = executable(Files.isDirectory(home.resolve("Contents/Home")) ? home.resolve("Contents/Home") : home);
                    if (Files.isSymbolicLink(home) || !Files.isExecutable(java)) {
                        continue;
                    }
                    OptionalInt version = featureOf.apply(java);
                    if (version.isPresent() && version.getAsInt() >= MIN_FEATURE) {
                        found.add(new ForkJava(java, version.getAsInt()));
                    }
                }
            } catch (IOException e) {
                // an unreadable folder holds no usable JDK
            }
        }
        return found.stream().max(Comparator.comparingInt(ForkJava::feature).thenComparing(f -> f.java().toString()))
                .orElseThrow(() -> new IllegalArgumentException("framework jlama needs a Java " + MIN_FEATURE + "+ JVM for its forks and"
                        + " this one is Java " + feature + " with none found in " + jvmFolders.get(0) + ": set " + JVM_ENV
                        + "=/path/to/jdk-21+/bin/java, or run tokenbench itself on Java 21+"));
    }

    /** A folder's {@code bin/java}, or the path itself when it is not a folder. */
    static Path executable(Path javaOrHome) {
        return Files.isDirectory(javaOrHome) ? javaOrHome.resolve("bin").resolve("java") : javaOrHome;
    }

    /**
     * The feature version of a {@code java}: from {@code JAVA_VERSION} of the {@code release} file of its JDK folder,
     * else from what {@code java -version} prints; empty when neither tells.
     */
    static OptionalInt featureOf(Path java) {
        Path release = java.toAbsolutePath().getParent() == null ? null : java.toAbsolutePath().getParent().resolveSibling("release");
        if (release != null && Files.isRegularFile(release)) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(release)) {
                properties.load(in);
                OptionalInt feature = feature(properties.getProperty("JAVA_VERSION", ""));
                if (feature.isPresent()) {
                    return feature;
                }
            } catch (IOException e) {
                // fall back to asking the runtime
            }
        }
        if (!Files.isExecutable(java)) {
            return OptionalInt.empty();
        }
        try {
            Process process = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return OptionalInt.empty();
            }
            Matcher matcher = VERSION.matcher(text);
            return matcher.find() ? feature(matcher.group(1)) : OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** The feature number of a version string: {@code "25.0.1"} is 25, {@code "1.8.0_402"} is 8. */
    static OptionalInt feature(String version) {
        String v = version.replace("\"", "").strip();
        Matcher matcher = Pattern.compile("^(\\d+)(?:\\.(\\d+))?").matcher(v);
        if (!matcher.find()) {
            return OptionalInt.empty();
        }
        int first = Integer.parseInt(matcher.group(1));
        return OptionalInt.of(first == 1 && matcher.group(2) != null ? Integer.parseInt(matcher.group(2)) : first);
    }

    /**
     * The {@code java} the jlama forks run on and its feature version.
     *
     * @param java    the executable
     * @param feature its Java feature version
     */
    public record ForkJava(Path java, int feature) {

        /** The JVM options a jlama fork needs on it. */
        public List<String> jvmArgs() {
            return forkJvmArgs(feature);
        }
    }

    /** Whether {@code framework} names this engine. */
    public static boolean isJlama(String framework) {
        return JlamaProvider.FRAMEWORK.equals(framework);
    }
}
