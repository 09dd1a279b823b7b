package dev.tokenbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code serve}'s refusals before anything is opened; serving itself is tested in {@code dev.tokenbench.serve}. */
class ServeCommandTest {

    @Test
    void serve_badInput_oneLineAndExit2() {
        Cli badBatch = Cli.execute("serve", "--framework", "fake", "--model", "zero", "--max-batch", "0");
        assertThat(badBatch.exitCode()).isEqualTo(2);
        assertThat(badBatch.err().strip()).startsWith("tokenbench serve: --max-batch, --threads and --max-tokens-limit must be >= 1");

        Cli client = Cli.execute("serve", "--framework", "openai", "--model", "http://127.0.0.1:1/v1#m");
        assertThat(client.exitCode()).isEqualTo(2);
        assertThat(client.err().strip()).isEqualTo("tokenbench serve: --framework openai is a client of a server; serve djl-pytorch, llama.cpp or fake");

        Cli unknownModel = Cli.execute("serve", "--framework", "fake", "--model", "nope");
        assertThat(unknownModel.exitCode()).isEqualTo(2);
        assertThat(unknownModel.err().strip()).startsWith("tokenbench serve: unknown model 'nope' for framework fake");
    }

    @Test
    void help_listsServe() {
        assertThat(Cli.execute("--help").out()).contains("serve");
        assertThat(Cli.execute("serve", "--help").out()).contains("--max-batch", "--max-queue", "--host", "--batch-window-ms");
    }

    @Test
    void batchWindow_negative_isUsageErrorNamingTheFlag() {
        Cli negative = Cli.execute("serve", "--framework", "fake", "--model", "zero", "--batch-window-ms", "-1");
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err().strip()).isEqualTo("tokenbench serve: --batch-window-ms must be from 0 to 60000 (milliseconds), was -1");
    }
}
