package dev.tokenbench.measure;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to: {@link #advanceNanos(long)} and {@link #awaitNanoTime(long)} (which
 * jumps straight to the deadline). Lets tests and harness self-checks compute every metric exactly.
 */
public final class ManualClock implements NanoClock {

    private final AtomicLong nowNanos;

    /** A clock that reads {@code startNanos} until moved. */
    public ManualClock(long startNanos) {
        this.nowNanos = new AtomicLong(startNanos);
    }

    /** A clock that reads 0 until moved. */
    public ManualClock() {
        this(0L);
    }

    @Override
    public long nanoTime() {
        return nowNanos.get();
    }

    /** Moves the clock forward to {@code deadlineNanos} at once, if it is not already past it. */
    @Override
    public void awaitNanoTime(long deadlineNanos) {
        nowNanos.accumulateAndGet(deadlineNanos, Math::max);
    }

    /** Moves the clock forward by {@code nanos} (at least 0) and returns the new reading. */
    public long advanceNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("nanos must be >= 0, was " + nanos);
        }
        return nowNanos.addAndGet(nanos);
    }
}
