package dev.tokenbench.engine.llamacpp;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * llama.cpp's own log file ({@code ModelParameters.setLogFile}): where its timings and its reasons for failing to
 * load a model are, since java-llama.cpp exposes neither.
 *
 * <p>At the end of each request a slot prints {@code prompt eval time = X ms / P tokens} (the prompt's forward
 * pass, which ends with the first new token's logits) and {@code eval time = Y ms / N tokens} (from the first new
 * token to the last: N - 1 decode steps for N new tokens, although llama.cpp divides by N when it prints a
 * per-token figure). The log is written by a background thread, so a request's lines may appear a moment after its
 * last token.
 */
final class NativeLog {

    private static final Pattern PROMPT_EVAL = Pattern.compile("prompt eval time =\\s*([0-9.]+) ms /\\s*(\\d+) tokens");
    private static final Pattern EVAL = Pattern.compile("(?<!prompt )eval time =\\s*([0-9.]+) ms /\\s*(\\d+) tokens");

    /** One slot's timings of one request. */
    record SlotTimings(double promptEvalMillis, int promptTokens, double evalMillis, int evalTokens) {
        /** Mean time between two consecutive new tokens: the eval time over its N - 1 steps. */
        OptionalLong interTokenNanos() {
            return evalTokens > 1 ? OptionalLong.of(Math.round(evalMillis * 1e6 / (evalTokens - 1))) : OptionalLong.empty();
        }
    }

    private final Path file;

    NativeLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Bytes in the log now: where the next request's lines start. */
    long size() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The timings of {@code slots} slots printed after byte {@code from}, waiting up to {@code waitMillis} for the
     * log's writer thread; fewer (possibly none) if they do not appear in time.
     */
    List<SlotTimings> timingsSince(long from, int slots, long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (true) {
            List<SlotTimings> timings = parse(textSince(from));
            if (timings.size() >= slots || System.nanoTime() - deadline >= 0) {
                return timings;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return timings;
            }
        }
    }

    /** Pairs each {@code prompt eval time} line with the {@code eval time} line after it. */
    static List<SlotTimings> parse(String text) {
        List<SlotTimings> timings = new ArrayList<>();
        Matcher prompt = PROMPT_EVAL.matcher(text);
        Matcher eval = EVAL.matcher(text);
        int at = 0;
        while (prompt.find(at)) {
            if (!eval.find(prompt.end())) {
                break;
            }
            timings.add(new SlotTimings(Double.parseDouble(prompt.group(1)), Integer.parseInt(prompt.group(2)),
                    Double.parseDouble(eval.group(1)), Integer.parseInt(eval.group(2))));
            at = eval.end();
        }
        return timings;
    }

    /**
     * Why {@code model} failed to load, from the lines of its last load that report an error (waiting up to
     * {@code waitMillis} for them to be written): e.g.
     * {@code llama_model_load: error loading model: key not found in model: llama.block_count}.
     */
    String failureReason(Path model, long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        List<String> reasons = errorLines(lastLoad(model));
        while (reasons.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            reasons = errorLines(lastLoad(model));
        }
        return reasons.isEmpty() ? "no reason in llama.cpp's log " + file : String.join("; ", reasons.subList(0, Math.min(4, reasons.size())));
    }

    private static List<String> errorLines(String text) {
        List<String> reasons = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if ((lower.contains("error") || lower.contains("failed") || lower.contains("invalid")) && !reasons.contains(line.strip())) {
                reasons.add(line.strip());
            }
        }
        return reasons;
    }

    /** The log from the last line that announces loading {@code model}. */
    private String lastLoad(Path model) {
        String text = textSince(0);
        int at = text.lastIndexOf("loading model '" + model);
        return at < 0 ? text : text.substring(at);
    }

    private String textSince(long from) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= from) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length - from, 16 << 20)];
            in.seek(from);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
