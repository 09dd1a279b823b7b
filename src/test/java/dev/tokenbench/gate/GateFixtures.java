package dev.tokenbench.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A gate result with every kind of row (regression, improvement, pass, inconclusive, absent figure, missing and new
 * workloads, a workload name that needs escaping), and the golden-file check. Run with {@code -Dgolden.update=true}
 * to rewrite the golden files after a deliberate change.
 */
public final class GateFixtures {

    private static final Path DIR = Path.of("src/test/resources/dev/tokenbench/gate/golden");

    private GateFixtures() {
    }

    /** Paired rounds: djl-pytorch slower and leaner, llama.cpp unchanged with too few ITL rounds and no memory figure, one workload missing, one new. */
    public static GateResult mixedResult() throws GateInputException {
        GateFigure tokens = GateFigures.byName("output.tokens_per_s").orElseThrow();
        GateFigure ttft = GateFigures.byName("ttft.p50").orElseThrow();
        GateFigure itl = GateFigures.byName("itl.mean").orElseThrow();
        GateFigure rss = GateFigures.byName("rss.peak").orElseThrow();
        String djl = "djl-pytorch tiny f32 b1 p32 n32";
        String llama = "llama.cpp tiny f32 b1 p32 n32 <q8|&>";
        double[] baseTokens = {500, 520, 480, 510, 495, 505};
        double[] jitter = {1.0, 1.01, 0.99, 1.005, 0.995, 1.002};
        Replicates baseline = new Replicates();
        Replicates current = new Replicates();
        for (int round = 0; round < baseTokens.length; round++) {
            double level = baseTokens[round] / 500;
            baseline.add(djl, tokens, baseTokens[round]).add(djl, ttft, 20 / level).add(djl, itl, 2 / level).add(djl, rss, 400e6 * jitter[round]);
            current.add(djl, tokens, baseTokens[round] * 0.8 * jitter[round]).add(djl, ttft, 20 / level * 1.03 * jitter[round])
                    .add(djl, itl, 2 / level * 1.02 / jitter[round]).add(djl, rss, 300e6 * jitter[(round + 1) % jitter.length]);
            baseline.add(llama, tokens, 900 * jitter[round]).add(llama, ttft, 8 / jitter[round]).add(llama, itl, 1.1 * jitter[round]);
            current.add(llama, tokens, 905 * jitter[(round + 2) % jitter.length]).add(llama, ttft, 8.1 / jitter[(round + 3) % jitter.length]);
            baseline.add("fake zero b1", tokens, 1e5 * jitter[round]);
        }
        current.add(llama, itl, 1.1).add(llama, itl, 1.3);
        baseline.add(llama, itl, 1.2);
        current.addWorkload("djl-pytorch tiny f32 b8 p32 n32");
        GateInput input = new GateInput(GateInput.Design.PAIRED_ROUNDS, trim(baseline, llama, itl, 2), current, Optional.empty());
        return Gate.evaluate(input, GateSettings.of(GateThresholds.parse(List.of("ttft.p50=5")), 0.01, 5, false));
    }

    /** Keeps only the first {@code count} values of one figure (so that it pairs with the other side). */
    private static Replicates trim(Replicates side, String workload, GateFigure figure, int count) {
        Replicates trimmed = new Replicates();
        for (String w : side.workloads()) {
            trimmed.addWorkload(w);
            for (GateFigure f : GateFigures.defaults()) {
                Optional<double[]> values = side.values(w, f);
                if (values.isEmpty()) {
                    continue;
                }
                double[] v = values.get();
                int n = w.equals(workload) && f.equals(figure) ? count : v.length;
                for (int i = 0; i < n; i++) {
                    trimmed.add(w, f, v[i]);
                }
            }
        }
        return trimmed;
    }

    /** Asserts {@code actual} equals the golden file {@code name}, or rewrites it with {@code -Dgolden.update=true}. */
    public static void assertGolden(String name, String actual) throws IOException {
        Path golden = DIR.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden file %s (rewrite with -Dgolden.update=true)", golden).exists();
        assertThat(actual).as("golden file %s (rewrite with -Dgolden.update=true)", golden).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
