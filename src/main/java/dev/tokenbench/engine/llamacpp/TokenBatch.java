package dev.tokenbench.engine.llamacpp;

import com.sun.jna.Memory;
import com.sun.jna.Native;

/**
 * A reusable {@code llama_batch}: up to {@code capacity} tokens, each with its position, its one sequence id and
 * whether llama.cpp should compute its logits. Filled in Java arrays, copied to native memory in bulk once per
 * {@code llama_decode}; nothing is allocated per token or per step.
 */
final class TokenBatch implements AutoCloseable {

    private final int capacity;
    private final int[] tokens;
    private final int[] positions;
    private final int[] sequences;
    private final byte[] outputs;
    private final Memory tokenMemory;
    private final Memory positionMemory;
    private final Memory sequenceCountMemory;
    private final Memory sequenceIdMemory;
    private final Memory sequencePointerMemory;
    private final Memory outputMemory;
    private final LlamaCppLibrary.Batch batch = new LlamaCppLibrary.Batch();
    private int size;

    TokenBatch(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        tokens = new int[capacity];
        positions = new int[capacity];
        sequences = new int[capacity];
        outputs = new byte[capacity];
        tokenMemory = new Memory((long) capacity * Integer.BYTES);
        positionMemory = new Memory((long) capacity * Integer.BYTES);
        sequenceCountMemory = new Memory((long) capacity * Integer.BYTES);
        sequenceIdMemory = new Memory((long) capacity * Integer.BYTES);
        sequencePointerMemory = new Memory((long) capacity * Native.POINTER_SIZE);
        outputMemory = new Memory(capacity);
        // Each token belongs to one sequence: n_seq_id[i] = 1 and seq_id[i] points at its own id slot.
        for (int i = 0; i < capacity; i++) {
            sequenceCountMemory.setInt((long) i * Integer.BYTES, 1);
            sequencePointerMemory.setPointer((long) i * Native.POINTER_SIZE, sequenceIdMemory.share((long) i * Integer.BYTES));
        }
        batch.token = tokenMemory;
        batch.embd = null;
        batch.pos = positionMemory;
        batch.n_seq_id = sequenceCountMemory;
        batch.seq_id = sequencePointerMemory;
        batch.logits = outputMemory;
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size == capacity;
    }

    void clear() {
        size = 0;
    }

    /** Adds one token; returns its index in the batch (the index {@code llama_get_logits_ith} takes). */
    int add(int token, int position, int sequence, boolean output) {
        if (size == capacity) {
            throw new IllegalStateException("batch is full (" + capacity + " tokens)");
        }
        tokens[size] = token;
        positions[size] = position;
        sequences[size] = sequence;
        outputs[size] = (byte) (output ? 1 : 0);
        return size++;
    }

    /** The batch as {@code llama_decode} takes it, with the Java arrays copied to native memory. */
    LlamaCppLibrary.Batch toNative() {
        tokenMemory.write(0, tokens, 0, size);
        positionMemory.write(0, positions, 0, size);
        sequenceIdMemory.write(0, sequences, 0, size);
        outputMemory.write(0, outputs, 0, size);
        batch.n_tokens = size;
        return batch;
    }

    @Override
    public void close() {
        tokenMemory.close();
        positionMemory.close();
        sequenceCountMemory.close();
        sequenceIdMemory.close();
        sequencePointerMemory.close();
        outputMemory.close();
    }
}
