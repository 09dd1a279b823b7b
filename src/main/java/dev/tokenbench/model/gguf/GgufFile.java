package dev.tokenbench.model.gguf;

import dev.tokenbench.model.HalfFloats;
import dev.tokenbench.model.MappedFiles;
import dev.tokenbench.model.ModelFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One GGUF file (llama.cpp's model format), read-only: a header ({@code GGUF} magic, version 3, tensor count,
 * metadata count), the metadata key-value pairs, the tensor table (name, dimensions in ggml order, type, offset),
 * then the data area, aligned to {@code general.alignment} (default 32).
 *
 * <p>Opening reads and checks the header and tables only; tensor data is read on demand. The reader trusts nothing
 * in the file: every count, length and offset is checked against the bytes that remain, so a hostile or damaged file
 * ends in a one-line {@link ModelFormatException} naming the file and the field, never in a huge allocation.
 */
public final class GgufFile implements AutoCloseable {

    /** {@code GGUF} as a little-endian uint32. */
    static final int MAGIC = 0x46554747;

    /** Whether {@code head}, a file's first bytes, starts with the GGUF magic ({@code GGUF}, little-endian u32). */
    public static boolean hasMagic(byte[] head) {
        return head.length >= 4 && java.nio.ByteBuffer.wrap(head, 0, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() == MAGIC;
    }
    /** The GGUF version tokenbench writes. */
    static final int VERSION = 3;
    /** Alignment of the data area and of every tensor when {@code general.alignment} is absent. */
    static final int DEFAULT_ALIGNMENT = 32;
    /** Most dimensions a ggml tensor has. */
    static final int MAX_DIMS = 4;

    /**
     * One entry of the tensor table.
     *
     * @param name       tensor name, e.g. {@code blk.0.attn_q.weight}
     * @param type       element type
     * @param dims       dimensions in ggml order: {@code dims[0]} is the contiguous one (a PyTorch {@code [out, in]}
     *                   weight is {@code [in, out]} here)
     * @param offset     byte offset of the data, relative to the data area
     * @param byteCount  bytes of the data
     */
    public record Tensor(String name, GgmlType type, long[] dims, long offset, long byteCount) {
        public Tensor {
            dims = dims.clone();
        }

        @Override
        public long[] dims() {
            return dims.clone();
        }

        /** Number of elements: the product of the dimensions. */
        public long elementCount() {
            long count = 1;
            for (long dim : dims) {
                count *= dim;
            }
            return count;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Tensor that && name.equals(that.name) && type == that.type
                    && Arrays.equals(dims, that.dims) && offset == that.offset && byteCount == that.byteCount;
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(dims);
        }

        @Override
        public String toString() {
            return name + " " + type.ggmlName() + " " + Arrays.toString(dims);
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final int version;
    private final Map<String, GgufValue> metadata;
    private final Map<String, Tensor> tensors;
    private final long alignment;
    private final long dataStart;

    private GgufFile(Path file, FileChannel channel, int version, Map<String, GgufValue> metadata,
                     Map<String, Tensor> tensors, long alignment, long dataStart) {
        this.file = file;
        this.channel = channel;
        this.version = version;
        this.metadata = metadata;
        this.tensors = tensors;
        this.alignment = alignment;
        this.dataStart = dataStart;
    }

    /**
     * Opens and checks {@code file}.
     *
     * @throws ModelFormatException one line naming the file and the field that is wrong
     */
    public static GgufFile open(Path file) throws IOException {
        return MappedFiles.open(file, GgufFile::read);
    }

    private static GgufFile read(Path file, FileChannel channel) throws IOException {
        Cursor in = new Cursor(file, channel);
        if (in.size < 4 || in.u32("magic") != MAGIC) {
            throw new ModelFormatException(file + ": magic is not GGUF; not a GGUF file");
        }
        long version = in.u32("version");
        if (version != 2 && version != 3) {
            throw new ModelFormatException(file + ": version " + version + " is not supported; tokenbench reads GGUF versions 2 and 3");
        }
        long tensorCount = in.u64("tensor count");
        long metadataCount = in.u64("metadata count");
        // Smallest encodings: a tensor entry is a name length, a dimension count, one dimension, a type and an offset;
        // a metadata pair is a key length, a type and a one-byte value.
        if (Long.compareUnsigned(tensorCount, in.remaining() / 32) > 0) {
            throw new ModelFormatException(file + ": tensor count " + Long.toUnsignedString(tensorCount) + " cannot fit in the "
                    + in.size + "-byte file; the file is damaged or not GGUF");
        }
        if (Long.compareUnsigned(metadataCount, in.remaining() / 13) > 0) {
            throw new ModelFormatException(file + ": metadata count " + Long.toUnsignedString(metadataCount) + " cannot fit in the "
                    + in.size + "-byte file; the file is damaged or not GGUF");
        }
        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        for (long i = 0; i < metadataCount; i++) {
            String key = in.string("metadata key " + i);
            long typeId = in.u32("type of metadata " + key);
            GgufValue.Type type = GgufValue.Type.byId(typeId).orElseThrow(() -> new ModelFormatException(
                    file + ": metadata " + key + " has unknown value type " + typeId));
            GgufValue value = readValue(in, key, type);
            if (metadata.put(key, value) != null) {
                throw new ModelFormatException(file + ": metadata key " + key + " appears twice");
            }
        }
        long alignment = DEFAULT_ALIGNMENT;
        GgufValue alignmentValue = metadata.get("general.alignment");
        if (alignmentValue != null) {
            if (alignmentValue.type() != GgufValue.Type.UINT32) {
                throw new ModelFormatException(file + ": metadata general.alignment is " + alignmentValue.type() + "; expected UINT32");
            }
            alignment = alignmentValue.asLong();
            if (alignment == 0 || Long.bitCount(alignment) != 1) {
                throw new ModelFormatException(file + ": metadata general.alignment is " + alignment + "; expected a power of two");
            }
        }
        List<Tensor> list = new ArrayList<>();
        for (long i = 0; i < tensorCount; i++) {
            list.add(readTensor(in, i, alignment));
        }
        long dataStart = align(in.position, alignment);
        if (dataStart > in.size) {
            throw new ModelFormatException(file + ": data area starts at byte " + dataStart + ", past the end of the "
                    + in.size + "-byte file; the file is truncated");
        }
        long dataBytes = in.size - dataStart;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Tensor tensor : list) {
            if (tensor.offset() > dataBytes || tensor.byteCount() > dataBytes - tensor.offset()) {
                throw new ModelFormatException(file + ": tensor " + tensor.name() + " has data [" + tensor.offset() + ", "
                        + (tensor.offset() + tensor.byteCount()) + ") outside the data area of " + dataBytes
                        + " bytes; the file is truncated or damaged");
            }
            if (tensors.put(tensor.name(), tensor) != null) {
                throw new ModelFormatException(file + ": tensor " + tensor.name() + " appears twice in the tensor table");
            }
        }
        List<Tensor> byOffset = new ArrayList<>(list);
        byOffset.sort(Comparator.comparingLong(Tensor::offset));
        for (int i = 1; i < byOffset.size(); i++) {
            Tensor previous = byOffset.get(i - 1);
            Tensor tensor = byOffset.get(i);
            if (tensor.offset() < previous.offset() + previous.byteCount()) {
                throw new ModelFormatException(file + ": tensors " + previous.name() + " and " + tensor.name()
                        + " overlap; each tensor needs its own byte range");
            }
        }
        return new GgufFile(file, channel, (int) version, Collections.unmodifiableMap(metadata),
                Collections.unmodifiableMap(tensors), alignment, dataStart);
    }

    private static GgufValue readValue(Cursor in, String key, GgufValue.Type type) throws IOException {
        if (type != GgufValue.Type.ARRAY) {
            return new GgufValue(type, null, readScalar(in, key, type));
        }
        long elementTypeId = in.u32("element type of metadata " + key);
        GgufValue.Type elementType = GgufValue.Type.byId(elementTypeId).orElseThrow(() -> new ModelFormatException(
                in.file + ": metadata " + key + " is an array of unknown type " + elementTypeId));
        if (elementType == GgufValue.Type.ARRAY) {
            throw new ModelFormatException(in.file + ": metadata " + key + " is an array of arrays, which tokenbench does not read");
        }
        long count = in.u64("length of metadata " + key);
        if (Long.compareUnsigned(count, in.remaining() / elementType.minBytes()) > 0) {
            throw new ModelFormatException(in.file + ": metadata " + key + " claims " + Long.toUnsignedString(count) + " "
                    + elementType + " elements, more than the " + in.remaining() + " bytes left in the file hold");
        }
        List<Object> elements = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            elements.add(readScalar(in, key + "[" + i + "]", elementType));
        }
        return new GgufValue(type, elementType, Collections.unmodifiableList(elements));
    }

    private static Object readScalar(Cursor in, String key, GgufValue.Type type) throws IOException {
        String field = "metadata " + key;
        return switch (type) {
            case UINT8 -> (long) (in.bytes(1, field).get() & 0xff);
            case INT8 -> (long) in.bytes(1, field).get();
            case UINT16 -> (long) (in.bytes(2, field).getShort() & 0xffff);
            case INT16 -> (long) in.bytes(2, field).getShort();
            case UINT32 -> in.u32(field);
            case INT32 -> (long) in.bytes(4, field).getInt();
            case FLOAT32 -> in.bytes(4, field).getFloat();
            case BOOL -> {
                byte b = in.bytes(1, field).get();
                if (b != 0 && b != 1) {
                    throw new ModelFormatException(in.file + ": " + field + " is a BOOL of value " + b + "; expected 0 or 1");
                }
                yield b == 1;
            }
            case STRING -> in.string(field);
            case UINT64, INT64 -> in.u64(field);
            case FLOAT64 -> in.bytes(8, field).getDouble();
            case ARRAY -> throw new IllegalStateException("arrays are read by readValue");
        };
    }

    private static Tensor readTensor(Cursor in, long index, long alignment) throws IOException {
        String name = in.string("name of tensor " + index);
        String where = in.file + ": tensor " + name;
        long dimCount = in.u32("dimension count of tensor " + name);
        if (dimCount < 1 || dimCount > MAX_DIMS) {
            throw new ModelFormatException(where + " has " + dimCount + " dimensions; expected 1 to " + MAX_DIMS);
        }
        long[] dims = new long[(int) dimCount];
        long elements = 1;
        for (int d = 0; d < dims.length; d++) {
            dims[d] = in.u64("dimension " + d + " of tensor " + name);
            if (dims[d] < 0) {
                throw new ModelFormatException(where + " has dimension " + Long.toUnsignedString(dims[d]) + "; too large");
            }
            try {
                elements = Math.multiplyExact(elements, dims[d]);
            } catch (ArithmeticException e) {
                throw new ModelFormatException(where + " has dimensions whose element count overflows 64 bits");
            }
        }
        long typeId = in.u32("type of tensor " + name);
        GgmlType type = GgmlType.byId(typeId).orElseThrow(() -> new ModelFormatException(
                where + " has type " + typeId + ", which tokenbench does not know"));
        if (dims[0] % type.blockElements() != 0) {
            throw new ModelFormatException(where + " has rows of " + dims[0] + " elements, not a multiple of the "
                    + type.blockElements() + "-element blocks of " + type.ggmlName());
        }
        long bytes;
        try {
            bytes = type.byteCount(elements);
        } catch (ArithmeticException e) {
            throw new ModelFormatException(where + " has a byte count that overflows 64 bits");
        }
        long offset = in.u64("offset of tensor " + name);
        if (offset < 0 || offset % alignment != 0) {
            throw new ModelFormatException(where + " has offset " + Long.toUnsignedString(offset)
                    + ", not a multiple of the alignment " + alignment);
        }
        return new Tensor(name, type, dims, offset, bytes);
    }

    static long align(long position, long alignment) {
        return (position + alignment - 1) / alignment * alignment;
    }

    public Path file() {
        return file;
    }

    public int version() {
        return version;
    }

    /** Every metadata pair, in file order. */
    public Map<String, GgufValue> metadata() {
        return metadata;
    }

    /** A metadata value, if present. */
    public Optional<GgufValue> value(String key) {
        return Optional.ofNullable(metadata.get(key));
    }

    /** The tensor table, in file order. */
    public List<Tensor> tensors() {
        return List.copyOf(tensors.values());
    }

    /** The tensor called {@code name}; throws naming the file if absent. */
    public Tensor tensor(String name) throws ModelFormatException {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new ModelFormatException(file + ": no tensor named " + name);
        }
        return tensor;
    }

    public long alignment() {
        return alignment;
    }

    /** Absolute byte position of the data area. */
    public long dataStart() {
        return dataStart;
    }

    /** The stored bytes of a tensor, little-endian. */
    public ByteBuffer bytes(String name) throws IOException {
        Tensor tensor = tensor(name);
        if (tensor.byteCount() > Integer.MAX_VALUE) {
            throw new ModelFormatException(file + ": tensor " + name + " has " + tensor.byteCount()
                    + " bytes; tokenbench reads tensors up to " + Integer.MAX_VALUE + " bytes");
        }
        return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + tensor.offset(), tensor.byteCount())
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A tensor's values as float32, in storage order (F32, F16, BF16 and Q8_0 tensors). */
    public float[] floats(String name) throws IOException {
        Tensor tensor = tensor(name);
        if (!tensor.type().readable()) {
            throw new ModelFormatException(file + ": tensor " + name + " is " + tensor.type().ggmlName()
                    + "; tokenbench reads the values of f32, f16, bf16 and q8_0 tensors");
        }
        if (tensor.elementCount() > Integer.MAX_VALUE - 8) {
            throw new ModelFormatException(file + ": tensor " + name + " has too many elements to read at once");
        }
        ByteBuffer data = bytes(name);
        float[] out = new float[(int) tensor.elementCount()];
        switch (tensor.type()) {
            case F32 -> data.asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = HalfFloats.f16ToFloat(data.getShort());
                }
            }
            case BF16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = HalfFloats.bf16ToFloat(data.getShort());
                }
            }
            case Q8_0 -> {
                for (int block = 0; block < out.length / GgmlType.Q8_0_BLOCK; block++) {
                    float scale = HalfFloats.f16ToFloat(data.getShort());
                    for (int j = 0; j < GgmlType.Q8_0_BLOCK; j++) {
                        out[block * GgmlType.Q8_0_BLOCK + j] = scale * data.get();
                    }
                }
            }
            default -> throw new IllegalStateException("unreadable type " + tensor.type());
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Sequential little-endian reads that never pass the end of the file. */
    private static final class Cursor {
        private final Path file;
        private final FileChannel channel;
        private final long size;
        private long position;
        private final ByteBuffer window = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        private long windowStart = -1;

        Cursor(Path file, FileChannel channel) throws IOException {
            this.file = file;
            this.channel = channel;
            this.size = channel.size();
        }

        long remaining() {
            return size - position;
        }

        /** The next {@code n} bytes as a little-endian buffer. */
        ByteBuffer bytes(long n, String field) throws IOException {
            if (n > remaining()) {
                throw new ModelFormatException(file + ": " + field + " needs " + n + " bytes at byte " + position
                        + ", past the end of the " + size + "-byte file; the file is truncated or damaged");
            }
            ByteBuffer result;
            if (n <= window.capacity()) {
                if (windowStart < 0 || position < windowStart || position + n > windowStart + window.limit()) {
                    window.clear();
                    windowStart = position;
                    long at = position;
                    while (window.hasRemaining() && at < size) {
                        int read = channel.read(window, at);
                        if (read < 0) {
                            break;
                        }
                        at += read;
                    }
                    window.flip();
                }
                result = window.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                result.position((int) (position - windowStart));
                result.limit((int) (position - windowStart + n));
                result = result.slice().order(ByteOrder.LITTLE_ENDIAN);
            } else {
                result = ByteBuffer.allocate((int) n).order(ByteOrder.LITTLE_ENDIAN);
                long at = position;
                while (result.hasRemaining()) {
                    int read = channel.read(result, at);
                    if (read < 0) {
                        throw new ModelFormatException(file + ": unexpected end of file at byte " + at);
                    }
                    at += read;
                }
                result.flip();
            }
            position += n;
            return result;
        }

        long u32(String field) throws IOException {
            return bytes(4, field).getInt() & 0xffffffffL;
        }

        long u64(String field) throws IOException {
            return bytes(8, field).getLong();
        }

        String string(String field) throws IOException {
            long length = u64("length of " + field);
            if (length < 0 || length > remaining() || length > Integer.MAX_VALUE - 8) {
                throw new ModelFormatException(file + ": " + field + " claims a string of " + Long.toUnsignedString(length)
                        + " bytes at byte " + position + ", more than the " + remaining() + " bytes left in the file");
            }
            ByteBuffer bytes = bytes(length, field);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
            } catch (CharacterCodingException e) {
                throw new ModelFormatException(file + ": " + field + " is not valid UTF-8");
            }
        }
    }
}
