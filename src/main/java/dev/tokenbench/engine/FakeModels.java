package dev.tokenbench.engine;

import dev.tokenbench.model.ModelPreset;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code model} values of the {@code fake} framework: each names a programmed schedule of the scripted
 * engine ({@link FakeEngine.Timing}).
 *
 * <ul>
 *   <li>{@code zero}: no delays at all, so every figure is the harness's own cost;</li>
 *   <li>{@code paced}: 20 ms + 50 µs per prompt token to the first token, then 2 ms per token (TTFT 26.4 ms at
 *       a 128-token prompt);</li>
 *   <li>{@code timing:PREFILL/PER_PROMPT_TOKEN/ITL}: any schedule, each a duration with unit {@code ns},
 *       {@code us}, {@code ms} or {@code s}, e.g. {@code timing:20ms/50us/2ms};</li>
 *   <li>a preset name ({@code tiny}, {@code small}, {@code base}): zero delays, so that in a sweep such as
 *       {@code -p framework=djl-pytorch,fake -p model=tiny,small} every workload has the fake as its
 *       harness-cost baseline.</li>
 * </ul>
 */
public final class FakeModels {

    /** The zero-delay model. */
    public static final String ZERO = "zero";
    /** The paced model. */
    public static final String PACED = "paced";
    /** Prefix of a spelled-out schedule. */
    public static final String TIMING_PREFIX = "timing:";
    /** The schedule of {@link #PACED}. */
    public static final FakeEngine.Timing PACED_TIMING = new FakeEngine.Timing(20_000_000L, 50_000L, 2_000_000L);
    /** The valid values, for error messages. */
    public static final String VALID = ZERO + ", " + PACED + ", " + TIMING_PREFIX + "PREFILL/PER_PROMPT_TOKEN/ITL (e.g. timing:20ms/50us/2ms), or a preset ("
            + ModelPreset.names() + ") for zero delays";

    private FakeModels() {
    }

    /** The schedule a fake model names; empty if {@code model} is not a fake model. */
    public static Optional<FakeEngine.Timing> timing(String model) {
        if (model.equals(ZERO) || ModelPreset.byName(model).isPresent()) {
            return Optional.of(FakeEngine.Timing.ZERO);
        }
        if (model.equals(PACED)) {
            return Optional.of(PACED_TIMING);
        }
        if (!model.startsWith(TIMING_PREFIX)) {
            return Optional.empty();
        }
        String[] parts = model.substring(TIMING_PREFIX.length()).split("/", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        long[] nanos = new long[3];
        for (int i = 0; i < 3; i++) {
            OptionalNanos parsed = parseNanos(parts[i]);
            if (!parsed.valid) {
                return Optional.empty();
            }
            nanos[i] = parsed.nanos;
        }
        return Optional.of(new FakeEngine.Timing(nanos[0], nanos[1], nanos[2]));
    }

    private record OptionalNanos(boolean valid, long nanos) {
    }

    /** {@code 0}, or a non-negative decimal with unit ns, us, ms or s. */
    private static OptionalNanos parseNanos(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("0")) {
            return new OptionalNanos(true, 0);
        }
        long scale;
        String number;
        if (value.endsWith("ns")) {
            scale = 1;
            number = value.substring(0, value.length() - 2);
        } else if (value.endsWith("us")) {
            scale = 1_000;
            number = value.substring(0, value.length() - 2);
        } else if (value.endsWith("ms")) {
            scale = 1_000_000;
            number = value.substring(0, value.length() - 2);
        } else if (value.endsWith("s")) {
            scale = 1_000_000_000;
            number = value.substring(0, value.length() - 1);
        } else {
            return new OptionalNanos(false, 0);
        }
        try {
            double amount = Double.parseDouble(number);
            if (!(amount >= 0) || Double.isInfinite(amount) || number.isBlank() || !number.matches("[0-9.]+")) {
                return new OptionalNanos(false, 0);
            }
            return new OptionalNanos(true, Math.round(amount * scale));
        } catch (NumberFormatException e) {
            return new OptionalNanos(false, 0);
        }
    }
}
