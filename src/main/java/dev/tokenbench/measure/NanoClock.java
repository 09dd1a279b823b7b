package dev.tokenbench.measure;

import java.util.concurrent.locks.LockSupport;

/**
 * The one source of time for every measurement: a monotonic nanosecond counter, plus a way to wait for a
 * deadline on that counter.
 *
 * <p>Production code uses {@link #system()} ({@link System#nanoTime()}); tests use {@link ManualClock} so that
 * every metric can be checked against exact, hand-computed values.
 */
public interface NanoClock {

    /** Current value of the monotonic counter, in nanoseconds; only differences are meaningful. */
    long nanoTime();

    /**
     * Returns once {@link #nanoTime()} has reached {@code deadlineNanos}. Deadlines are absolute so that a
     * paced producer (the fake engine) does not accumulate wake-up overshoot from one token to the next.
     */
    void awaitNanoTime(long deadlineNanos) throws InterruptedException;

    /** The system clock: {@link System#nanoTime()}, waiting by parking and then spinning the last stretch. */
    static NanoClock system() {
        return SystemNanoClock.INSTANCE;
    }
}

/** {@link System#nanoTime()}; waits park until close to the deadline, then spin, for sub-10 µs precision. */
enum SystemNanoClock implements NanoClock {
    INSTANCE;

    /** Parking overshoots by tens of microseconds on a loaded machine; spin for the last stretch. */
    private static final long SPIN_WINDOW_NANOS = 100_000L;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void awaitNanoTime(long deadlineNanos) throws InterruptedException {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for a deadline");
            }
            if (remaining > SPIN_WINDOW_NANOS) {
                LockSupport.parkNanos(remaining - SPIN_WINDOW_NANOS);
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
