package dev.tokenbench.measure;

import java.util.Objects;

/**
 * The framework that served a result, as the engine reported it.
 *
 * @param name              framework name, e.g. {@code djl-pytorch}
 * @param version           framework (and native runtime) version
 * @param device            where it computed, e.g. {@code cpu}
 * @param batchHandling     how it served a batch, e.g. {@code STATIC_BATCH}
 * @param promptCacheReused whether it reused state from an earlier request
 */
public record FrameworkInfo(String name, String version, String device, String batchHandling, boolean promptCacheReused) {

    public FrameworkInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(batchHandling, "batchHandling");
    }
}
