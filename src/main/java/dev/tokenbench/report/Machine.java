package dev.tokenbench.report;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The machine and software facts of one input, from its {@code env.json} (or a plain-API result's environment).
 *
 * @param cpuModel          CPU model name
 * @param cores             processors available to the JVM
 * @param memoryBytes       physical memory
 * @param os                operating system name, version and architecture
 * @param jvm               JVM name, vendor and version
 * @param versions          tokenbench, DJL, PyTorch, JMH and java-llama.cpp versions
 * @param gitCommit         the commit tokenbench was built from, with {@code (dirty)} when it had local changes
 * @param date              when the run started (from a run folder's name, {@code yyyy-MM-ddTHH:mm:ssZ}), if known
 * @param hostName          the machine's host name, if known
 */
public record Machine(String cpuModel, int cores, OptionalLong memoryBytes, String os, String jvm, String versions,
                      Optional<String> gitCommit, Optional<String> date, Optional<String> hostName) {

    public Machine {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(cpuModel, "cpuModel");
        Objects.requireNonNull(memoryBytes, "memoryBytes");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(jvm, "jvm");
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(gitCommit, "gitCommit");
        Objects.requireNonNull(date, "date");
    }

    /** What makes two runs' speeds comparable: CPU model, cores and memory. */
    public String hardware() {
        return cpuModel + ", " + cores + " cores, " + (memoryBytes.isPresent()
                ? String.format(java.util.Locale.ROOT, "%.1f GiB", memoryBytes.getAsLong() / (1024.0 * 1024 * 1024)) : "memory unknown");
    }

    /**
     * Which machine this is, for deciding whether two runs' speeds can be compared raw: the hardware and, where known,
     * the host name (two hosts of the same hardware still differ: other tenants, firmware, cooling).
     */
    public String identity() {
        return hardware() + hostName.map(host -> ", host " + host).orElse("");
    }

    /** The same facts with the date set. */
    Machine withDate(Optional<String> runDate) {
        return new Machine(cpuModel, cores, memoryBytes, os, jvm, versions, gitCommit, runDate, hostName);
    }
}
