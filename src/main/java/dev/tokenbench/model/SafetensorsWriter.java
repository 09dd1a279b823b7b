package dev.tokenbench.model;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A streaming writer of one safetensors file: the header is fixed up front from the tensor list, then the values of
 * every tensor are appended in list order as float32 and stored in each tensor's dtype (F32, F16 or BF16, rounded
 * to nearest even).
 *
 * <p>Bytes go to a temporary sibling file that {@link #commit()} renames onto the target atomically, so a killed
 * process leaves either no file or a complete one (no fsync: a power loss may still lose it). Closing without
 * committing deletes the temporary file. Tensors are stored contiguously in list order, header padded with spaces to
 * a multiple of 8 bytes, as the reference implementation does.
 */
final class SafetensorsWriter implements Closeable {

    private static final int BUFFER_BYTES = 1 << 20;

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final List<TensorInfo> tensors;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private int tensorIndex;
    private long elementsLeftInTensor;
    private boolean committed;
    private boolean wroteFirstChunk;

    private SafetensorsWriter(Path target, List<TensorInfo> tensors, byte[] header) throws IOException {
        this.target = target;
        this.tensors = List.copyOf(tensors);
        Path directory = target.toAbsolutePath().getParent();
        // A unique sibling created like any new file, so the model gets the usual permissions (createTempFile gives 0600).
        this.temporary = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        this.channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(header.length).put(header).flip();
        while (prefix.hasRemaining()) {
            channel.write(prefix);
        }
        advanceToNextNonEmptyTensor();
    }

    /** Starts writing {@code tensors} (in this order) to {@code target}, with optional {@code __metadata__} strings. */
    static SafetensorsWriter create(Path target, List<TensorInfo> tensors, Map<String, String> metadata) throws IOException {
        return new SafetensorsWriter(target, tensors, header(tensors, metadata));
    }

    /** Writes a whole file from in-memory values, one array per tensor, in list order. */
    static void write(Path target, List<TensorInfo> tensors, List<float[]> values) throws IOException {
        try (SafetensorsWriter writer = create(target, tensors, Map.of())) {
            for (float[] tensorValues : values) {
                writer.write(tensorValues, 0, tensorValues.length);
            }
            writer.commit();
        }
    }

    /** The header JSON: {@code __metadata__} first if any, then each tensor's dtype, shape and data offsets. */
    static byte[] header(List<TensorInfo> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode root = JsonFiles.MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (TensorInfo tensor : tensors) {
            ObjectNode entry = root.putObject(tensor.name());
            entry.put("dtype", tensor.dtype().safetensorsName());
            ArrayNode shape = entry.putArray("shape");
            Arrays.stream(tensor.shape()).forEach(shape::add);
            long end = offset + tensor.byteCount();
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = JsonFiles.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    /**
     * Appends {@code count} values, continuing the current tensor and moving on to the next when one is full.
     *
     * @throws IllegalStateException if more values arrive than the tensors hold
     */
    void write(float[] values, int from, int count) throws IOException {
        for (int i = from; i < from + count; i++) {
            if (tensorIndex >= tensors.size()) {
                throw new IllegalStateException(target + ": more values written than the " + tensors.size() + " tensors hold");
            }
            DType dtype = tensors.get(tensorIndex).dtype();
            if (buffer.remaining() < dtype.bytesPerElement()) {
                flush();
            }
            switch (dtype) {
                case F32 -> buffer.putFloat(values[i]);
                case F16 -> buffer.putShort(HalfFloats.floatToF16(values[i]));
                case BF16 -> buffer.putShort(HalfFloats.floatToBf16(values[i]));
            }
            if (--elementsLeftInTensor == 0) {
                tensorIndex++;
                advanceToNextNonEmptyTensor();
            }
        }
    }

    /**
     * Finishes the file and renames it onto the target, replacing any file there.
     *
     * @throws IllegalStateException if some tensor is not complete
     */
    void commit() throws IOException {
        if (tensorIndex < tensors.size()) {
            throw new IllegalStateException(target + ": tensor " + tensors.get(tensorIndex).name() + " is missing "
                    + elementsLeftInTensor + " values");
        }
        flush();
        // On the disk before the rename: after a machine crash the target is the whole file or absent, never empty.
        channel.force(true);
        channel.close();
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        committed = true;
    }

    /** Closes the file; without a {@link #commit()} the temporary file is deleted and the target left as it was. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            channel.close();
            Files.deleteIfExists(temporary);
        }
    }

    private void advanceToNextNonEmptyTensor() {
        while (tensorIndex < tensors.size() && tensors.get(tensorIndex).elementCount() == 0) {
            tensorIndex++;
        }
        elementsLeftInTensor = tensorIndex < tensors.size() ? tensors.get(tensorIndex).elementCount() : 0;
    }

    private void flush() throws IOException {
        buffer.flip();
        boolean wroteData = buffer.hasRemaining();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
        if (wroteData && !wroteFirstChunk) {
            wroteFirstChunk = true;
            ChunkPause.afterFirstChunk(temporary);
        }
    }
}
