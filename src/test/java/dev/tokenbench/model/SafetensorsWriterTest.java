package dev.tokenbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {

    @TempDir
    Path dir;

    @Test
    void write_twoTensors_producesExactBytes() throws IOException {
        Path file = dir.resolve("model.safetensors");

        SafetensorsWriter.write(file,
                List.of(new TensorInfo("a", DType.F32, new long[] {2}), new TensorInfo("b", DType.BF16, new long[] {1, 2})),
                List.of(new float[] {1.0f, -2.0f}, new float[] {1.0f, 0.5f}));

        byte[] bytes = Files.readAllBytes(file);
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[8,12]}}";
        int headerBytes = (json.length() + 7) / 8 * 8;
        ByteBuffer expected = ByteBuffer.allocate(8 + headerBytes + 12).order(ByteOrder.LITTLE_ENDIAN);
        expected.putLong(headerBytes).put(json.getBytes(StandardCharsets.US_ASCII));
        while (expected.position() < 8 + headerBytes) {
            expected.put((byte) ' ');
        }
        expected.putFloat(1.0f).putFloat(-2.0f).putShort((short) 0x3f80).putShort((short) 0x3f00);
        assertThat(bytes).isEqualTo(expected.array());
    }

    @Test
    void write_metadata_comesFirstInHeader() throws IOException {
        byte[] header = SafetensorsWriter.header(List.of(new TensorInfo("w", DType.F16, new long[] {3})),
                Map.of("format", "pt"));

        assertThat(new String(header, StandardCharsets.UTF_8).trim())
                .isEqualTo("{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]}}");
        assertThat(header.length % 8).isZero();
    }

    @Test
    void close_withoutCommit_leavesNoFile() throws IOException {
        Path file = dir.resolve("model.safetensors");

        try (SafetensorsWriter writer = SafetensorsWriter.create(file, List.of(new TensorInfo("w", DType.F32, new long[] {4})),
                Map.of())) {
            writer.write(new float[] {1, 2}, 0, 2);
        }

        try (var listing = Files.list(dir)) {
            assertThat(listing).isEmpty();
        }
    }

    @Test
    void commit_incompleteTensor_namesTensorAndMissingValues() throws IOException {
        Path file = dir.resolve("model.safetensors");

        try (SafetensorsWriter writer = SafetensorsWriter.create(file, List.of(new TensorInfo("w", DType.F32, new long[] {4})),
                Map.of())) {
            writer.write(new float[] {1}, 0, 1);
            assertThatThrownBy(writer::commit).isInstanceOf(IllegalStateException.class)
                    .hasMessage(file + ": tensor w is missing 3 values");
        }
    }

    @Test
    void write_valuesSpanningChunks_readBackIdentical() throws IOException {
        Path file = dir.resolve("model.safetensors");
        float[] values = new float[700_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25f;
        }
        List<TensorInfo> tensors = List.of(new TensorInfo("x", DType.F32, new long[] {350_000}),
                new TensorInfo("y", DType.F16, new long[] {350_000}));

        try (SafetensorsWriter writer = SafetensorsWriter.create(file, tensors, Map.of())) {
            for (int from = 0; from < values.length; from += 99_999) {
                writer.write(values, from, Math.min(99_999, values.length - from));
            }
            writer.commit();
        }

        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertThat(read.floats("x").get(349_999)).isEqualTo(349_999 * 0.25f);
            assertThat(read.floats("y").get(0)).isEqualTo(HalfFloats.f16ToFloat(HalfFloats.floatToF16(350_000 * 0.25f)));
        }
    }
}
