package dev.tokenbench.engine.djl;

import dev.tokenbench.model.tokenizer.TextTokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test-only tokenizer: BOS (id 1), then one token per UTF-8 byte, id = byte + 3. */
final class ByteTokenizer implements TextTokenizer {

    static final int BOS = 1;
    private static final String TEXT = "Once upon a time there was a little robot who loved to count the stars. ";

    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length + 1];
        ids[0] = BOS;
        for (int i = 0; i < bytes.length; i++) {
            ids[i + 1] = (bytes[i] & 0xff) + 3;
        }
        return ids;
    }

    @Override
    public String decode(int[] tokenIds) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : tokenIds) {
            if (id >= 3 && id < 259) {
                bytes.write(id - 3);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String promptOfTokens(int promptTokens) {
        if (promptTokens < 1) {
            throw new IllegalArgumentException("promptTokens must be >= 1, was " + promptTokens);
        }
        StringBuilder text = new StringBuilder();
        while (text.length() < promptTokens - 1) {
            text.append(TEXT);
        }
        return text.substring(0, promptTokens - 1);
    }

    @Override
    public void close() {
    }
}
