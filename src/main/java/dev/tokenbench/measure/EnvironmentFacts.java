package dev.tokenbench.measure;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The machine and software facts every result carries, so that numbers from different runs can be compared
 * honestly (JMH's own JSON holds none of them).
 *
 * @param hostName            the machine's host name, when it can be read
 * @param cpuModel            CPU model name ({@code /proc/cpuinfo}), or the architecture when unknown
 * @param cpuFeatures         the CPU features that change inference speed (AVX2, AVX-512, FMA, F16C, BF16...)
 * @param availableProcessors processors available to the JVM
 * @param totalMemoryBytes    physical memory of the machine
 * @param osName              operating system name
 * @param osVersion           operating system (kernel) version
 * @param osArch              operating system architecture
 * @param jvmVendor           JVM vendor
 * @param jvmVersion          JVM version
 * @param jvmName             JVM name
 * @param build               this jar's version, commit and bundled framework versions
 */
public record EnvironmentFacts(
        Optional<String> hostName,
        String cpuModel,
        List<String> cpuFeatures,
        int availableProcessors,
        OptionalLong totalMemoryBytes,
        String osName,
        String osVersion,
        String osArch,
        String jvmVendor,
        String jvmVersion,
        String jvmName,
        BuildInfo build) {

    /** CPU flags (as {@code /proc/cpuinfo} names them) that matter for inference kernels. */
    static final Set<String> RELEVANT_CPU_FLAGS = Set.of(
            "sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512vl", "avx512_vnni",
            "avx512_bf16", "avx_vnni", "amx_bf16", "amx_int8", "asimd", "sve", "bf16");

    public EnvironmentFacts {
        cpuFeatures = List.copyOf(cpuFeatures);
    }

    /** Collects the facts of this machine and JVM. */
    public static EnvironmentFacts collect() {
        String cpuinfo = readOrEmpty(Path.of("/proc/cpuinfo"));
        String arch = System.getProperty("os.arch");
        return new EnvironmentFacts(
                readHostName(),
                cpuModel(cpuinfo).orElse(arch),
                cpuFeatures(cpuinfo),
                Runtime.getRuntime().availableProcessors(),
                readTotalMemoryBytes(),
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                arch,
                System.getProperty("java.vm.vendor"),
                System.getProperty("java.runtime.version", System.getProperty("java.version")),
                System.getProperty("java.vm.name"),
                BuildInfo.current());
    }

    /** The first {@code model name} (x86) or {@code Model} / {@code CPU part} (ARM) of a cpuinfo text. */
    static Optional<String> cpuModel(String cpuinfo) {
        for (String key : List.of("model name", "Model", "Hardware")) {
            for (String line : cpuinfo.split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    String value = line.substring(colon + 1).trim();
                    if (!value.isEmpty()) {
                        return Optional.of(value);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The relevant flags of the first processor of a cpuinfo text, sorted. */
    static List<String> cpuFeatures(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            if (key.equals("flags") || key.equals("Features")) {
                List<String> features = new ArrayList<>();
                for (String flag : line.substring(colon + 1).trim().split("\\s+")) {
                    if (RELEVANT_CPU_FLAGS.contains(flag)) {
                        features.add(flag);
                    }
                }
                features.sort(null);
                return features;
            }
        }
        return List.of();
    }

    private static OptionalLong readTotalMemoryBytes() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sunOs) {
            return OptionalLong.of(sunOs.getTotalMemorySize());
        }
        return OptionalLong.empty();
    }

    private static Optional<String> readHostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv);
        }
        try {
            return Optional.of(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String readOrEmpty(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return "";
        }
    }
}
