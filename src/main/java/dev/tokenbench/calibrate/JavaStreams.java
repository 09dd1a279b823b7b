package dev.tokenbench.calibrate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Plain Java reads of a buffer, one contiguous slice per thread, each slice summed so the reads cannot be
 * optimised away. Meant to be bound by memory, not by instructions: several independent sums (or the JIT's vector
 * sums) keep many loads in flight.
 */
final class JavaStreams implements AutoCloseable {

    /** Where every sum ends up, so the JIT must do the reads. */
    static volatile long sink;

    private final ExecutorService pool;
    private final int threads;

    /** A reader with {@code threads} threads (the caller's thread reads the first slice). */
    JavaStreams(int threads) {
        this.threads = threads;
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, runnable -> {
            Thread thread = new Thread(runnable, "tokenbench-calibrate-stream");
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    /** A direct buffer of {@code bytes} (a multiple of 64), filled with a non-zero pattern so every page is real. */
    static ByteBuffer directBuffer(long bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
        for (int i = 0; i < buffer.capacity(); i += Long.BYTES) {
            buffer.putLong(i, i);
        }
        return buffer;
    }

    /** A heap array of {@code bytes / 8} longs, filled with a non-zero pattern. */
    static long[] heapArray(long bytes) {
        long[] values = new long[Math.toIntExact(bytes / Long.BYTES)];
        Arrays.setAll(values, i -> i);
        return values;
    }

    /** Reads all of {@code buffer} once, {@code threads} slices in parallel. */
    void read(ByteBuffer buffer) {
        int slice = buffer.capacity() / threads / 64 * 64;
        run(index -> sumDirect(buffer, index * slice, index == threads - 1 ? buffer.capacity() : (index + 1) * slice));
    }

    /** Reads all of {@code values} once, {@code threads} slices in parallel. */
    void read(long[] values) {
        int slice = values.length / threads;
        run(index -> sumHeap(values, index * slice, index == threads - 1 ? values.length : (index + 1) * slice));
    }

    private interface Slice {
        long sum(int index);
    }

    private void run(Slice slice) {
        List<Future<Long>> others = new ArrayList<>();
        for (int index = 1; index < threads; index++) {
            int at = index;
            others.add(pool.submit(() -> slice.sum(at)));
        }
        long total = slice.sum(0);
        try {
            for (Future<Long> other : others) {
                total += other.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a reading thread failed: " + e.getCause(), e.getCause());
        }
        sink = total;
    }

    /** Sum of the longs in bytes {@code [from, to)} ({@code to - from} a multiple of 64), eight sums in flight. */
    static long sumDirect(ByteBuffer buffer, int from, int to) {
        long s0 = 0;
        long s1 = 0;
        long s2 = 0;
        long s3 = 0;
        long s4 = 0;
        long s5 = 0;
        long s6 = 0;
        long s7 = 0;
        for (int i = from; i < to; i += 64) {
            s0 += buffer.getLong(i);
            s1 += buffer.getLong(i + 8);
            s2 += buffer.getLong(i + 16);
            s3 += buffer.getLong(i + 24);
            s4 += buffer.getLong(i + 32);
            s5 += buffer.getLong(i + 40);
            s6 += buffer.getLong(i + 48);
            s7 += buffer.getLong(i + 56);
        }
        return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
    }

    /** Sum of {@code values[from, to)}: a plain loop the JIT vectorises. */
    static long sumHeap(long[] values, int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
