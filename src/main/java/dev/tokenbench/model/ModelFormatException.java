package dev.tokenbench.model;

import java.io.IOException;

/**
 * A model file is missing, malformed or disagrees with its config. The message is one line naming the file,
 * the field or tensor, what was found and what was expected, e.g.
 * {@code model.safetensors: tensor model.layers.3.mlp.up_proj.weight has shape [768, 2048], config.json expects [2048, 768]}.
 */
public class ModelFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
