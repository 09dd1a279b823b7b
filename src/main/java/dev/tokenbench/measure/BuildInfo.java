package dev.tokenbench.measure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * Versions baked into the jar at build time ({@code dev/tokenbench/build.properties}, filtered by Maven): this
 * project's version and commit, and the versions of the frameworks it bundles.
 */
public record BuildInfo(
        String tokenbenchVersion,
        Optional<String> gitCommit,
        boolean gitDirty,
        String djlVersion,
        String pytorchVersion,
        String jmhVersion,
        String llamaCppJavaVersion) {

    private static final String RESOURCE = "/dev/tokenbench/build.properties";

    /** The build facts of the running jar (or of the compiled classes, in tests). */
    public static BuildInfo current() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath: rebuild with mvn package");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String commit = properties.getProperty("git.commit", "");
        return new BuildInfo(
                value(properties, "version"),
                commit.isBlank() || commit.startsWith("${") ? Optional.empty() : Optional.of(commit),
                Boolean.parseBoolean(properties.getProperty("git.dirty", "false")),
                value(properties, "djl.version"),
                value(properties, "pytorch.version"),
                value(properties, "jmh.version"),
                value(properties, "llama.version"));
    }

    private static String value(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.startsWith("${")) {
            return "unknown";
        }
        return value;
    }

    /** The first 10 characters of the commit, or {@code nocommit}: a short label for run folders. */
    public String shortCommit() {
        return gitCommit.map(c -> c.length() > 10 ? c.substring(0, 10) : c).orElse("nocommit");
    }
}
