package dev.tokenbench.engine;

import java.util.Objects;

/**
 * What an engine actually ran, as every result must state it.
 *
 * @param framework         framework name as used in {@code @Param}, e.g. {@code djl-pytorch}, {@code fake}
 * @param frameworkVersion  version of the framework's library or native runtime
 * @param precision         weight precision actually computed with, e.g. {@code f32}, {@code f16}, {@code q8_0}
 * @param threads           compute threads the engine was given
 * @param device            where it computes, e.g. {@code cpu}, {@code gpu0}
 * @param batchHandling     how a batch of prompts is served
 * @param promptCacheReused whether any state computed for an earlier request (prompt or KV cache) was reused
 * @param settings          the engine's own settings that change speed, as its users would name them (e.g.
 *                          {@code n_ubatch=512 flash_attn=off}); empty when the engine has none
 */
public record EngineInfo(
        String framework,
        String frameworkVersion,
        String precision,
        int threads,
        String device,
        BatchHandling batchHandling,
        boolean promptCacheReused,
        String settings) {

    /** Info of an engine without settings of its own. */
    public EngineInfo(String framework, String frameworkVersion, String precision, int threads, String device,
                      BatchHandling batchHandling, boolean promptCacheReused) {
        this(framework, frameworkVersion, precision, threads, device, batchHandling, promptCacheReused, "");
    }

    public EngineInfo {
        Objects.requireNonNull(framework, "framework");
        Objects.requireNonNull(frameworkVersion, "frameworkVersion");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(batchHandling, "batchHandling");
        Objects.requireNonNull(settings, "settings");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
    }
}
