package dev.tokenbench.agreement;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tokenbench.measure.AtomicFiles;
import dev.tokenbench.measure.ResultJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A run folder's agreement file ({@link dev.tokenbench.measure.RunFolder#agreementFile()}): a JSON array of {@link Agreement} objects, one per (model, precision, prompt tokens, new
 * tokens, framework), with the fields {@code model, precision, promptTokens, newTokens, framework, reference,
 * matchingTokens, totalTokens, share, firstDivergence, marginAtDivergence} ({@code null} for the last two when every
 * token agrees). 
 */
public final class AgreementFile {

    private AgreementFile() {
    }

    /** Writes {@code rows} to {@code file} atomically. */
    public static void write(Path file, List<Agreement> rows) throws IOException {
        AtomicFiles.writeString(file, ResultJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows) + "\n");
    }

    /** Reads a file {@link #write} wrote. */
    public static List<Agreement> read(Path file) throws IOException {
        return ResultJson.mapper().readValue(file.toFile(), new TypeReference<List<Agreement>>() { });
    }
}
