package dev.tokenbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenbench.measure.ResultJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadCommandTest {

    @TempDir
    Path dir;

    @Test
    void closedLoop_fakeServedInProcess_writesEveryRequestAndTheReport() throws Exception {
        Path out = dir.resolve("closed");

        Cli cli = Cli.execute("load", "--model", "serve:fake/zero", "--concurrency", "2", "--requests", "6", "--prompt-tokens", "8",
                "--new-tokens", "4", "--warmup", "1", "--out", out.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("load.requests_per_s", "goodput.requests_per_s", "slo.attainment", "closed loop, 2 streams",
                "SLO: mlperf-llama2-70b (p99 TTFT <= 2000 ms, p99 TPOT <= 200 ms)");
        List<String> lines = Files.readAllLines(out.resolve("load-requests.jsonl"));
        assertThat(lines).hasSize(6);
        JsonNode first = ResultJson.mapper().readTree(lines.get(0));
        assertThat(first.get("episode").asInt()).isZero();
        assertThat(first.get("outputTokens").asInt()).isEqualTo(4);
        assertThat(first.get("promptTokens").asInt()).isEqualTo(8);
        assertThat(first.get("failure").isNull()).isTrue();
        JsonNode load = ResultJson.mapper().readTree(out.resolve("load.json").toFile());
        assertThat(load.get("episodes").get(0).get("concurrency").asInt()).isEqualTo(2);
        assertThat(load.get("episodes").get(0).get("figures").get("requests").asDouble()).isEqualTo(6.0);
        assertThat(load.get("episodes").get(0).get("figures").get("load.requests_failed").asDouble()).isZero();
        assertThat(load.get("episodes").get(0).get("tokenSamples").get("outputTokens").asLong()).isEqualTo(24);
        assertThat(Files.readString(out.resolve("load.md"))).contains("| episode | requests | load.requests_failed |", "| closed loop, 2 streams | 6 | 0 |");
        assertThat(out.resolve("env.json")).exists();
    }

    @Test
    void rateSweep_generousSlo_namesTheHighestRate() throws Exception {
        Path out = dir.resolve("open");

        Cli cli = Cli.execute("load", "--model", "serve:fake/zero", "--rate", "40,20", "--requests", "5", "--prompt-tokens", "4", "--new-tokens",
                "3", "--slo", "ttft=20s,tpot=5s", "--seed", "7", "--out", out.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("open loop, 20 requests/s (Poisson, seed 7)", "open loop, 40 requests/s (Poisson, seed 7)",
                "Highest rate meeting it: 40 requests/s.");
        assertThat(Files.readAllLines(out.resolve("load-requests.jsonl"))).hasSize(10);
        JsonNode load = ResultJson.mapper().readTree(out.resolve("load.json").toFile());
        assertThat(load.get("highestRateMetRequestsPerSecond").asDouble()).isEqualTo(40.0);
        assertThat(load.get("episodes").get(0).get("seed").asLong()).isEqualTo(7);
    }

    @Test
    void report_ofTwoLoadRuns_comparesThemEpisodeByEpisode_andRefusesMixedInputs() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        for (Path out : List.of(a, b)) {
            Cli load = Cli.execute("load", "--model", "serve:fake/zero", "--rate", "20,40", "--requests", "5", "--prompt-tokens", "4", "--new-tokens",
                    "3", "--slo", "ttft=20s,tpot=5s", "--seed", "7", "--out", out.toString());
            assertThat(load.exitCode()).as(load.err()).isZero();
        }
        Path report = dir.resolve("report");

        Cli cli = Cli.execute("report", a.toString(), b.toString(), "--out", report.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Report: " + report + " (");
        assertThat(Files.readString(report.resolve("report.md"))).contains("Inputs: a, b (2 load runs, 4 episodes). Baseline: a",
                        "| custom (p99 TTFT &lt;= 20000 ms, p99 TPOT &lt;= 5000 ms) | 2 | 40 req/s |")
                .containsPattern("\\| \\*\\*open, 20 req/s\\*\\* \\| a \\| 5 \\| 0 \\|")
                .containsPattern("\\| open, 40 req/s \\| b \\| 5 \\| 0 \\|[^\\n]*\\| yes \\| [0-9.]+x \\| [0-9.]+x \\| [0-9.]+x \\| [0-9.]+x \\|");
        assertThat(report.resolve("report.csv")).exists();
        assertThat(report.resolve("report.json")).exists();
        assertThat(report.resolve("charts/load-throughput-vs-rate.png")).exists();

        Path jmhRun = Files.createDirectories(dir.resolve("jmh-run"));
        Files.writeString(jmhRun.resolve("jmh.json"), "[]");
        Path never = dir.resolve("never");
        Cli mixed = Cli.execute("report", a.toString(), jmhRun.toString(), "--out", never.toString());

        assertThat(mixed.exitCode()).isEqualTo(2);
        assertThat(mixed.err().strip()).doesNotContain("\n").contains(a + " is a load run and " + jmhRun + " is not",
                "run report once for each");
        assertThat(never).doesNotExist();
    }

    @Test
    void badInput_isOneLineExitTwoAndNothingWritten() {
        Path out = dir.resolve("never");
        String[][] cases = {
            {"--requests", "3"},
            {"--concurrency", "2", "--rate", "1", "--requests", "3"},
            {"--rate", "1,abc", "--requests", "3"},
            {"--rate", "0", "--requests", "3"},
            {"--concurrency", "0", "--requests", "3"},
            {"--concurrency", "1"},
            {"--concurrency", "1", "--duration", "30"},
            {"--concurrency", "1", "--requests", "3", "--slo", "ttft=1s"},
            {"--concurrency", "1", "--requests", "3", "--model", "serve:torch/tiny"},
            {"--concurrency", "1", "--requests", "3", "--model", "serve:djl-pytorch/tiny", "--prompt-tokens", "500"},
        };
        String[] expected = {
            "tokenbench load: give exactly one load shape: --concurrency C (closed loop) or --rate R[,R...] (open loop)",
            "tokenbench load: give exactly one load shape",
            "tokenbench load: --rate: 'abc' is not a positive number of requests per second; e.g. --rate 0.5,1,2",
            "tokenbench load: --rate: '0' is not a positive number",
            "tokenbench load: --concurrency must be >= 1, was 0",
            "tokenbench load: an episode needs a stop: give --requests N or --duration D (or both)",
            "tokenbench load: --duration: '30' has no unit; use ms, s or m, e.g. --duration 30s",
            "tokenbench load: --slo: both ttft and tpot limits are required",
            "tokenbench load: --model: model 'serve:torch/tiny' for framework openai: unknown framework 'torch'",
            "tokenbench load: --model: model tiny has a context of 512 positions",
        };
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 3];
            args[0] = "load";
            System.arraycopy(cases[i], 0, args, 1, cases[i].length);
            args[args.length - 2] = "--out";
            args[args.length - 1] = out.toString();

            Cli cli = Cli.execute(args);

            assertThat(cli.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(cli.err()).as(String.join(" ", args)).startsWith(expected[i]);
            assertThat(cli.err().strip().lines()).as(String.join(" ", args)).hasSize(1);
            assertThat(cli.out()).isEmpty();
            assertThat(out).doesNotExist();
        }
    }
}
