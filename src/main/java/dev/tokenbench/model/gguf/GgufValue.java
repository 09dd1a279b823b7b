package dev.tokenbench.model.gguf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One GGUF metadata value: its type and its Java value. Integers of every width are {@link Long} (UINT64 as the
 * same 64 bits), FLOAT32 is {@link Float}, FLOAT64 {@link Double}, BOOL {@link Boolean}, STRING {@link String},
 * ARRAY an unmodifiable {@link List} of values of {@code elementType}.
 *
 * @param type        the value's type
 * @param elementType for an ARRAY the type of its elements, else {@code null}
 * @param value       the value
 */
public record GgufValue(Type type, Type elementType, Object value) {

    /** GGUF's metadata value types, by their stored number; {@code minBytes} is the smallest encoding. */
    public enum Type {
        UINT8(1), INT8(1), UINT16(2), INT16(2), UINT32(4), INT32(4), FLOAT32(4), BOOL(1), STRING(8), ARRAY(12),
        UINT64(8), INT64(8), FLOAT64(8);

        private final int minBytes;

        Type(int minBytes) {
            this.minBytes = minBytes;
        }

        /** Bytes of the shortest value of this type (a string's 8-byte length, an array's 4-byte type and 8-byte count). */
        int minBytes() {
            return minBytes;
        }

        /** The number GGUF stores for this type. */
        int id() {
            return ordinal();
        }

        static Optional<Type> byId(long id) {
            return id >= 0 && id < values().length ? Optional.of(values()[(int) id]) : Optional.empty();
        }
    }

    public GgufValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if ((type == Type.ARRAY) != (elementType != null)) {
            throw new IllegalArgumentException("an element type is given for arrays and only for arrays");
        }
    }

    static GgufValue uint32(long value) {
        return new GgufValue(Type.UINT32, null, value);
    }

    static GgufValue float32(float value) {
        return new GgufValue(Type.FLOAT32, null, value);
    }

    static GgufValue bool(boolean value) {
        return new GgufValue(Type.BOOL, null, value);
    }

    static GgufValue string(String value) {
        return new GgufValue(Type.STRING, null, value);
    }

    static GgufValue strings(List<String> values) {
        return new GgufValue(Type.ARRAY, Type.STRING, List.copyOf(values));
    }

    static GgufValue float32s(float[] values) {
        List<Object> list = new ArrayList<>(values.length);
        for (float v : values) {
            list.add(v);
        }
        return new GgufValue(Type.ARRAY, Type.FLOAT32, Collections.unmodifiableList(list));
    }

    static GgufValue int32s(int[] values) {
        List<Object> list = new ArrayList<>(values.length);
        for (int v : values) {
            list.add((long) v);
        }
        return new GgufValue(Type.ARRAY, Type.INT32, Collections.unmodifiableList(list));
    }

    /** The elements of an ARRAY value. */
    public List<?> elements() {
        if (type != Type.ARRAY) {
            throw new IllegalStateException("not an array: " + type);
        }
        return (List<?>) value;
    }

    /** The value as a number, for integer and float types. */
    public long asLong() {
        return ((Number) value).longValue();
    }

    /** Short text for {@code model info}: scalars as they are, arrays as their type and length. */
    public String describe() {
        if (type == Type.ARRAY) {
            return elementType.name().toLowerCase(java.util.Locale.ROOT) + "[" + elements().size() + "]";
        }
        if (value instanceof String text) {
            return text.length() > 60 ? '"' + text.substring(0, 57) + "...\"" : '"' + text + '"';
        }
        if (type == Type.UINT64) {
            return Long.toUnsignedString((Long) value);
        }
        return value instanceof float[] floats ? Arrays.toString(floats) : value.toString();
    }
}
