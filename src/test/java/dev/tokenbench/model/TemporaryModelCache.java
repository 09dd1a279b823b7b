package dev.tokenbench.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points {@link ModelCache#defaultCache()} at a fresh temporary folder for one test class
 * ({@code @ExtendWith(TemporaryModelCache.class)}), so tests never touch the user's cache.
 */
public final class TemporaryModelCache implements BeforeAllCallback, AfterAllCallback {

    private static final String PROPERTY = "tokenbench.home";
    private Path home;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        home = Files.createTempDirectory("tokenbench-home-");
        System.setProperty(PROPERTY, home.toString());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        System.clearProperty(PROPERTY);
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
