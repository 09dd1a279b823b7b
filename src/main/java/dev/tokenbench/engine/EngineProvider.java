package dev.tokenbench.engine;

import java.util.List;

/** Opens the engines of one framework; the registry holds one provider per framework name. */
public interface EngineProvider {

    /** The framework name used in {@code @Param}, options and results, e.g. {@code djl-pytorch}. */
    String framework();

    /** Precisions this framework can run, e.g. {@code [f32]}. */
    List<String> precisions();

    /** Opens an engine; failures name the model, the file or field, and how to fix it. */
    Engine open(EngineOptions options) throws EngineException;
}
