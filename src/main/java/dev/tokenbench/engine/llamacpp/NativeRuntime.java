package dev.tokenbench.engine.llamacpp;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import dev.tokenbench.model.ModelCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * llama.cpp's native library, loaded once per JVM: {@code libjllama.so} (or {@code .dylib}, {@code .dll}) from the
 * de.kherud:llama jar, which exports llama.cpp's whole C API and ggml's, extracted into a private folder and bound to
 * {@link LlamaCppLibrary} and {@link GgmlLibrary} with JNA; its log goes to {@link LlamaLog}.
 *
 * <p>The folder is {@code <tokenbench home>/run/llama.cpp-XXXX/} (deleted when the JVM exits): a fixed shared path
 * would let two JVMs overwrite each other's library, and java-llama.cpp's own loader deletes every file whose name
 * starts with {@code llama} or {@code jllama} in its extraction folder, so no folder is shared with it.
 * {@value #LIBRARY_PATH_PROPERTY} names an already extracted library instead. Nothing here starts a thread: llama.cpp's
 * compute threads are native (OpenMP) and never attached to the JVM.
 */
final class NativeRuntime {

    /** System property: the path of a {@code libjllama} to load instead of the one in the jar. */
    static final String LIBRARY_PATH_PROPERTY = "tokenbench.llamacpp.library";

    private static Path folder;
    private static LlamaLog log;

    private NativeRuntime() {
    }

    /** Loads and binds the library (once per JVM) and returns its log. */
    static synchronized LlamaLog load() {
        if (log == null) {
            Path library = extract();
            NativeLibrary nativeLibrary = NativeLibrary.getInstance(library.toString(), openOptions());
            Native.register(LlamaCppLibrary.class, nativeLibrary);
            Native.register(GgmlLibrary.class, nativeLibrary);
            LlamaLog created = LlamaLog.create(folder.resolve("llama.cpp.log"));
            LlamaCppLibrary.llama_log_set(created.callback(), null);
            LlamaCppLibrary.llama_backend_init();
            log = created;
        }
        return log;
    }

    /**
     * {@code dlopen} flags: {@code RTLD_LAZY | RTLD_LOCAL}, where JNA's default is {@code RTLD_GLOBAL}. The library
     * carries its own copy of the C++ standard library (about 1,700 exported {@code std::} symbols); loaded into the
     * global scope, those copies stand in for the system's in every library loaded after it, and libtorch then mixes
     * two copies of {@code std::locale}: compiling a TorchScript module (djl-pytorch's decoder) after llama.cpp had
     * loaded aborted the JVM ({@code free(): invalid pointer} in {@code std::regex}, under
     * {@code torch::jit::load}), as the main job's agreement check did. JNA finds every function through the
     * library's own handle, so nothing here needs the global scope.
     */
    static java.util.Map<String, Object> openOptions() {
        if (Platform.isWindows()) {
            return java.util.Map.of();
        }
        int lazy = 0x1;
        int local = Platform.isMac() ? 0x4 : 0x0;
        return java.util.Map.of(com.sun.jna.Library.OPTION_OPEN_FLAGS, lazy | local);
    }

    /** The resource path of the library for this OS and architecture, as de.kherud:llama lays its jar out. */
    static String resourcePath() {
        String os = Platform.isMac() ? "Mac" : Platform.isWindows() ? "Windows" : Platform.isAndroid() ? "Linux-Android" : "Linux";
        String arch = switch (Platform.ARCH) {
            case "x86-64" -> "x86_64";
            case "aarch64" -> "aarch64";
            case "x86" -> "x86";
            default -> Platform.ARCH;
        };
        String name = Platform.isMac() ? "libjllama.dylib" : Platform.isWindows() ? "jllama.dll" : "libjllama.so";
        return "de/kherud/llama/" + os + "/" + arch + "/" + name;
    }

    private static Path extract() {
        try {
            Path run = ModelCache.defaultCache().home().resolve("run");
            Files.createDirectories(run);
            folder = Files.createTempDirectory(run, "llama.cpp-");
            Path created = folder;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(created), "tokenbench-llama.cpp-cleanup"));
            String given = System.getProperty(LIBRARY_PATH_PROPERTY);
            if (given != null) {
                return Path.of(given);
            }
            String resource = resourcePath();
            Path target = folder.resolve(resource.substring(resource.lastIndexOf('/') + 1));
            try (InputStream in = NativeRuntime.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new UnsatisfiedLinkError("llama.cpp: no native library for " + Platform.RESOURCE_PREFIX + " in de.kherud:llama ("
                            + resource + " is not on the class path); set -D" + LIBRARY_PATH_PROPERTY + "=/path/to/libjllama");
                }
                Files.copy(in, target);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract llama.cpp's native library into a private folder: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort at exit: a leftover folder under run/ is harmless.
        }
    }
}
