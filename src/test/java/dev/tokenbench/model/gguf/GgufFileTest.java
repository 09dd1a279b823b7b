package dev.tokenbench.model.gguf;

import dev.tokenbench.model.ModelFormatException;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GGUF reader on hand-built files: a valid one, then one hostile or damaged field at a time. */
class GgufFileTest {

    @TempDir
    Path dir;

    /** Little-endian bytes built field by field. */
    private static final class Bytes {
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        Bytes u32(long v) {
            buffer.putInt((int) v);
            return this;
        }

        Bytes u64(long v) {
            buffer.putLong(v);
            return this;
        }

        Bytes f32(float v) {
            buffer.putFloat(v);
            return this;
        }

        Bytes str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            buffer.putLong(b.length).put(b);
            return this;
        }

        Bytes padTo(int alignment) {
            while (buffer.position() % alignment != 0) {
                buffer.put((byte) 0);
            }
            return this;
        }

        byte[] array() {
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    /**
     * A valid file: 2 metadata pairs (a string and an array of 2 FLOAT32), 2 F32 tensors "a" [4] and "b" [2, 2]
     * at offsets 0 and 32. {@code edit} may change the header fields before they are written.
     */
    private Path file(Consumer<Header> edit) throws IOException {
        Header h = new Header();
        edit.accept(h);
        Bytes b = new Bytes().u32(h.magic).u32(h.version).u64(h.tensorCount).u64(h.metadataCount);
        b.str("general.architecture").u32(8).str("llama");
        b.str(h.secondKey).u32(9).u32(h.arrayType).u64(h.arrayCount).f32(1f).f32(2f);
        b.str("a").u32(1).u64(4).u32(0).u64(h.offsetA);
        b.str("b").u32(h.dimsB).u64(2).u64(h.dimB1);
        for (int d = 2; d < h.dimsB; d++) {
            b.u64(1);
        }
        b.u32(h.typeB).u64(h.offsetB);
        b.padTo(32);
        for (int i = 0; i < 12; i++) {
            b.f32(i);
        }
        byte[] bytes = b.array();
        return Files.write(dir.resolve("model.gguf"), Arrays.copyOf(bytes, Math.min(bytes.length, h.truncateTo)));
    }

    private static final class Header {
        long magic = GgufFile.MAGIC;
        long version = 3;
        long tensorCount = 2;
        long metadataCount = 2;
        String secondKey = "test.values";
        long arrayType = 6;
        long arrayCount = 2;
        long offsetA = 0;
        long dimsB = 2;
        long dimB1 = 2;
        long typeB = 0;
        long offsetB = 32;
        int truncateTo = Integer.MAX_VALUE;
    }

    private String openError(Consumer<Header> edit) throws IOException {
        Path file = file(edit);
        try {
            GgufFile.open(file).close();
            throw new AssertionError("opened a hostile file");
        } catch (ModelFormatException e) {
            assertThat(e.getMessage()).startsWith(file.toString()).doesNotContain("\n");
            return e.getMessage();
        }
    }

    @Test
    void open_validFile_readsMetadataTensorTableAndData() throws IOException {
        try (GgufFile gguf = GgufFile.open(file(h -> { }))) {
            assertThat(gguf.version()).isEqualTo(3);
            assertThat(gguf.metadata()).containsOnlyKeys("general.architecture", "test.values");
            assertThat(gguf.value("general.architecture").orElseThrow().value()).isEqualTo("llama");
            assertThat(List.copyOf(gguf.value("test.values").orElseThrow().elements())).isEqualTo(List.of(1f, 2f));
            assertThat(gguf.tensors()).extracting(GgufFile.Tensor::name).containsExactly("a", "b");
            assertThat(gguf.tensor("b").dims()).containsExactly(2, 2);
            assertThat(gguf.dataStart() % 32).isZero();
            assertThat(gguf.floats("a")).containsExactly(0, 1, 2, 3);
            assertThat(gguf.floats("b")).containsExactly(8, 9, 10, 11);
        }
    }

    @Test
    void open_emptyFile_failsNamingMagic() throws IOException {
        assertThat(openError(h -> h.truncateTo = 0)).contains("magic");
    }

    @Test
    void open_wrongMagic_failsNamingMagic() throws IOException {
        assertThat(openError(h -> h.magic = 0x12345678)).contains("magic is not GGUF");
    }

    @Test
    void open_unsupportedVersion_failsNamingVersion() throws IOException {
        assertThat(openError(h -> h.version = 1)).contains("version 1 is not supported");
    }

    @Test
    void open_tensorCountBeyondFile_failsBeforeAllocating() throws IOException {
        assertThat(openError(h -> h.tensorCount = Long.MAX_VALUE)).contains("tensor count 9223372036854775807 cannot fit");
    }

    @Test
    void open_metadataCountBeyondFile_failsBeforeAllocating() throws IOException {
        assertThat(openError(h -> h.metadataCount = -1)).contains("metadata count 18446744073709551615 cannot fit");
    }

    @Test
    void open_arrayLengthBeyondFile_failsNamingKey() throws IOException {
        assertThat(openError(h -> h.arrayCount = 1L << 40)).contains("metadata test.values claims 1099511627776 FLOAT32 elements");
    }

    @Test
    void open_unknownValueType_failsNamingKey() throws IOException {
        assertThat(openError(h -> h.arrayType = 99)).contains("metadata test.values is an array of unknown type 99");
    }

    @Test
    void open_nestedArray_failsNamingKey() throws IOException {
        assertThat(openError(h -> h.arrayType = 9)).contains("test.values is an array of arrays");
    }

    @Test
    void open_keyWithLineBreaksAndUnknownType_failsInOneLineWithTheBreaksEscaped() throws IOException {
        // found by GgufFuzzTest#ggufFile in CI: a metadata key holding a CR made the error two lines
        Path file = dir.resolve("model.gguf");
        Files.write(file, new Bytes().u32(GgufFile.MAGIC).u32(3).u64(0).u64(1).str("llama.attention.layer_no\r\n   rm_rms_eps")
                .u32(1852796009).u64(0).array());
        try {
            GgufFile.open(file).close();
            throw new AssertionError("opened");
        } catch (ModelFormatException e) {
            assertThat(e.getMessage()).doesNotContain("\r", "\n")
                    .endsWith(": metadata llama.attention.layer_no\\u000d\\u000a   rm_rms_eps has unknown value type 1852796009");
        }
    }

    @Test
    void open_stringLongerThanFile_failsNamingField() throws IOException {
        Path file = dir.resolve("model.gguf");
        Files.write(file, new Bytes().u32(GgufFile.MAGIC).u32(3).u64(0).u64(1).u64(1L << 50).u64(0).u64(0).u64(0).array());
        try {
            GgufFile.open(file).close();
            throw new AssertionError("opened");
        } catch (ModelFormatException e) {
            assertThat(e.getMessage()).startsWith(file.toString()).contains("metadata key 0 claims a string of 1125899906842624 bytes");
        }
    }

    @Test
    void open_duplicateKey_failsNamingKey() throws IOException {
        assertThat(openError(h -> h.secondKey = "general.architecture")).contains("metadata key general.architecture appears twice");
    }

    @Test
    void open_tooManyDimensions_failsNamingTensor() throws IOException {
        assertThat(openError(h -> h.dimsB = 5)).contains("tensor b has 5 dimensions; expected 1 to 4");
    }

    @Test
    void open_dimensionsOverflow_failsNamingTensor() throws IOException {
        assertThat(openError(h -> h.dimB1 = Long.MAX_VALUE / 2 + 1)).contains("tensor b has dimensions whose element count overflows");
    }

    @Test
    void open_unknownTensorType_failsNamingTensor() throws IOException {
        assertThat(openError(h -> h.typeB = 77)).contains("tensor b has type 77");
    }

    @Test
    void open_rowsNotWholeBlocks_failsNamingTensor() throws IOException {
        assertThat(openError(h -> h.typeB = GgmlType.Q8_0.id())).contains("tensor b has rows of 2 elements, not a multiple of the 32-element blocks of q8_0");
    }

    @Test
    void open_misalignedOffset_failsNamingTensor() throws IOException {
        assertThat(openError(h -> h.offsetB = 33)).contains("tensor b has offset 33, not a multiple of the alignment 32");
    }

    @Test
    void open_offsetBeyondData_failsNamingTensor() throws IOException {
        assertThat(openError(h -> h.offsetB = 1L << 40)).contains("tensor b has data [1099511627776, 1099511627792) outside the data area of 48 bytes");
    }

    @Test
    void open_overlappingTensors_failsNamingBoth() throws IOException {
        assertThat(openError(h -> h.offsetB = 0)).contains("tensors a and b overlap");
    }

    @Test
    void open_truncatedTensorTable_failsNamingField() throws IOException {
        assertThat(openError(h -> h.truncateTo = 150)).contains("past the end of the 150-byte file");
    }

    @Test
    void open_missingFile_failsNamingFile() {
        Path missing = dir.resolve("missing.gguf");
        try {
            GgufFile.open(missing).close();
            throw new AssertionError("opened");
        } catch (IOException e) {
            assertThat(e).hasMessage(missing + ": file not found");
        }
    }
}
