package dev.tokenbench.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** JSON reading and writing for model files, turning parse failures into one-line errors with line and column. */
public final class JsonFiles {

    /** The one mapper of this package: pretty output, fields in insertion order. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFiles() {
    }

    /** Parses {@code file} as JSON; a missing file or malformed JSON is a {@link ModelFormatException}. */
    public static JsonNode read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + ": file not found");
        }
        return parse(file, bytes);
    }

    /** Parses {@code json} read from {@code file}; malformed JSON names the line and column. */
    static JsonNode parse(Path file, byte[] json) throws ModelFormatException {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new ModelFormatException(file + ": empty file; expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String position = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new ModelFormatException(file + ": not valid JSON" + position + ": " + oneLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new ModelFormatException(file + ": cannot read JSON: " + oneLine(e.getMessage()), e);
        }
    }

    /**
     * Writes {@code node} as pretty-printed UTF-8 JSON ending in a newline, atomically and forced to the disk
     * ({@link dev.tokenbench.measure.AtomicFiles}): a model folder is written under a temporary name and renamed when
     * whole, so its files must be on the disk by then.
     */
    public static void write(Path file, JsonNode node) throws IOException {
        dev.tokenbench.measure.AtomicFiles.writeString(file, MAPPER.writeValueAsString(node) + "\n");
    }

    /** How a JSON value looks to a reader of an error message: {@code the string "768"}, {@code null}, {@code an array}. */
    public static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case STRING -> "the string " + node.toString();
            case NUMBER -> "the number " + node.toString();
            case BOOLEAN -> node.toString();
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case BINARY, POJO, MISSING -> type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
