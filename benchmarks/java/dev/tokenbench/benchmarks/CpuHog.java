package dev.tokenbench.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * A competing CPU-bound process that takes a fixed share of one core: in every 10 ms period it spins until it has
 * used {@code share} x 10 ms of CPU time (its own thread's CPU clock, so time it waits for the core does not count),
 * then sleeps for the rest of the period. Pinned with {@code taskset -c CPU} to the core a benchmark fork runs on, it
 * leaves the fork {@code 1 - share} of that core: the fork's work takes {@code 1 / (1 - share)} times as long, so
 * {@code share = s / (1 + s)} slows it by {@code s} (0.0909 for 10%, 0.1667 for 20%). On a busy machine an ordinary
 * process gets only its fair part of a core (about 2/L of one on 2 cores at load L), so the hog runs under the
 * real-time policy ({@code chrt -f}): it then takes its share of the core whatever else runs there, and every
 * ordinary process on that core, the fork included, loses that share. On exit (SIGTERM) it prints the share it
 * achieved; the campaign measures the slowdown itself rather than trusting this arithmetic. Runs until killed.
 *
 * <p>Run: {@code chrt -f 10 taskset -c 0 java -cp target/benchmarks.jar dev.tokenbench.benchmarks.CpuHog 0.0909}.
 */
public final class CpuHog {

    /** One period of the duty cycle. */
    static final long PERIOD_NANOS = 10_000_000L;

    private CpuHog() {
    }

    /** The share of a core that slows a fork sharing it by {@code slowdown} (0.1 for 10%). */
    public static double shareFor(double slowdown) {
        return slowdown / (1 + slowdown);
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: CpuHog SHARE (a fraction of one core in (0, 1), e.g. 0.0909 for a 10% slowdown)");
            System.exit(2);
        }
        double share = Double.parseDouble(args[0]);
        if (!(share > 0 && share < 1)) {
            System.err.println("CpuHog " + args[0] + ": the share must be in (0, 1)");
            System.exit(2);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long wallStart = System.nanoTime();
        long cpuAtStart = threads.getCurrentThreadCpuTime();
        Thread spinner = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(String.format(Locale.ROOT,
                "CpuHog: share %.4f of a core over %.1f s (asked %.4f)", (threads.getThreadCpuTime(spinner.getId()) - cpuAtStart)
                        / (double) (System.nanoTime() - wallStart), (System.nanoTime() - wallStart) / 1e9, share))));
        long busyNanos = Math.round(share * PERIOD_NANOS);
        long sink = 0;
        long periodStart = System.nanoTime();
        while (true) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            while (threads.getCurrentThreadCpuTime() - cpuStart < busyNanos) {
                for (int i = 0; i < 2_000; i++) {
                    sink = sink * 6364136223846793005L + 1442695040888963407L;
                }
            }
            long next = periodStart + PERIOD_NANOS;
            long now = System.nanoTime();
            if (next > now) {
                Thread.sleep((next - now) / 1_000_000L, (int) ((next - now) % 1_000_000L));
                periodStart = next;
            } else {
                // Behind (the core was busy): start the next period now rather than catch up with a burst.
                periodStart = now;
            }
            if (sink == 42) {
                System.out.println(String.format(Locale.ROOT, "%d", sink));
            }
        }
    }
}
