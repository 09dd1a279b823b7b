package dev.tokenbench.engine.llamacpp;

import java.util.Locale;

/**
 * The llama.cpp context settings a llama.cpp user chooses beyond the thread count, named as llama.cpp names them.
 *
 * <p>The defaults are llama.cpp's own; the README's llama.cpp section gives what each choice measured on the default
 * workloads. Another choice is given to a run with the system property {@value #PROPERTY} (JMH:
 * {@code -jvmArgsAppend -Dtokenbench.llamacpp.options=flash_attn=on,n_ubatch=256}), which JMH's JSON records with
 * the fork's JVM arguments, and every engine states its settings in {@code EngineInfo.settings()}.
 *
 * @param flashAttention {@code flash_attn}: llama.cpp's fused attention kernel instead of separate KQ, softmax and KQV
 * @param microBatch     {@code n_ubatch}: most tokens one graph computes; a longer prompt batch is cut into pieces
 *                       of this size (prefill only: a decode step has B tokens)
 * @param kvCacheF32     {@code type_k}/{@code type_v}: the KV cache at F32 instead of llama.cpp's default F16
 */
public record LlamaCppSettings(boolean flashAttention, int microBatch, boolean kvCacheF32) {

    /** System property holding the settings, comma-separated {@code name=value} pairs. */
    public static final String PROPERTY = "tokenbench.llamacpp.options";
    /** llama.cpp's defaults ({@code llama_context_default_params()}). */
    public static final LlamaCppSettings DEFAULT = new LlamaCppSettings(false, 512, false);

    public LlamaCppSettings {
        if (microBatch < 1) {
            throw new IllegalArgumentException("n_ubatch must be >= 1, was " + microBatch);
        }
        if (flashAttention && kvCacheF32) {
            // llama.cpp b4916's CPU flash attention has no F32 K: it aborts the process (GGML_ASSERT) at the first decode.
            throw new IllegalArgumentException(PROPERTY + ": flash_attn=on needs type_kv=f16 (llama.cpp b4916 aborts on an F32 KV"
                    + " cache with flash attention on the CPU)");
        }
    }

    /** The settings of {@value #PROPERTY}, or {@link #DEFAULT} when it is not set. */
    public static LlamaCppSettings fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        return value == null ? DEFAULT : parse(value);
    }

    /**
     * Parses {@code flash_attn=on|off, n_ubatch=N, type_kv=f16|f32} (any subset, comma-separated); the rest stay at
     * their defaults.
     *
     * @throws IllegalArgumentException naming the bad pair and the valid ones
     */
    public static LlamaCppSettings parse(String text) {
        boolean flash = DEFAULT.flashAttention;
        int micro = DEFAULT.microBatch;
        boolean f32 = DEFAULT.kvCacheF32;
        for (String pair : text.split(",")) {
            String trimmed = pair.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int at = trimmed.indexOf('=');
            String name = at < 0 ? trimmed : trimmed.substring(0, at).strip();
            String value = at < 0 ? "" : trimmed.substring(at + 1).strip().toLowerCase(Locale.ROOT);
            switch (name) {
                case "flash_attn" -> flash = onOff(name, value);
                case "n_ubatch" -> micro = positive(name, value);
                case "type_kv" -> f32 = switch (value) {
                    case "f32" -> true;
                    case "f16" -> false;
                    default -> throw invalid(pair, "type_kv is f16 or f32");
                };
                default -> throw invalid(pair, "unknown setting '" + name + "'");
            }
        }
        return new LlamaCppSettings(flash, micro, f32);
    }

    /** As llama.cpp users write them, e.g. {@code flash_attn=off n_ubatch=512 type_kv=f16}. */
    public String describe() {
        return "flash_attn=" + (flashAttention ? "on" : "off") + " n_ubatch=" + microBatch + " type_kv=" + (kvCacheF32 ? "f32" : "f16");
    }

    private static boolean onOff(String name, String value) {
        return switch (value) {
            case "on", "true", "1" -> true;
            case "off", "false", "0" -> false;
            default -> throw invalid(name + "=" + value, name + " is on or off");
        };
    }

    private static int positive(String name, String value) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name + "=" + value, name + " is a positive integer");
    }

    private static IllegalArgumentException invalid(String pair, String why) {
        return new IllegalArgumentException(PROPERTY + ": '" + pair.strip() + "': " + why
                + "; valid: flash_attn=on|off, n_ubatch=N, type_kv=f16|f32 (comma-separated)");
    }
}
