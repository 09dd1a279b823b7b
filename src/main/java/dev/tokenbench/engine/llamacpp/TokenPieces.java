package dev.tokenbench.engine.llamacpp;

import dev.tokenbench.model.gguf.GgufFile;
import dev.tokenbench.model.gguf.GgufValue;
import dev.tokenbench.model.ModelFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Which token id llama.cpp emitted, told from the text it streams: java-llama.cpp hands out each new token's text
 * (its piece as llama.cpp renders it), never its id.
 *
 * <p>A text names one id only for tokens whose rendering is unique and whole UTF-8: ordinary and user-defined
 * pieces. Control tokens render as nothing, a byte token as a single byte (the same text as the piece of that
 * character, or half a UTF-8 character that llama.cpp holds back and merges with the next token's text). Those
 * tokens are {@linkplain #bannedIds() banned} from sampling (logit -infinity), the same way llama.cpp's own
 * {@code ignore_eos} bans end-of-generation tokens; an agreement check applies the same ban to the reference.
 */
final class TokenPieces {

    private static final int NORMAL = 1;
    private static final int USER_DEFINED = 4;

    private final Map<String, Integer> idsByText;
    private final List<Integer> bannedIds;

    private TokenPieces(Map<String, Integer> idsByText, List<Integer> bannedIds) {
        this.idsByText = idsByText;
        this.bannedIds = bannedIds;
    }

    /** Reads the vocabulary of {@code gguf} ({@code tokenizer.ggml.model}, {@code tokens}, {@code token_type}). */
    static TokenPieces of(GgufFile gguf) throws ModelFormatException {
        String model = gguf.value("tokenizer.ggml.model").map(v -> String.valueOf(v.value())).orElse("llama");
        List<?> tokens = gguf.value("tokenizer.ggml.tokens").map(GgufValue::elements).orElseThrow(() ->
                new ModelFormatException(gguf.file() + ": no tokenizer.ggml.tokens; convert the model with 'model convert'"));
        List<?> types = gguf.value("tokenizer.ggml.token_type").map(GgufValue::elements).orElse(List.of());
        String[] texts = new String[tokens.size()];
        Map<String, Integer> counts = new HashMap<>();
        for (int id = 0; id < tokens.size(); id++) {
            long type = id < types.size() ? ((Number) types.get(id)).longValue() : NORMAL;
            if (type == NORMAL || type == USER_DEFINED) {
                texts[id] = render(model, String.valueOf(tokens.get(id)));
                if (texts[id] != null && !texts[id].isEmpty()) {
                    counts.merge(texts[id], 1, Integer::sum);
                }
            }
        }
        Map<String, Integer> ids = new HashMap<>();
        List<Integer> banned = new ArrayList<>();
        for (int id = 0; id < texts.length; id++) {
            if (texts[id] != null && counts.getOrDefault(texts[id], 0) == 1) {
                ids.put(texts[id], id);
            } else {
                banned.add(id);
            }
        }
        return new TokenPieces(ids, List.copyOf(banned));
    }

    /** The id whose rendering is {@code text}, if exactly one token renders so. */
    OptionalInt id(String text) {
        Integer id = idsByText.get(text);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Ids kept out of sampling: tokens whose text does not name them. */
    List<Integer> bannedIds() {
        return bannedIds;
    }

    /**
     * A piece as llama.cpp renders it: SentencePiece ({@code llama}) pieces with {@code ▁} as a space; byte-level
     * ({@code gpt2}) pieces decoded through GPT-2's byte-to-character table. Null when the bytes are not whole UTF-8.
     */
    static String render(String model, String piece) {
        if (!model.equals("gpt2")) {
            return piece.replace('\u2581', ' ');
        }
        Map<Integer, Integer> bytes = Gpt2Bytes.CHAR_TO_BYTE;
        ByteBuffer raw = ByteBuffer.allocate(piece.length() * 4);
        for (int i = 0; i < piece.length(); ) {
            int cp = piece.codePointAt(i);
            Integer b = bytes.get(cp);
            if (b == null) {
                return null;
            }
            raw.put((byte) (int) b);
            i += Character.charCount(cp);
        }
        raw.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(raw).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** GPT-2's reversible byte-to-character table: printable Latin-1 bytes map to themselves, the rest to 256+. */
    private static final class Gpt2Bytes {
        static final Map<Integer, Integer> CHAR_TO_BYTE = new HashMap<>();

        static {
            Set<Integer> printable = new HashSet<>();
            for (int b = '!'; b <= '~'; b++) {
                printable.add(b);
            }
            for (int b = 0xA1; b <= 0xAC; b++) {
                printable.add(b);
            }
            for (int b = 0xAE; b <= 0xFF; b++) {
                printable.add(b);
            }
            int next = 256;
            for (int b = 0; b < 256; b++) {
                CHAR_TO_BYTE.put(printable.contains(b) ? b : next++, b);
            }
        }
    }
}
