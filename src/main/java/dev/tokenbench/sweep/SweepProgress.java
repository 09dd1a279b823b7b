package dev.tokenbench.sweep;

import java.io.PrintWriter;
import java.util.Locale;

/** What a running sweep reports as it goes. */
public interface SweepProgress {

    /** Before a run starts: it is number {@code position} of {@code total} runs this start will do. */
    void starting(Run run, int position, int total);

    /** After a run finished, with the failures so far and the estimated seconds still to go. */
    void finished(Run run, RunRecord record, int position, int total, int failures, double remainingSeconds);

    /**
     * One line per finished run, for logs and terminals alike:
     * {@code [3/120] generation-djl-pytorch-tiny-f32-b1-p32-n64-t2 round 1: done in 6.2 s (failures 0, ETA 11m 40s)}.
     */
    static SweepProgress lines(PrintWriter out) {
        return new SweepProgress() {
            @Override
            public void starting(Run run, int position, int total) {
            }

            @Override
            public void finished(Run run, RunRecord record, int position, int total, int failures, double remainingSeconds) {
                String outcome = switch (record.status()) {
                    case DONE -> "done";
                    case FAILED -> "FAILED (" + record.reason().orElse("no reason") + ")";
                    case PENDING, RUNNING -> record.status().key();
                };
                out.printf(Locale.ROOT, "[%d/%d] %s round %d: %s in %.1f s (failures %d, ETA %s)%n", position, total, run.configuration().id(),
                        run.round(), outcome, record.seconds().orElse(0), failures, duration(remainingSeconds));
                out.flush();
            }
        };
    }

    /**
     * A progress bar on a terminal, or {@linkplain #lines one line per finished run} elsewhere (CI logs, files, pipes).
     *
     * @param terminal whether the output is a terminal ({@code System.console() != null})
     */
    static SweepProgress of(boolean terminal, PrintWriter out, java.io.PrintStream terminalStream) {
        return terminal ? bar(terminalStream) : lines(out);
    }

    /** {@link #of} for this process: a bar on {@code System.out} when it is a terminal. */
    static SweepProgress forConsole(PrintWriter out) {
        return of(System.console() != null, out, System.out);
    }

    /**
     * A progress bar ({@code me.tongfei:progressbar}): done/total, the configuration and round running, the failures so
     * far, and the ETA from the sweep's estimates (corrected by the measured times as runs finish), redrawn every second.
     */
    static SweepProgress bar(java.io.PrintStream terminal) {
        return new SweepProgress() {
            private me.tongfei.progressbar.ProgressBar bar;
            private volatile double remainingSeconds = -1;
            private volatile long remainingAtNanos;
            private int failures;

            @Override
            public void starting(Run run, int position, int total) {
                if (bar == null) {
                    bar = new me.tongfei.progressbar.ProgressBarBuilder().setTaskName("Sweep").setInitialMax(total)
                            .setStyle(me.tongfei.progressbar.ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000)
                            .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(terminal))
                            .setEtaFunction(state -> eta()).build();
                }
                bar.setExtraMessage(run.configuration().id() + " round " + run.round() + ", failures " + failures);
            }

            private java.util.Optional<java.time.Duration> eta() {
                if (remainingSeconds < 0) {
                    return java.util.Optional.empty();
                }
                double left = remainingSeconds - (System.nanoTime() - remainingAtNanos) / 1e9;
                return java.util.Optional.of(java.time.Duration.ofSeconds(Math.max(0, Math.round(left))));
            }

            @Override
            public void finished(Run run, RunRecord record, int position, int total, int failuresSoFar, double remaining) {
                failures = failuresSoFar;
                remainingSeconds = remaining;
                remainingAtNanos = System.nanoTime();
                bar.setExtraMessage(run.configuration().id() + " round " + run.round() + ": " + record.status().key() + ", failures " + failures);
                bar.step();
                if (position == total) {
                    bar.close();
                }
            }
        };
    }

    /** {@code 1h 02m}, {@code 11m 40s} or {@code 42s}. */
    static String duration(double seconds) {
        long whole = Math.round(seconds);
        if (whole >= 3600) {
            return String.format(Locale.ROOT, "%dh %02dm", whole / 3600, whole % 3600 / 60);
        }
        if (whole >= 60) {
            return String.format(Locale.ROOT, "%dm %02ds", whole / 60, whole % 60);
        }
        return whole + "s";
    }
}
