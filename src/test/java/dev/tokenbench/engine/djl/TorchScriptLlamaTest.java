package dev.tokenbench.engine.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tokenbench.model.LlamaConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TorchScript forward pass: the archive it is packed in, byte for byte where it matters, and its logits against
 * the op-by-op pass ({@link LlamaModel}) over a batch whose rows have different lengths (separate prefill passes, one
 * prompt in two of them, then decode steps at different positions, then one row alone), with grouped-query and with multi-head
 * attention, which takes every branch of the source (equal and unequal starts, causal prefill from position 0, masked
 * prefill after it, unmasked decode). The reference forward pass itself is checked in {@link LlamaModelTest}, through
 * the engine, which runs this module.
 */
class TorchScriptLlamaTest {

    @Test
    void modulePickle_isTheClassAndItsTrainingFlag_inPickleProtocol2() {
        byte[] expected = concat(
                new byte[] {(byte) 0x80, 2, 'c'}, ascii("__torch__\nLlamaDecoder\n"),
                new byte[] {')', (byte) 0x81, '}', '(', 'X', 8, 0, 0, 0}, ascii("training"),
                new byte[] {(byte) 0x89, 'u', 'b', '.'});
        assertThat(TorchScriptLlama.modulePickle("LlamaDecoder")).containsExactly(expected);
    }

    @Test
    void archive_holdsSourcePickleConstantsAndVersion_storedUnderOneFolder() throws Exception {
        String source = TorchScriptLlama.source();
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(TorchScriptLlama.archive(source)))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                names.add(entry.getName());
                assertThat(entry.getMethod()).as(entry.getName()).isEqualTo(ZipEntry.STORED);
                byte[] data = zip.readAllBytes();
                switch (entry.getName()) {
                    case "archive/code/__torch__.py" -> assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo(source);
                    case "archive/data.pkl" -> assertThat(data).containsExactly(TorchScriptLlama.modulePickle("LlamaDecoder"));
                    case "archive/constants.pkl" -> assertThat(data).containsExactly((byte) 0x80, 2, ')', '.');
                    case "archive/version" -> assertThat(new String(data, StandardCharsets.US_ASCII)).isEqualTo("3\n");
                    default -> throw new AssertionError("unexpected entry " + entry.getName());
                }
            }
        }
        assertThat(names).containsExactly("archive/data.pkl", "archive/code/__torch__.py", "archive/constants.pkl", "archive/version");
        assertThat(source).contains("class " + TorchScriptLlama.MODULE_CLASS + "(Module):");
    }

    static Stream<LlamaConfig> headLayouts() {
        return Stream.of(TinyModels.tiny(false), TinyModels.tinyMultiHead());
    }

    @ParameterizedTest
    @MethodSource("headLayouts")
    void forward_rowsOfDifferentLengths_logitsAndGreedyIdsMatchTheOpByOpPass(LlamaConfig config) throws Exception {
        RandomTensorSource source = new RandomTensorSource(config, 21);
        try (DjlPytorchEngine engine = Engines.open(config, source, 3);
             NDManager manager = NDManager.newBaseManager("PyTorch");
             KvCache opsCache = KvCache.allocate(manager, config, 3, 24);
             KvCache scriptCache = KvCache.allocate(manager, config, 3, 24)) {
            ForwardPass ops = engine.model();
            ForwardPass scripted = engine.scripted();
            // row 0: a 5-token prompt in two passes (3 tokens, then 2 from position 3); rows 1 and 2: 9-token prompts,
            // prefilled together
            long[] next = new long[3];
            long[] first = {1, 72, 101};
            long[] firstRest = {108, 108};
            long[] others = {1, 87, 111, 114, 108, 100, 33, 32, 65, 1, 66, 121, 116, 101, 115, 32, 97, 110};
            compare(manager, ops, opsCache, scripted, scriptCache, first, 3, 0, new int[] {0}, "prefill row 0, first pass");
            System.arraycopy(compare(manager, ops, opsCache, scripted, scriptCache, firstRest, 2, 0, new int[] {3}, "prefill row 0, second pass"),
                    0, next, 0, 1);
            System.arraycopy(compare(manager, ops, opsCache, scripted, scriptCache, others, 9, 1, new int[] {0, 0}, "prefill rows 1-2"),
                    0, next, 1, 2);
            int[] positions = {5, 9, 9};
            for (int step = 0; step < 6; step++) {
                next = compare(manager, ops, opsCache, scripted, scriptCache, next, 1, 0, positions.clone(), "decode step " + step);
                for (int row = 0; row < positions.length; row++) {
                    positions[row]++;
                }
            }
            // one row on its own (the single-row decode path), the last row of the cache
            compare(manager, ops, opsCache, scripted, scriptCache, new long[] {next[2]}, 1, 2, new int[] {positions[2]}, "decode row 2 alone");
        }
    }

    @Test
    void compile_sourceLibtorchRejects_failsNamingTheSourceAndLibtorchsReason() throws Exception {
        LlamaConfig config = TinyModels.tiny(true);
        String broken = "class LlamaDecoder(Module):\n  __parameters__ = []\n  __buffers__ = []\n  training : bool\n"
                + "  def forward(self: __torch__.LlamaDecoder,\n      x: Tensor) -> Tensor:\n    return torch.mm(x, notDefinedAnywhere)\n";
        try (DjlPytorchEngine engine = Engines.open(config, new RandomTensorSource(config, 3), 1);
             NDManager manager = NDManager.newBaseManager("PyTorch")) {
            assertThatThrownBy(() -> TorchScriptLlama.compile(engine.model(), manager, broken))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("libtorch cannot compile the decoder's TorchScript source (llama_decoder.py): ")
                    .hasMessageContaining("notDefinedAnywhere");
        }
    }

    /** Runs both passes on their own caches; asserts their logits agree and returns the greedy ids. */
    private static long[] compare(NDManager manager, ForwardPass ops, KvCache opsCache, ForwardPass scripted, KvCache scriptCache,
                                  long[] ids, int seq, int firstRow, int[] starts, String what) {
        try (NDManager step = manager.newSubManager()) {
            NDArray expected = ops.forward(step, ids, seq, firstRow, starts, opsCache);
            NDArray actual = scripted.forward(step, ids, seq, firstRow, starts, scriptCache);
            assertThat(actual.getShape()).as(what).isEqualTo(expected.getShape());
            float[] e = expected.toFloatArray();
            float[] a = actual.toFloatArray();
            double scale = 0;
            double worst = 0;
            for (int i = 0; i < e.length; i++) {
                scale = Math.max(scale, Math.abs(e[i]));
                worst = Math.max(worst, Math.abs(a[i] - e[i]));
            }
            assertThat(worst / scale).as(what + ": max |script - ops| / max |ops|").isLessThan(1e-5);
            long[] ids0 = expected.argMax(1).toLongArray();
            assertThat(actual.argMax(1).toLongArray()).as(what + ": greedy ids").containsExactly(ids0);
            return ids0;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }
}
