package dev.tokenbench.model;

import java.io.IOException;

/**
 * A model file is missing, malformed or disagrees with its config. The message is one line naming the file,
 * the field or tensor, what was found and what was expected, e.g.
 * {@code model.safetensors: tensor model.layers.3.mlp.up_proj.weight has shape [768, 2048], config.json expects [2048, 768]}.
 * Names quoted from a file (metadata keys, tensor names) may hold any character: control characters are shown as
 * backslash-u escapes (a line feed as the six characters backslash, u, 000a), so the message stays one line.
 */
public class ModelFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(oneLine(message));
    }

    public ModelFormatException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** {@code message} with every ISO control character as a backslash-u escape. */
    static String oneLine(String message) {
        if (message == null || message.chars().noneMatch(Character::isISOControl)) {
            return message;
        }
        StringBuilder text = new StringBuilder(message.length() + 16);
        message.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                text.append(String.format("\\u%04x", c));
            } else {
                text.append((char) c);
            }
        });
        return text.toString();
    }
}
