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
