package dev.tokenbench.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a model folder holds, for {@code model info}: its architecture and config, the parameter count (elements of
 * all stored tensors), the stored dtypes, the bytes of all files in the folder, and every stored tensor in file order.
 */
public record ModelInfo(
        Path directory,
        String architecture,
        LlamaConfig config,
        long parameterCount,
        Set<DType> dtypes,
        long bytesOnDisk,
        List<TensorInfo> tensors) {

    public ModelInfo {
        dtypes = Collections.unmodifiableSet(dtypes.isEmpty() ? EnumSet.noneOf(DType.class) : EnumSet.copyOf(dtypes));
        tensors = List.copyOf(tensors);
    }

    static ModelInfo of(LlamaCheckpoint checkpoint) throws IOException {
        List<TensorInfo> tensors = new ArrayList<>();
        Set<DType> dtypes = EnumSet.noneOf(DType.class);
        long parameters = 0;
        for (String name : checkpoint.tensors().names()) {
            TensorInfo info = checkpoint.tensors().info(name);
            tensors.add(info);
            dtypes.add(info.dtype());
            parameters += info.elementCount();
        }
        long bytes = 0;
        try (Stream<Path> files = Files.list(checkpoint.directory())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    bytes += Files.size(file);
                }
            }
        }
        return new ModelInfo(checkpoint.directory(), LlamaConfig.ARCHITECTURE, checkpoint.config(), parameters, dtypes,
                bytes, tensors);
    }
}
