package dev.tokenbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

    @TempDir
    Path dir;

    /** Writes a file with the given header length field, header text and zeroed data area. */
    private Path raw(long headerLength, String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(headerLength).put(json);
        return Files.write(dir.resolve("model.safetensors"), bytes.array());
    }

    private Path raw(String header, int dataBytes) throws IOException {
        return raw(header.getBytes(StandardCharsets.UTF_8).length, header, dataBytes);
    }

    private String openError(Path file) {
        try {
            SafetensorsFile.open(file).close();
            throw new AssertionError("opened " + file);
        } catch (IOException e) {
            assertThat(e).isInstanceOf(ModelFormatException.class);
            return e.getMessage();
        }
    }

    @Test
    void open_validFile_exposesNamesInfoAndMetadata() throws IOException {
        Path file = dir.resolve("model.safetensors");
        try (SafetensorsWriter writer = SafetensorsWriter.create(file, List.of(new TensorInfo("b", DType.F32, new long[] {2, 3}),
                new TensorInfo("a", DType.F16, new long[] {4})), Map.of("format", "pt"))) {
            writer.write(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 0, 10);
            writer.commit();
        }

        try (SafetensorsFile source = SafetensorsFile.open(file)) {
            assertThat(source.names()).containsExactly("b", "a");
            assertThat(source.info("b")).isEqualTo(new TensorInfo("b", DType.F32, new long[] {2, 3}));
            assertThat(source.metadata()).containsExactly(Map.entry("format", "pt"));
            FloatBuffer b = source.floats("b");
            assertThat(b.isReadOnly()).isTrue();
            assertThat(b.isDirect()).isTrue();
            assertThat(b.order()).isEqualTo(ByteOrder.nativeOrder());
            assertThat(new float[] {b.get(0), b.get(5)}).containsExactly(0, 5);
            FloatBuffer a = source.floats("a");
            assertThat(a.isDirect()).isTrue();
            assertThat(a.remaining()).isEqualTo(4);
            assertThat(new float[] {a.get(0), a.get(1), a.get(2), a.get(3)}).containsExactly(6, 7, 8, 9);
        }
    }

    @Test
    void floatBytes_f32AndF16_readOnlyMappedViewAndNewConvertedBuffer() throws IOException {
        Path file = dir.resolve("model.safetensors");
        try (SafetensorsWriter writer = SafetensorsWriter.create(file, List.of(new TensorInfo("b", DType.F32, new long[] {2, 3}),
                new TensorInfo("a", DType.F16, new long[] {4})), Map.of())) {
            writer.write(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 0, 10);
            writer.commit();
        }

        try (SafetensorsFile source = SafetensorsFile.open(file)) {
            ByteBuffer b = source.floatBytes("b");
            assertThat(b.isReadOnly()).as("a view of the mapped file").isTrue();
            assertThat(b.order()).isEqualTo(ByteOrder.nativeOrder());
            assertThat(new float[] {b.getFloat(0), b.getFloat(20)}).containsExactly(0, 5);
            ByteBuffer a = source.floatBytes("a");
            assertThat(a.isReadOnly()).as("a new buffer").isFalse();
            assertThat(a.isDirect()).isTrue();
            assertThat(a.order()).isEqualTo(ByteOrder.nativeOrder());
            assertThat(a.remaining()).isEqualTo(16);
            assertThat(new float[] {a.getFloat(0), a.getFloat(12)}).containsExactly(6, 9);
        }
    }

    @Test
    void open_bf16Tensor_convertsByShift() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3fc0).putShort((short) 0xc2f7);
        String header = "{\"w\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}";
        Path file = raw(header, 4);
        byte[] bytes = Files.readAllBytes(file);
        System.arraycopy(data.array(), 0, bytes, bytes.length - 4, 4);
        Files.write(file, bytes);

        try (SafetensorsFile source = SafetensorsFile.open(file)) {
            FloatBuffer w = source.floats("w");
            assertThat(w.get(0)).isEqualTo(1.5f);
            assertThat(w.get(1)).isEqualTo(Float.intBitsToFloat(0xc2f70000));
        }
    }

    @Test
    void open_missingTensor_namesFileAndTensor() throws IOException {
        Path file = raw("{}", 0);

        try (SafetensorsFile source = SafetensorsFile.open(file)) {
            assertThatThrownBy(() -> source.info("lm_head.weight")).hasMessage(file + ": no tensor named lm_head.weight");
        }
    }

    @Test
    void open_fileShorterThanEightBytes_isRejected() throws IOException {
        Path file = Files.write(dir.resolve("model.safetensors"), new byte[5]);

        assertThat(openError(file)).isEqualTo(file
                + ": file is 5 bytes, too short for safetensors (an 8-byte header length, a JSON header, then data)");
    }

    @Test
    void open_headerLengthBeyondFile_isRejected() throws IOException {
        Path file = raw(1000, "{}", 0);

        assertThat(openError(file)).isEqualTo(file
                + ": header length 1000 bytes runs past the end of the 10-byte file; the file is truncated or not safetensors");
    }

    @Test
    void open_absurdHeaderLength_isRejected() throws IOException {
        Path file = raw(-1, "{}", 0);

        assertThat(openError(file)).isEqualTo(file
                + ": header length 18446744073709551615 bytes exceeds the 100000000-byte limit; not a safetensors file or damaged");
    }

    @Test
    void open_headerNotJson_givesLineAndColumn() throws IOException {
        Path file = raw("{\"w\": nope}", 0);

        assertThat(openError(file)).isEqualTo(file + ": not valid JSON at line 1, column 12: Unrecognized token 'nope': "
                + "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
    }

    @Test
    void open_headerNotObject_isRejected() throws IOException {
        Path file = raw("[1, 2]", 0);

        assertThat(openError(file)).isEqualTo(file + ": header is an array; expected a JSON object of tensors");
    }

    @Test
    void open_unknownDtype_listsSupportedOnes() throws IOException {
        Path file = raw("{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8);

        assertThat(openError(file)).isEqualTo(file + ": tensor ids has dtype \"I64\"; supported dtypes: F32, F16, BF16");
    }

    @Test
    void open_negativeShape_isRejected() throws IOException {
        Path file = raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-3],\"data_offsets\":[0,0]}}", 0);

        assertThat(openError(file)).isEqualTo(file + ": tensor w has shape [2, -3]; expected non-negative dimensions");
    }

    @Test
    void open_elementCountOverflow_isRejected() throws IOException {
        Path file = raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}", 0);

        assertThat(openError(file)).isEqualTo(file
                + ": tensor w has shape [4294967296, 4294967296] whose byte count overflows 64 bits");
    }

    @Test
    void open_offsetsOutsideDataArea_isRejected() throws IOException {
        Path file = raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}", 16);

        assertThat(openError(file)).isEqualTo(file
                + ": tensor w has data_offsets [8, 24] outside the data area [0, 16]; the file is truncated or damaged");
    }

    @Test
    void open_sizeNotMatchingShape_isRejected() throws IOException {
        Path file = raw("{\"w\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,16]}}", 16);

        assertThat(openError(file)).isEqualTo(file
                + ": tensor w has data_offsets [0, 16] (16 bytes), but shape [4] of F16 needs 8 bytes");
    }

    @Test
    void open_overlappingTensors_namesBoth() throws IOException {
        Path file = raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12);

        assertThat(openError(file)).isEqualTo(file + ": tensors a [0, 8] and b [4, 12] overlap; each tensor needs its own byte range");
    }

    @Test
    void open_malformedOffsets_isRejected() throws IOException {
        Path file = raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":\"0-4\"}}", 4);

        assertThat(openError(file)).isEqualTo(file + ": tensor w has data_offsets the string \"0-4\"; expected [begin, end] byte offsets");
    }

    @Test
    void open_metadataNotStrings_isRejected() throws IOException {
        Path file = raw("{\"__metadata__\":{\"format\":1}}", 0);

        assertThat(openError(file)).isEqualTo(file + ": __metadata__ field format is the number 1; expected a string");
    }

    @Test
    void open_missingFile_saysNotFound() {
        Path file = dir.resolve("model.safetensors");

        assertThat(openError(file)).isEqualTo(file + ": file not found");
    }
}
