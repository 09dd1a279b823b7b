package dev.tokenbench.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A checkpoint split over several safetensors shards, presented as one {@link TensorSource}: the index file
 * ({@code model.safetensors.index.json}) maps every tensor name to the shard file holding it ({@code weight_map}).
 *
 * <p>Only tensors listed in {@code weight_map} are visible, in index order. Every shard is opened (header only) up
 * front, so a missing shard or a listed tensor absent from its shard fails at once.
 */
final class ShardedSafetensors implements TensorSource {

    private final Path index;
    private final Map<String, SafetensorsFile> shardOfTensor;
    private final Map<String, SafetensorsFile> shards;

    private ShardedSafetensors(Path index, Map<String, SafetensorsFile> shardOfTensor, Map<String, SafetensorsFile> shards) {
        this.index = index;
        this.shardOfTensor = shardOfTensor;
        this.shards = shards;
    }

    /** Opens the index and every shard it names; shards must sit next to the index. */
    static ShardedSafetensors open(Path indexJson) throws IOException {
        JsonNode root = JsonFiles.read(indexJson);
        JsonNode weightMap = root.path("weight_map");
        if (!weightMap.isObject() || weightMap.isEmpty()) {
            throw new ModelFormatException(indexJson + ": field weight_map is " + JsonFiles.describe(weightMap)
                    + (weightMap.isObject() ? " with no tensors" : "")
                    + "; expected an object mapping each tensor name to its shard file");
        }
        Path directory = indexJson.toAbsolutePath().getParent();
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        Map<String, SafetensorsFile> shardOfTensor = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, JsonNode> field : weightMap.properties()) {
                String tensor = field.getKey();
                JsonNode shardName = field.getValue();
                if (!shardName.isTextual() || shardName.textValue().isEmpty()
                        || !Path.of(shardName.textValue()).equals(Path.of(shardName.textValue()).getFileName())) {
                    throw new ModelFormatException(indexJson + ": weight_map entry " + tensor + " is "
                            + JsonFiles.describe(shardName) + "; expected the file name of a shard in the same folder");
                }
                SafetensorsFile shard = shards.get(shardName.textValue());
                if (shard == null) {
                    Path shardFile = directory.resolve(shardName.textValue());
                    if (!Files.isRegularFile(shardFile)) {
                        throw new ModelFormatException(indexJson + ": shard " + shardName.textValue() + " (holding "
                                + tensor + ") is not in " + directory + "; download every shard weight_map lists");
                    }
                    shard = SafetensorsFile.open(shardFile);
                    shards.put(shardName.textValue(), shard);
                }
                if (!shard.names().contains(tensor)) {
                    throw new ModelFormatException(shard.file() + ": tensor " + tensor + " is listed in "
                            + indexJson.getFileName() + " but absent from this shard; the download is incomplete or "
                            + "the index is stale");
                }
                shardOfTensor.put(tensor, shard);
            }
        } catch (IOException | RuntimeException e) {
            for (SafetensorsFile shard : shards.values()) {
                shard.close();
            }
            throw e;
        }
        return new ShardedSafetensors(indexJson, Collections.unmodifiableMap(shardOfTensor),
                Collections.unmodifiableMap(shards));
    }

    /** Shard file names in the order the index first mentions them. */
    Set<String> shardNames() {
        return shards.keySet();
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(shardOfTensor.keySet()));
    }

    @Override
    public TensorInfo info(String name) throws ModelFormatException {
        return shard(name).info(name);
    }

    @Override
    public FloatBuffer floats(String name) throws IOException {
        return shard(name).floats(name);
    }

    @Override
    public ByteBuffer floatBytes(String name) throws IOException {
        return shard(name).floatBytes(name);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (SafetensorsFile shard : shards.values()) {
            try {
                shard.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private SafetensorsFile shard(String name) throws ModelFormatException {
        SafetensorsFile shard = shardOfTensor.get(name);
        if (shard == null) {
            throw new ModelFormatException(index + ": no tensor named " + name + " in weight_map");
        }
        return shard;
    }
}
