package dev.tokenbench.model.gguf;

import dev.tokenbench.model.HalfFloats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Writes a GGUF file (version 3) in one pass: header, metadata, tensor table with offsets computed from the
 * shapes, then every tensor's data, each padded to the alignment. Matrices are streamed row by row from a
 * {@link Rows} source and encoded as F32, F16 or Q8_0 on the way, so no tensor is copied whole onto the heap.
 */
final class GgufWriter {

    /**
     * A tensor's values, one row (the contiguous {@code dims[0]} elements) at a time.
     */
    interface Rows {
        /** Fills {@code out} (of the row length) with row {@code row}. */
        void row(long row, float[] out) throws IOException;
    }

    /**
     * One tensor to write.
     *
     * @param name name in the file
     * @param type how to store it
     * @param dims dimensions in ggml order ({@code dims[0]} contiguous)
     * @param rows its values
     */
    record TensorData(String name, GgmlType type, long[] dims, Rows rows) {
        long rowLength() {
            return dims[0];
        }

        long rowCount() {
            long count = 1;
            for (int d = 1; d < dims.length; d++) {
                count *= dims[d];
            }
            return count;
        }

        long byteCount() {
            return type.byteCount(rowLength() * rowCount());
        }
    }

    private static final int BUFFER_BYTES = 1 << 20;

    private final FileChannel channel;
    private final Path file;
    private boolean wroteFirstChunk;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long written;

    private GgufWriter(FileChannel channel, Path file) {
        this.channel = channel;
        this.file = file;
    }

    /**
     * Writes {@code metadata} and {@code tensors} to the new file {@code file}. The alignment is
     * {@code general.alignment} if the metadata has it (UINT32), else 32.
     */
    static void write(Path file, Map<String, GgufValue> metadata, List<TensorData> tensors) throws IOException {
        long alignment = metadata.containsKey("general.alignment") ? metadata.get("general.alignment").asLong() : GgufFile.DEFAULT_ALIGNMENT;
        for (TensorData tensor : tensors) {
            if (tensor.rowLength() % tensor.type().blockElements() != 0) {
                throw new IllegalArgumentException("tensor " + tensor.name() + ": rows of " + tensor.rowLength()
                        + " are not a multiple of the " + tensor.type().blockElements() + "-element blocks of " + tensor.type().ggmlName());
            }
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            GgufWriter out = new GgufWriter(channel, file);
            out.u32(GgufFile.MAGIC);
            out.u32(GgufFile.VERSION);
            out.u64(tensors.size());
            out.u64(metadata.size());
            for (Map.Entry<String, GgufValue> entry : metadata.entrySet()) {
                out.string(entry.getKey());
                out.value(entry.getValue());
            }
            long offset = 0;
            for (TensorData tensor : tensors) {
                out.string(tensor.name());
                out.u32(tensor.dims().length);
                for (long dim : tensor.dims()) {
                    out.u64(dim);
                }
                out.u32(tensor.type().id());
                out.u64(offset);
                offset = GgufFile.align(offset + tensor.byteCount(), alignment);
            }
            out.pad(alignment);
            for (TensorData tensor : tensors) {
                out.tensor(tensor);
                out.pad(alignment);
                if (!out.wroteFirstChunk) {
                    out.wroteFirstChunk = true;
                    out.flush();
                    dev.tokenbench.model.ChunkPause.afterFirstChunk(file);
                }
            }
            out.flush();
            // On the device before the caller renames it into place: a machine crash leaves the old file or the new one.
            channel.force(true);
        }
    }

    private void tensor(TensorData tensor) throws IOException {
        float[] row = new float[Math.toIntExact(tensor.rowLength())];
        for (long r = 0; r < tensor.rowCount(); r++) {
            tensor.rows().row(r, row);
            tensor.type().encodeRow(row, room(Math.toIntExact(tensor.type().byteCount(row.length))));
        }
    }

    /**
     * One Q8_0 block of {@code values[start, start + 32)}, as ggml's reference quantizer makes it: scale
     * d = max|x| / 127 stored as F16, then each x / d rounded half away from zero to a signed byte.
     */
    static void quantizeQ8_0(float[] values, int start, ByteBuffer out) {
        float amax = 0;
        for (int j = 0; j < GgmlType.Q8_0_BLOCK; j++) {
            amax = Math.max(amax, Math.abs(values[start + j]));
        }
        float d = amax / 127f;
        float inverse = d != 0 ? 1f / d : 0f;
        out.putShort(HalfFloats.floatToF16(d));
        for (int j = 0; j < GgmlType.Q8_0_BLOCK; j++) {
            out.put((byte) roundHalfAwayFromZero(values[start + j] * inverse));
        }
    }

    /** C's {@code roundf}: to the nearest integer, halves away from zero. */
    static int roundHalfAwayFromZero(float x) {
        return (int) (x < 0 ? -Math.floor(-x + 0.5f) : Math.floor(x + 0.5f));
    }

    private void value(GgufValue value) throws IOException {
        u32(value.type().id());
        if (value.type() == GgufValue.Type.ARRAY) {
            u32(value.elementType().id());
            u64(value.elements().size());
            for (Object element : value.elements()) {
                scalar(value.elementType(), element);
            }
        } else {
            scalar(value.type(), value.value());
        }
    }

    private void scalar(GgufValue.Type type, Object value) throws IOException {
        switch (type) {
            case UINT8, INT8 -> room(1).put(((Number) value).byteValue());
            case UINT16, INT16 -> room(2).putShort(((Number) value).shortValue());
            case UINT32, INT32 -> room(4).putInt(((Number) value).intValue());
            case FLOAT32 -> room(4).putFloat(((Number) value).floatValue());
            case BOOL -> room(1).put((byte) (((Boolean) value) ? 1 : 0));
            case STRING -> string((String) value);
            case UINT64, INT64 -> room(8).putLong(((Number) value).longValue());
            case FLOAT64 -> room(8).putDouble(((Number) value).doubleValue());
            case ARRAY -> throw new IllegalArgumentException("arrays of arrays are not written");
        }
    }

    private void string(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        u64(bytes.length);
        for (int at = 0; at < bytes.length; ) {
            int n = Math.min(bytes.length - at, BUFFER_BYTES);
            room(n).put(bytes, at, n);
            at += n;
        }
    }

    private void u32(long value) throws IOException {
        room(4).putInt((int) value);
    }

    private void u64(long value) throws IOException {
        room(8).putLong(value);
    }

    private void pad(long alignment) throws IOException {
        long position = written + buffer.position();
        long padding = GgufFile.align(position, alignment) - position;
        for (long i = 0; i < padding; i++) {
            room(1).put((byte) 0);
        }
    }

    /** The buffer, with at least {@code bytes} free. */
    private ByteBuffer room(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
        return buffer;
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            written += channel.write(buffer);
        }
        buffer.clear();
    }
}
