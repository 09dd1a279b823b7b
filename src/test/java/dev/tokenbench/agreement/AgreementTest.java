package dev.tokenbench.agreement;

import dev.tokenbench.measure.RunFolder;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgreementTest {

    @TempDir
    Path dir;

    @Test
    void of_divergingAtThree_countsMatchesAndTakesTheReferenceMarginThere() {
        float[][] logits = new float[5][];
        for (int t = 0; t < 5; t++) {
            logits[t] = new float[] {0f, 1f, 2f, 3f};
        }
        logits[3] = new float[] {9f, 1f, 2.5f, 2.25f}; // id 0 excluded: top-2 of the rest is 2.5 - 2.25
        Agreement agreement = Agreement.of("tiny", "f32", 16, "llama.cpp", "djl-pytorch",
                new int[] {3, 3, 3, 3, 1}, new int[] {3, 3, 3, 2, 1}, logits, new int[] {0});

        assertThat(agreement.matchingTokens()).isEqualTo(4);
        assertThat(agreement.totalTokens()).isEqualTo(5);
        assertThat(agreement.share()).isEqualTo(0.8);
        assertThat(agreement.firstDivergence()).isEqualTo(3);
        assertThat(agreement.marginAtDivergence()).isEqualTo(0.25);
    }

    @Test
    void of_identical_hasNoDivergenceAndNoMargin() {
        Agreement agreement = Agreement.of("tiny", "f32", 16, "llama.cpp", "djl-pytorch", new int[] {1, 2}, new int[] {1, 2},
                new float[][] {{0f, 1f, 0f}, {0f, 0f, 1f}}, new int[0]);
        assertThat(agreement.share()).isEqualTo(1.0);
        assertThat(agreement.firstDivergence()).isNull();
        assertThat(agreement.marginAtDivergence()).isNull();
    }

    @Test
    void file_roundTrip_keepsEveryFieldAndWritesNullsExplicitly() throws IOException {
        List<Agreement> rows = List.of(
                new Agreement("tiny", "f32", 128, 64, "llama.cpp", "djl-pytorch", 64, 64, 1.0, null, null),
                new Agreement("small", "q8_0", 128, 64, "llama.cpp", "djl-pytorch", 40, 64, 0.625, 40, 0.0125));
        Path file = dir.resolve(RunFolder.AGREEMENT_FILE);
        AgreementFile.write(file, rows);

        assertThat(AgreementFile.read(file)).isEqualTo(rows);
        String json = Files.readString(file);
        assertThat(json).contains("\"firstDivergence\" : null").contains("\"marginAtDivergence\" : null")
                .contains("\"matchingTokens\" : 40").contains("\"reference\" : \"djl-pytorch\"");
    }
}
