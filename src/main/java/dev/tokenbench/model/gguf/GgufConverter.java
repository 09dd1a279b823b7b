package dev.tokenbench.model.gguf;

import dev.tokenbench.model.LlamaCheckpoint;
import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.LlamaTensors;
import dev.tokenbench.model.ModelCache;
import dev.tokenbench.model.ModelFormatException;
import dev.tokenbench.model.TensorSource;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Converts a Hugging Face LLaMA-family folder (a preset or a user's checkpoint) to GGUF for llama.cpp, the way
 * llama.cpp's own {@code convert_hf_to_gguf.py} does, so that both engines compute the same model:
 * <ul>
 *   <li>tensor names {@code token_embd}, {@code blk.N.attn_q} ... {@code output}, dimensions in ggml order
 *       (a PyTorch {@code [out, in]} weight is {@code [in, out]}; the bytes are the same);</li>
 *   <li>{@code q_proj} and {@code k_proj} rows un-permuted from Hugging Face's rotate-half layout to llama.cpp's
 *       interleaved pairs ({@link #ropeRowOrder});</li>
 *   <li>matrices at the chosen precision, vectors in F32; {@code output.weight} only when the head is untied;</li>
 *   <li>full {@code llama.*} metadata (UINT32 counts, FLOAT32 epsilon and base) and the tokenizer vocabulary of
 *       exactly {@code vocab_size} tokens ({@link GgufVocabulary}); {@code rope_freqs.weight} for Llama 3.1 rope
 *       scaling.</li>
 * </ul>
 */
public final class GgufConverter {

    private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

    /**
     * Version of the conversion, stored as {@code tokenbench.converter_version}: bump it whenever the output changes,
     * so cached GGUF files of an older conversion are written again.
     */
    static final int CONVERTER_VERSION = 1;
    static final String VERSION_KEY = "tokenbench.converter_version";

    private GgufConverter() {
    }

    /** The GGUF file name of a precision: {@code model-f16.gguf}. */
    public static String fileName(GgufPrecision precision) {
        return "model-" + precision.label() + ".gguf";
    }

    /**
     * The GGUF of {@code modelFolder} at {@code precision}, converted first if it is missing, older than the
     * folder's files or from another {@linkplain #CONVERTER_VERSION converter version}: next to the model when the folder is writable (a preset's folder in the cache), else under
     * {@code <cache home>/gguf/}. Written atomically under a lock file, so JMH forks convert it once.
     */
    public static Path cached(Path modelFolder, GgufPrecision precision, ModelCache cache) throws IOException {
        Path target = cachedPath(modelFolder, precision, cache);
        if (upToDate(target, modelFolder)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        synchronized (JVM_LOCKS.computeIfAbsent(target.toAbsolutePath(), key -> new Object())) {
            try (FileChannel lockFile = FileChannel.open(target.resolveSibling("." + target.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = lockFile.lock();
                try {
                    if (!upToDate(target, modelFolder)) {
                        deleteLeftovers(target);
                        convert(modelFolder, precision, target);
                    }
                } finally {
                    lock.release();
                }
            }
        }
        return target;
    }

    /**
     * Deletes the temporary files of conversions to {@code target} that were killed before their rename (a conversion
     * never leaves a partial file under the final name, but a killed one leaves its temporary sibling); only called while
     * holding the lock, so no live conversion owns them. Each removal is told on standard error.
     */
    static void deleteLeftovers(Path target) throws IOException {
        String prefix = "." + target.getFileName() + ".";
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            for (Path sibling : (Iterable<Path>) siblings::iterator) {
                String name = sibling.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(".tmp") && Files.isRegularFile(sibling)) {
                    Files.deleteIfExists(sibling);
                    System.err.println("tokenbench: removed " + sibling + ", left by a GGUF conversion that was interrupted; converting again");
                }
            }
        }
    }

    /** Where {@link #cached} keeps the GGUF of {@code modelFolder}. */
    static Path cachedPath(Path modelFolder, GgufPrecision precision, ModelCache cache) {
        Path folder = modelFolder.toAbsolutePath().normalize();
        if (Files.isWritable(folder)) {
            return folder.resolve(fileName(precision));
        }
        String hash = Integer.toHexString(folder.toString().hashCode());
        return cache.home().resolve("gguf").resolve(folder.getFileName() + "-" + hash).resolve(fileName(precision));
    }

    private static boolean upToDate(Path gguf, Path modelFolder) throws IOException {
        if (!Files.isRegularFile(gguf)) {
            return false;
        }
        try (GgufFile file = GgufFile.open(gguf)) {
            if (!file.value(VERSION_KEY).map(v -> v.equals(GgufValue.uint32(CONVERTER_VERSION))).orElse(false)) {
                return false;
            }
        } catch (ModelFormatException e) {
            return false;
        }
        FileTime converted = Files.getLastModifiedTime(gguf);
        try (Stream<Path> files = Files.list(modelFolder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".gguf") && !name.startsWith(".") && Files.isRegularFile(file)
                        && Files.getLastModifiedTime(file).compareTo(converted) > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Converts the model folder {@code modelFolder} to the GGUF file {@code out} (replaced if it exists), written
     * into a temporary sibling and renamed into place.
     *
     * @throws ModelFormatException if the folder is not a loadable Llama-family checkpoint
     */
    public static void convert(Path modelFolder, GgufPrecision precision, Path out) throws IOException {
        Objects.requireNonNull(precision, "precision");
        Path target = out.toAbsolutePath();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path temporary = parent.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try (LlamaCheckpoint checkpoint = LlamaCheckpoint.open(modelFolder)) {
            LlamaConfig config = checkpoint.config();
            GgufVocabulary vocabulary = GgufVocabulary.read(checkpoint.tokenizerJson(), config.vocabSize());
            GgufWriter.write(temporary, metadata(modelFolder, config, precision, vocabulary), tensors(checkpoint, precision));
            dev.tokenbench.measure.AtomicFiles.moveIntoPlace(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    static Map<String, GgufValue> metadata(Path modelFolder, LlamaConfig config, GgufPrecision precision, GgufVocabulary vocabulary) {
        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        metadata.put("general.architecture", GgufValue.string("llama"));
        Path name = modelFolder.toAbsolutePath().normalize().getFileName();
        metadata.put("general.name", GgufValue.string(name == null ? "model" : name.toString()));
        metadata.put("general.alignment", GgufValue.uint32(GgufFile.DEFAULT_ALIGNMENT));
        metadata.put("general.file_type", GgufValue.uint32(precision.fileType()));
        metadata.put(VERSION_KEY, GgufValue.uint32(CONVERTER_VERSION));
        metadata.put("llama.vocab_size", GgufValue.uint32(config.vocabSize()));
        metadata.put("llama.context_length", GgufValue.uint32(config.maxPositionEmbeddings()));
        metadata.put("llama.embedding_length", GgufValue.uint32(config.hiddenSize()));
        metadata.put("llama.block_count", GgufValue.uint32(config.numHiddenLayers()));
        metadata.put("llama.feed_forward_length", GgufValue.uint32(config.intermediateSize()));
        metadata.put("llama.attention.head_count", GgufValue.uint32(config.numAttentionHeads()));
        metadata.put("llama.attention.head_count_kv", GgufValue.uint32(config.numKeyValueHeads()));
        metadata.put("llama.attention.layer_norm_rms_epsilon", GgufValue.float32((float) config.rmsNormEps()));
        metadata.put("llama.rope.dimension_count", GgufValue.uint32(config.headDim()));
        metadata.put("llama.rope.freq_base", GgufValue.float32((float) config.ropeTheta()));
        metadata.putAll(vocabulary.metadata(config.bosTokenId(), config.eosTokenId()));
        return metadata;
    }

    static List<GgufWriter.TensorData> tensors(LlamaCheckpoint checkpoint, GgufPrecision precision) throws IOException {
        LlamaConfig config = checkpoint.config();
        TensorSource source = checkpoint.tensors();
        long dim = config.hiddenSize();
        long kvDim = config.kvDim();
        long ffn = config.intermediateSize();
        long vocab = config.vocabSize();
        List<GgufWriter.TensorData> tensors = new ArrayList<>();
        tensors.add(matrix(source, LlamaTensors.EMBEDDING, "token_embd.weight", dim, vocab, precision, null));
        config.ropeScaling().ifPresent(scaling -> tensors.add(vector("rope_freqs.weight", ropeFactors(config, scaling))));
        for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
            String hf = "model.layers." + layer + ".";
            String blk = "blk." + layer + ".";
            tensors.add(vector(source, hf + "input_layernorm.weight", blk + "attn_norm.weight"));
            tensors.add(matrix(source, hf + "self_attn.q_proj.weight", blk + "attn_q.weight", dim, dim, precision,
                    ropeRowOrder(config.numAttentionHeads(), config.headDim())));
            tensors.add(matrix(source, hf + "self_attn.k_proj.weight", blk + "attn_k.weight", dim, kvDim, precision,
                    ropeRowOrder(config.numKeyValueHeads(), config.headDim())));
            tensors.add(matrix(source, hf + "self_attn.v_proj.weight", blk + "attn_v.weight", dim, kvDim, precision, null));
            tensors.add(matrix(source, hf + "self_attn.o_proj.weight", blk + "attn_output.weight", dim, dim, precision, null));
            tensors.add(vector(source, hf + "post_attention_layernorm.weight", blk + "ffn_norm.weight"));
            tensors.add(matrix(source, hf + "mlp.gate_proj.weight", blk + "ffn_gate.weight", dim, ffn, precision, null));
            tensors.add(matrix(source, hf + "mlp.up_proj.weight", blk + "ffn_up.weight", dim, ffn, precision, null));
            tensors.add(matrix(source, hf + "mlp.down_proj.weight", blk + "ffn_down.weight", ffn, dim, precision, null));
        }
        tensors.add(vector(source, LlamaTensors.FINAL_NORM, "output_norm.weight"));
        if (!config.tieWordEmbeddings()) {
            tensors.add(matrix(source, LlamaTensors.LM_HEAD, "output.weight", dim, vocab, precision, null));
        }
        return tensors;
    }

    /**
     * Row order that turns a Hugging Face q or k projection into llama.cpp's: GGUF row {@code r} is Hugging Face row
     * {@code order[r]}. Hugging Face keeps each head's rotary pairs as (first half, second half) for rotate-half RoPE;
     * llama.cpp rotates adjacent pairs, so within each head row {@code 2i + j} takes row {@code j * headDim / 2 + i}
     * (the inverse of the permutation in Hugging Face's {@code convert_llama_weights_to_hf.py}).
     */
    static int[] ropeRowOrder(int heads, int headDim) {
        int[] order = new int[heads * headDim];
        int half = headDim / 2;
        for (int head = 0; head < heads; head++) {
            for (int i = 0; i < half; i++) {
                for (int j = 0; j < 2; j++) {
                    order[head * headDim + 2 * i + j] = head * headDim + j * half + i;
                }
            }
        }
        return order;
    }

    /** Llama 3.1 per-frequency rope factors, as {@code convert_hf_to_gguf.py} writes {@code rope_freqs.weight}. */
    static float[] ropeFactors(LlamaConfig config, LlamaConfig.RopeScaling scaling) {
        int headDim = config.headDim();
        double lowFreqWavelen = scaling.originalMaxPositionEmbeddings() / scaling.lowFreqFactor();
        double highFreqWavelen = scaling.originalMaxPositionEmbeddings() / scaling.highFreqFactor();
        float[] factors = new float[headDim / 2];
        for (int i = 0; i < factors.length; i++) {
            double freq = 1.0 / Math.pow(config.ropeTheta(), (2.0 * i) / headDim);
            double wavelen = 2 * Math.PI / freq;
            if (wavelen < highFreqWavelen) {
                factors[i] = 1f;
            } else if (wavelen > lowFreqWavelen) {
                factors[i] = (float) scaling.factor();
            } else {
                double smooth = (scaling.originalMaxPositionEmbeddings() / wavelen - scaling.lowFreqFactor())
                        / (scaling.highFreqFactor() - scaling.lowFreqFactor());
                factors[i] = (float) (1 / ((1 - smooth) / scaling.factor() + smooth));
            }
        }
        return factors;
    }

    /**
     * A matrix of PyTorch shape {@code [rows, rowLength]}, stored as ggml {@code [rowLength, rows]} at
     * {@link GgufPrecision#matrixType(long)}.
     */
    private static GgufWriter.TensorData matrix(TensorSource source, String hfName, String ggufName, long rowLength, long rows,
                                                GgufPrecision precision, int[] rowOrder) throws IOException {
        FloatBuffer values = source.floats(hfName);
        GgmlType type = precision.matrixType(rowLength);
        int length = Math.toIntExact(rowLength);
        GgufWriter.Rows reader = (row, out) -> {
            long from = rowOrder == null ? row : rowOrder[(int) row];
            values.get(Math.toIntExact(from * length), out, 0, length);
        };
        return new GgufWriter.TensorData(ggufName, type, new long[] {rowLength, rows}, reader);
    }

    private static GgufWriter.TensorData vector(TensorSource source, String hfName, String ggufName) throws IOException {
        FloatBuffer values = source.floats(hfName);
        float[] copy = new float[values.remaining()];
        values.get(0, copy);
        return vector(ggufName, copy);
    }

    private static GgufWriter.TensorData vector(String ggufName, float[] values) {
        return new GgufWriter.TensorData(ggufName, GgmlType.F32, new long[] {values.length},
                (row, out) -> System.arraycopy(values, 0, out, 0, values.length));
    }
}
