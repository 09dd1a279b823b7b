package dev.tokenbench.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.tokenbench.model.LlamaConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The decoder's forward pass as a TorchScript module that libtorch runs in C++: one native call per forward pass
 * instead of one JNI call, one Java {@code PtNDArray} and one dispatch per op (about 500 ops per decode step of
 * a 12-layer model, several microseconds each). The model is {@code llama_decoder.py} next to this class,
 * TorchScript source computing what {@link LlamaModel} computes (in fewer ops: see its header); this class packs it into a TorchScript archive in
 * memory, lets libtorch compile it ({@link JniUtils#loadModule}) and calls it with the weights (the projections
 * packed once for oneDNN by the module's own {@code pack}), KV cache and rotary tables as arguments (the module has no parameters of its own, so the archive holds no tensors).
 *
 * <p>The archive is what {@code torch.jit.save} writes for such a module: a zip whose entries share one top folder,
 * {@code code/__torch__.py} (the source), {@code data.pkl} (a pickle of the module object: its class and its one
 * attribute, {@code training}), {@code constants.pkl} (an empty tuple) and {@code version} (the file format,
 * 3). Argument lists that do not change between passes (weights, rotary tables, shape, each cache's layers) are
 * built once and reused.
 */
final class TorchScriptLlama implements ForwardPass, AutoCloseable {

    /** The TorchScript class, as {@code llama_decoder.py} names it. */
    static final String MODULE_CLASS = "LlamaDecoder";
    static final String SOURCE_RESOURCE = "llama_decoder.py";
    /** TorchScript archive format version written: the one {@code torch.jit.save} writes for modules like this. */
    private static final String FILE_FORMAT_VERSION = "3";

    private final LlamaConfig config;
    private final PtSymbolBlock module;
    private final IValue weights;
    private final IValue rope;
    private final IValue shape;
    private final IValue dimTimesEps;
    private KvCache cache;
    private IValue cacheKeys;
    private IValue cacheValues;

    private TorchScriptLlama(LlamaConfig config, PtSymbolBlock module, IValue weights, IValue rope, IValue shape, IValue dimTimesEps) {
        this.config = config;
        this.module = module;
        this.weights = weights;
        this.rope = rope;
        this.shape = shape;
        this.dimTimesEps = dimTimesEps;
    }

    /**
     * Compiles the module and binds it to {@code model}'s weights and rotary tables (which must outlive it).
     *
     * @throws IllegalStateException when libtorch rejects the archive, with its message
     */
    static TorchScriptLlama compile(LlamaModel model, NDManager manager) {
        return compile(model, manager, source());
    }

    /** {@link #compile(LlamaModel, NDManager)} with other TorchScript source defining {@link #MODULE_CLASS} (for A/B probes). */
    static TorchScriptLlama compile(LlamaModel model, NDManager manager, String source) {
        PtSymbolBlock module = load(manager, source);
        LlamaConfig config = model.config();
        LlamaWeights w = model.weights();
        List<PtNDArray> weights = new ArrayList<>();
        weights.add((PtNDArray) w.embedding());
        weights.add(owned(w.finalNorm().reshape(1, config.hiddenSize()), manager));
        weights.add(pack(module, w.output(), manager));
        for (LlamaWeights.LayerWeights layer : w.layers()) {
            weights.add(pack(module, layer.qkv(), manager));
            weights.add(pack(module, layer.attentionOutput(), manager));
            weights.add(pack(module, layer.gateUp(), manager));
            weights.add(pack(module, layer.down(), manager));
        }
        // rotary tables with one row per position, [positions, headDim], as the module's row layout reads them
        PtNDArray cos = rowPerPosition(model.rope().cos(), manager);
        PtNDArray signedSin = rowPerPosition(model.rope().signedSin(), manager);
        return new TorchScriptLlama(config, module,
                IValue.listFrom(weights.toArray(PtNDArray[]::new)),
                IValue.listFrom(cos, signedSin),
                IValue.listFrom(config.numAttentionHeads(), config.numKeyValueHeads(), config.headDim(), config.intermediateSize()),
                IValue.from((PtNDArray) model.dimTimesEps()));
    }

    /**
     * The module compiled by libtorch from {@code source}, without weights.
     *
     * @throws IllegalStateException when libtorch rejects the source, with its message
     */
    static PtSymbolBlock load(NDManager manager, String source) {
        try (InputStream archive = new ByteArrayInputStream(archive(source))) {
            return JniUtils.loadModule((PtNDManager) manager, archive, false, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("libtorch cannot compile the decoder's TorchScript source (" + SOURCE_RESOURCE + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * {@code weight} [out, in] reordered by the module's {@code pack} into oneDNN's packed layout: a new tensor that
     * {@code manager} owns (so the engine's memory accounting counts it); the dense weight is left as it was.
     */
    static PtNDArray pack(PtSymbolBlock module, NDArray weight, NDManager manager) {
        try (IValue dense = IValue.from((PtNDArray) weight);
             IValue packed = IValueUtils.runMethod(module, "pack", dense)) {
            return packed.toTensor((PtNDManager) manager);
        }
    }

    /** A contiguous copy of the transposed {@code [headDim, positions]} table, owned by {@code manager}. */
    private static PtNDArray rowPerPosition(NDArray table, NDManager manager) {
        try (NDArray view = table.transpose()) {
            return owned(view.duplicate(), manager);
        }
    }

    private static PtNDArray owned(NDArray array, NDManager manager) {
        array.attach(manager);
        return (PtNDArray) array;
    }

    @Override
    public LlamaConfig config() {
        return config;
    }

    @Override
    public NDArray forward(NDManager step, long[] tokenIds, int seq, int firstRow, int[] startPositions, KvCache cache) {
        bind(cache);
        long[] starts = new long[startPositions.length];
        for (int row = 0; row < starts.length; row++) {
            starts[row] = startPositions[row];
        }
        try (IValue ids = IValue.from((PtNDArray) step.create(tokenIds));
             IValue seqValue = IValue.from((long) seq);
             IValue firstRowValue = IValue.from((long) firstRow);
             IValue startsValue = IValue.listFrom(starts);
             IValue logits = IValueUtils.runMethod(module, "forward", weights, cacheKeys, cacheValues, rope, shape, dimTimesEps,
                     ids, seqValue, firstRowValue, startsValue)) {
            return logits.toTensor((PtNDManager) step);
        }
    }

    /** Argument lists of {@code cache}'s layers, built when the cache changes (a new request shape). */
    private void bind(KvCache cache) {
        if (this.cache == cache) {
            return;
        }
        releaseCache();
        this.cacheKeys = IValue.listFrom(cache.keyLayers());
        this.cacheValues = IValue.listFrom(cache.valueLayers());
        this.cache = cache;
    }

    private void releaseCache() {
        if (cacheKeys != null) {
            cacheKeys.close();
            cacheValues.close();
            cacheKeys = null;
            cacheValues = null;
            cache = null;
        }
    }

    @Override
    public void close() {
        releaseCache();
        weights.close();
        rope.close();
        shape.close();
        dimTimesEps.close();
        module.close();
    }

    /** The TorchScript source of the model, {@code llama_decoder.py}. */
    static String source() {
        try (InputStream in = TorchScriptLlama.class.getResourceAsStream(SOURCE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + SOURCE_RESOURCE + " is missing from the class path next to "
                        + TorchScriptLlama.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TorchScript archive of a parameterless module whose class {@link #MODULE_CLASS} is defined by {@code source}. */
    static byte[] archive(String source) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            store(zip, "archive/data.pkl", modulePickle(MODULE_CLASS));
            store(zip, "archive/code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            store(zip, "archive/constants.pkl", EMPTY_TUPLE_PICKLE);
            store(zip, "archive/version", (FILE_FORMAT_VERSION + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Pickle protocol 2: {@code PROTO 2, EMPTY_TUPLE, STOP}. */
    private static final byte[] EMPTY_TUPLE_PICKLE = {(byte) 0x80, 2, ')', '.'};

    /**
     * Pickle protocol 2 of an object of TorchScript class {@code __torch__.<className>} whose state is
     * {@code {"training": False}}: {@code PROTO 2, GLOBAL "__torch__" className, EMPTY_TUPLE, NEWOBJ, EMPTY_DICT,
     * MARK, BINUNICODE "training", NEWFALSE, SETITEMS, BUILD, STOP}, as libtorch's pickler writes a module.
     */
    static byte[] modulePickle(String className) {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.write(0x80);
        pickle.write(2);
        pickle.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
        pickle.write(')');
        pickle.write(0x81);
        pickle.write('}');
        pickle.write('(');
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        pickle.write('X');
        pickle.write(key.length);  // 4-byte little-endian length
        pickle.write(0);
        pickle.write(0);
        pickle.write(0);
        pickle.writeBytes(key);
        pickle.write(0x89);
        pickle.write('u');
        pickle.write('b');
        pickle.write('.');
        return pickle.toByteArray();
    }

    /** An uncompressed entry (what PyTorch's own writer stores). */
    private static void store(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }
}
