package dev.tokenbench.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One safetensors file, memory-mapped read-only: an 8-byte little-endian header length, a JSON header of tensors
 * ({@code dtype}, {@code shape}, {@code data_offsets} relative to the end of the header, optional
 * {@code __metadata__}), then the data area.
 *
 * <p>Opening reads and checks the header only; the data is mapped one tensor region at a time, so files beyond 2 GiB
 * work as long as each tensor is below 2 GiB. A hostile or damaged header ends in a one-line
 * {@link ModelFormatException} naming the file and the tensor. Closing the file does not unmap buffers already handed
 * out: Java unmaps them when they become unreachable.
 */
final class SafetensorsFile implements TensorSource {

    /** Largest header accepted: real headers are kilobytes to a few megabytes, so more means a damaged file. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private record Entry(TensorInfo info, long begin, long end) {
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path file, FileChannel channel, long dataStart, Map<String, Entry> entries,
            Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Opens and checks {@code file}; nothing but the header is read. */
    static SafetensorsFile open(Path file) throws IOException {
        return MappedFiles.open(file, SafetensorsFile::read);
    }

    private static SafetensorsFile read(Path file, FileChannel channel) throws IOException {
        long fileBytes = channel.size();
        if (fileBytes < 8) {
            throw new ModelFormatException(file + ": file is " + fileBytes
                    + " bytes, too short for safetensors (an 8-byte header length, a JSON header, then data)");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, channel, lengthBytes, 0);
        long headerBytes = lengthBytes.flip().getLong();
        if (headerBytes < 0 || headerBytes > MAX_HEADER_BYTES) {
            throw new ModelFormatException(file + ": header length " + Long.toUnsignedString(headerBytes)
                    + " bytes exceeds the " + MAX_HEADER_BYTES + "-byte limit; not a safetensors file or damaged");
        }
        if (headerBytes > fileBytes - 8) {
            throw new ModelFormatException(file + ": header length " + headerBytes + " bytes runs past the end of the "
                    + fileBytes + "-byte file; the file is truncated or not safetensors");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerBytes);
        readFully(file, channel, header, 8);
        JsonNode root = JsonFiles.parse(file, header.array());
        if (!root.isObject()) {
            throw new ModelFormatException(file + ": header is " + JsonFiles.describe(root)
                    + "; expected a JSON object of tensors");
        }
        long dataStart = 8 + headerBytes;
        long dataBytes = fileBytes - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> list = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals("__metadata__")) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                list.add(entry(file, field.getKey(), field.getValue(), dataBytes));
            }
        }
        list.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        Entry previous = null;
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Entry entry : list) {
            if (entry.end() > entry.begin()) {
                if (previous != null && entry.begin() < previous.end()) {
                    throw new ModelFormatException(file + ": tensors " + previous.info().name() + " [" + previous.begin()
                            + ", " + previous.end() + "] and " + entry.info().name() + " [" + entry.begin() + ", "
                            + entry.end() + "] overlap; each tensor needs its own byte range");
                }
                previous = entry;
            }
            entries.put(entry.info().name(), entry);
        }
        return new SafetensorsFile(file, channel, dataStart, Collections.unmodifiableMap(entries),
                Collections.unmodifiableMap(metadata));
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> metadata) throws ModelFormatException {
        if (!node.isObject()) {
            throw new ModelFormatException(file + ": __metadata__ is " + JsonFiles.describe(node)
                    + "; expected an object of strings");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw new ModelFormatException(file + ": __metadata__ field " + field.getKey() + " is "
                        + JsonFiles.describe(field.getValue()) + "; expected a string");
            }
            metadata.put(field.getKey(), field.getValue().textValue());
        }
    }

    private static Entry entry(Path file, String name, JsonNode node, long dataBytes) throws ModelFormatException {
        String where = file + ": tensor " + name;
        if (!node.isObject()) {
            throw new ModelFormatException(where + " is " + JsonFiles.describe(node)
                    + "; expected an object with dtype, shape and data_offsets");
        }
        JsonNode dtypeNode = node.path("dtype");
        if (!dtypeNode.isTextual()) {
            throw new ModelFormatException(where + " has dtype " + JsonFiles.describe(dtypeNode)
                    + "; expected one of " + DType.supportedSafetensorsNames());
        }
        DType dtype = DType.fromSafetensorsName(dtypeNode.textValue()).orElseThrow(() -> new ModelFormatException(
                where + " has dtype " + dtypeNode + "; supported dtypes: " + DType.supportedSafetensorsNames()));
        long[] shape = longs(node.path("shape"), where + " has shape", "an array of non-negative integers");
        if (Arrays.stream(shape).anyMatch(dim -> dim < 0)) {
            throw new ModelFormatException(where + " has shape " + Arrays.toString(shape)
                    + "; expected non-negative dimensions");
        }
        TensorInfo info = new TensorInfo(name, dtype, shape);
        long expectedBytes;
        try {
            expectedBytes = info.byteCount();
        } catch (ArithmeticException e) {
            throw new ModelFormatException(where + " has shape " + Arrays.toString(shape)
                    + " whose byte count overflows 64 bits");
        }
        long[] offsets = longs(node.path("data_offsets"), where + " has data_offsets", "[begin, end] byte offsets");
        if (offsets.length != 2) {
            throw new ModelFormatException(where + " has data_offsets " + Arrays.toString(offsets)
                    + "; expected [begin, end] byte offsets");
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin < 0 || end < begin || end > dataBytes) {
            throw new ModelFormatException(where + " has data_offsets [" + begin + ", " + end
                    + "] outside the data area [0, " + dataBytes + "]; the file is truncated or damaged");
        }
        if (end - begin != expectedBytes) {
            throw new ModelFormatException(where + " has data_offsets [" + begin + ", " + end + "] (" + (end - begin)
                    + " bytes), but shape " + Arrays.toString(shape) + " of " + dtype.safetensorsName() + " needs "
                    + expectedBytes + " bytes");
        }
        return new Entry(info, begin, end);
    }

    private static long[] longs(JsonNode node, String what, String expected) throws ModelFormatException {
        boolean valid = node.isArray();
        for (JsonNode element : node) {
            valid &= element.isIntegralNumber() && element.canConvertToLong();
        }
        if (!valid) {
            throw new ModelFormatException(what + " " + (node.isArray() ? node.toString() : JsonFiles.describe(node))
                    + "; expected " + expected);
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = node.get(i).longValue();
        }
        return values;
    }

    private static void readFully(Path file, FileChannel channel, ByteBuffer target, long position) throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int read = channel.read(target, at);
            if (read < 0) {
                throw new ModelFormatException(file + ": unexpected end of file at byte " + at + "; the file shrank while being read");
            }
            at += read;
        }
    }

    /** The file this source reads. */
    Path file() {
        return file;
    }

    /** The {@code __metadata__} strings of the header, empty if it has none. */
    Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(entries.keySet()));
    }

    @Override
    public TensorInfo info(String name) throws ModelFormatException {
        return entry(name).info();
    }

    @Override
    public FloatBuffer floats(String name) throws IOException {
        return floatBytes(name).asFloatBuffer();
    }

    @Override
    public ByteBuffer floatBytes(String name) throws IOException {
        Entry entry = entry(name);
        long bytes = entry.end() - entry.begin();
        long floatBytes = entry.info().elementCount() * Float.BYTES;
        if (floatBytes > Integer.MAX_VALUE) {
            throw new ModelFormatException(file + ": tensor " + name + " needs " + floatBytes
                    + " bytes as float32; tokenbench reads tensors up to " + Integer.MAX_VALUE + " bytes");
        }
        ByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + entry.begin(), bytes)
                .order(ByteOrder.LITTLE_ENDIAN);
        DType dtype = entry.info().dtype();
        if (dtype == DType.F32 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            return mapped;
        }
        int count = (int) entry.info().elementCount();
        ByteBuffer converted = ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder());
        FloatBuffer out = converted.asFloatBuffer();
        switch (dtype) {
            case F32 -> out.put(mapped.asFloatBuffer());
            case F16 -> {
                ShortBuffer in = mapped.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    out.put(i, HalfFloats.f16ToFloat(in.get(i)));
                }
            }
            case BF16 -> {
                ShortBuffer in = mapped.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    out.put(i, HalfFloats.bf16ToFloat(in.get(i)));
                }
            }
        }
        return converted;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private Entry entry(String name) throws ModelFormatException {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new ModelFormatException(file + ": no tensor named " + name);
        }
        return entry;
    }
}
