package dev.tokenbench.model.tokenizer;

import dev.tokenbench.model.JsonFiles;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The vocabulary of the generated presets: a Llama 2 / SentencePiece-style byte-fallback BPE whose token ids, merge
 * priorities and SentencePiece scores all follow one ordered list, so that Hugging Face {@code tokenizers} and
 * llama.cpp's {@code llama} tokenizer split text into the same ids.
 *
 * <p>Layout: {@code <unk>} = 0, {@code <s>} = 1, {@code </s>} = 2, the 256 byte tokens {@code <0x00>}..{@code <0xFF>}
 * (ids 3..258), the base alphabet ({@code ▁}, which stands for a space, then printable ASCII), then merged pieces in
 * the order they were learned. Pieces come from two deterministic phases:
 * <ol>
 *   <li>byte-pair merges learned from embedded English text (short stories, {@code tokenizer-corpus.txt}, and a list
 *       of common words, {@code tokenizer-words.txt}), within words (letters
 *       with an optional leading {@code ▁}; digits and punctuation stay single characters), most frequent pair first,
 *       ties broken by the pair's text, until every word of the text is one piece;</li>
 *   <li>then, to fill any vocabulary size, word starts ({@code ▁} + letters) joined with word continuations (letters),
 *       both taken in id order and enumerated by increasing sum of their ranks, skipping pieces that exist.</li>
 * </ol>
 * A vocabulary of size n is the first n entries of this list, so smaller vocabularies are prefixes of larger ones.
 *
 * <p>Merges are derived from the pieces as SentencePiece applies them: every split of a piece into two pieces is a
 * merge, ranked by the merged piece's id. With score = -id, SentencePiece's "merge the adjacent pair whose union has
 * the best score" and BPE's "apply the lowest-ranked merge" pick the same pair.
 */
public final class BpeVocabulary {

    /** The character that stands for a space inside pieces (U+2581, LOWER ONE EIGHTH BLOCK). */
    static final String SPACE = "\u2581";
    static final int UNKNOWN_ID = 0;
    static final int BOS_ID = 1;
    static final int EOS_ID = 2;
    static final int FIRST_BYTE_ID = 3;
    static final int FIRST_PIECE_ID = FIRST_BYTE_ID + 256;

    /** Token kinds, numbered as GGUF's {@code tokenizer.ggml.token_type} numbers them. */
    public enum TokenType {
        NORMAL(1),
        UNKNOWN(2),
        CONTROL(3),
        BYTE(6);

        private final int ggufType;

        TokenType(int ggufType) {
            this.ggufType = ggufType;
        }

        public int ggufType() {
            return ggufType;
        }
    }

    private static final Pattern TRAINING_SEGMENT = Pattern.compile(SPACE + "?[A-Za-z]+|" + SPACE + "|[^" + SPACE + "]");
    private static final Pattern WORD_START = Pattern.compile(SPACE + "[A-Za-z]+");
    private static final Pattern CONTINUATION = Pattern.compile("[A-Za-z]{2,}");

    /** Vocabularies built so far, by size: training takes a fraction of a second, worth doing once per JVM. */
    private static final Map<Integer, BpeVocabulary> BUILT = new java.util.concurrent.ConcurrentHashMap<>();

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private BpeVocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        Map<String, Integer> map = new HashMap<>();
        for (int id = 0; id < tokens.size(); id++) {
            if (map.put(tokens.get(id), id) != null) {
                throw new IllegalStateException("duplicate token " + tokens.get(id));
            }
        }
        this.ids = Collections.unmodifiableMap(map);
    }

    /** Smallest vocabulary: special tokens, byte tokens and the base alphabet. */
    static int minimumSize() {
        return FIRST_PIECE_ID + alphabet().size();
    }

    /**
     * The first {@code vocabSize} tokens of the ordered list.
     *
     * @throws IllegalArgumentException if {@code vocabSize} is below {@link #minimumSize()} or beyond what the two
     *                                  phases can produce
     */
    public static BpeVocabulary ofSize(int vocabSize) {
        return BUILT.computeIfAbsent(vocabSize, BpeVocabulary::build);
    }

    private static BpeVocabulary build(int vocabSize) {
        if (vocabSize < minimumSize()) {
            throw new IllegalArgumentException("vocab_size " + vocabSize + " is below " + minimumSize()
                    + ", the special, byte and alphabet tokens of the generated tokenizer");
        }
        List<String> tokens = new ArrayList<>(vocabSize);
        tokens.add("<unk>");
        tokens.add("<s>");
        tokens.add("</s>");
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
        }
        tokens.addAll(alphabet());
        List<String> learned = learnMerges(corpus() + SPACE + resource("tokenizer-words.txt"), vocabSize - tokens.size());
        tokens.addAll(learned);
        fill(tokens, vocabSize);
        return new BpeVocabulary(tokens);
    }

    public int size() {
        return tokens.size();
    }

    /** The token text of {@code id}: a piece with {@code ▁} for spaces, {@code <0xAB>} for a byte, or a special. */
    String token(int id) {
        return tokens.get(id);
    }

    /** All tokens in id order. */
    public List<String> tokens() {
        return tokens;
    }

    /** The id of a token text, or -1. */
    int id(String token) {
        return ids.getOrDefault(token, -1);
    }

    public TokenType type(int id) {
        if (id == UNKNOWN_ID) {
            return TokenType.UNKNOWN;
        }
        if (id < FIRST_BYTE_ID) {
            return TokenType.CONTROL;
        }
        return id < FIRST_PIECE_ID ? TokenType.BYTE : TokenType.NORMAL;
    }

    /** The SentencePiece score of a token: -id for pieces (earlier merges win), 0 for special and byte tokens. */
    public float score(int id) {
        return type(id) == TokenType.NORMAL ? -id : 0f;
    }

    /** Every split of every piece into two pieces, as {@code [left, right]}, ranked by the merged piece's id. */
    List<String[]> merges() {
        List<String[]> merges = new ArrayList<>();
        for (int id = FIRST_PIECE_ID; id < tokens.size(); id++) {
            String piece = tokens.get(id);
            for (int split = 1; split < piece.length(); split++) {
                String left = piece.substring(0, split);
                String right = piece.substring(split);
                if (ids.getOrDefault(left, 0) >= FIRST_PIECE_ID && ids.getOrDefault(right, 0) >= FIRST_PIECE_ID) {
                    merges.add(new String[] {left, right});
                }
            }
        }
        return merges;
    }

    /**
     * Writes a Hugging Face {@code tokenizer.json} shaped like Llama 2's: BPE with {@code byte_fallback}, normalizer
     * Prepend {@code ▁} + Replace space with {@code ▁}, no pre-tokenizer, {@code <s>} added in front, and a decoder
     * that turns {@code ▁} back into spaces and byte tokens back into bytes.
     */
    public void writeTokenizerJson(Path file) throws IOException {
        ObjectNode root = JsonFiles.MAPPER.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int id = 0; id < FIRST_BYTE_ID; id++) {
            added.addObject().put("id", id).put("content", tokens.get(id)).put("single_word", false).put("lstrip", false)
                    .put("rstrip", false).put("normalized", false).put("special", true);
        }
        ObjectNode normalizer = root.putObject("normalizer").put("type", "Sequence");
        ArrayNode normalizers = normalizer.putArray("normalizers");
        normalizers.addObject().put("type", "Prepend").put("prepend", SPACE);
        ObjectNode replace = normalizers.addObject().put("type", "Replace");
        replace.putObject("pattern").put("String", " ");
        replace.put("content", SPACE);
        root.putNull("pre_tokenizer");
        root.set("post_processor", postProcessor());
        ObjectNode decoder = root.putObject("decoder").put("type", "Sequence");
        ArrayNode decoders = decoder.putArray("decoders");
        ObjectNode unspace = decoders.addObject().put("type", "Replace");
        unspace.putObject("pattern").put("String", SPACE);
        unspace.put("content", " ");
        decoders.addObject().put("type", "ByteFallback");
        decoders.addObject().put("type", "Fuse");
        decoders.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.put("unk_token", tokens.get(UNKNOWN_ID));
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", true);
        model.put("byte_fallback", true);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < tokens.size(); id++) {
            vocab.put(tokens.get(id), id);
        }
        ArrayNode merges = model.putArray("merges");
        for (String[] merge : merges()) {
            merges.add(merge[0] + " " + merge[1]);
        }
        JsonFiles.write(file, root);
    }

    /** Writes a {@code tokenizer_config.json} naming the special tokens, for tools that look for one. */
    public void writeTokenizerConfigJson(Path file, int modelMaxLengthTokens) throws IOException {
        ObjectNode root = JsonFiles.MAPPER.createObjectNode();
        root.put("tokenizer_class", "LlamaTokenizerFast");
        root.put("add_bos_token", true);
        root.put("add_eos_token", false);
        root.put("bos_token", tokens.get(BOS_ID));
        root.put("eos_token", tokens.get(EOS_ID));
        root.put("unk_token", tokens.get(UNKNOWN_ID));
        root.put("model_max_length", modelMaxLengthTokens);
        root.put("clean_up_tokenization_spaces", false);
        root.put("legacy", false);
        JsonFiles.write(file, root);
    }

    private ObjectNode postProcessor() {
        ObjectNode processor = JsonFiles.MAPPER.createObjectNode().put("type", "TemplateProcessing");
        ArrayNode single = processor.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = processor.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 1);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode bos = processor.putObject("special_tokens").putObject("<s>");
        bos.put("id", "<s>");
        bos.putArray("ids").add(BOS_ID);
        bos.putArray("tokens").add("<s>");
        return processor;
    }

    /** {@code ▁} followed by the printable ASCII characters in code order. */
    static List<String> alphabet() {
        List<String> alphabet = new ArrayList<>();
        alphabet.add(SPACE);
        for (char c = '!'; c <= '~'; c++) {
            alphabet.add(String.valueOf(c));
        }
        return alphabet;
    }

    /** The embedded training text as the normalizer would present it: {@code ▁} before every word. */
    static String corpus() {
        return resource("tokenizer-corpus.txt");
    }

    /** A text resource of this package with {@code ▁} before every word, as the normalizer would present it. */
    private static String resource(String name) {
        try (InputStream in = Objects.requireNonNull(BpeVocabulary.class.getResourceAsStream(name), name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().replaceAll("\\s+", " ");
            return SPACE + text.replace(" ", SPACE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Phase 1: up to {@code limit} merged pieces, learned by byte-pair merging within the corpus' words. */
    private static List<String> learnMerges(String corpus, int limit) {
        Map<String, Integer> wordCounts = new TreeMap<>();
        Matcher matcher = TRAINING_SEGMENT.matcher(corpus);
        while (matcher.find()) {
            wordCounts.merge(matcher.group(), 1, Integer::sum);
        }
        List<List<String>> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        wordCounts.forEach((word, count) -> {
            List<String> symbols = new ArrayList<>();
            word.codePoints().forEach(cp -> symbols.add(Character.toString(cp)));
            words.add(symbols);
            counts.add(count);
        });
        List<String> learned = new ArrayList<>();
        while (learned.size() < limit) {
            Map<String, Integer> pairCounts = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                List<String> symbols = words.get(w);
                for (int i = 0; i + 1 < symbols.size(); i++) {
                    pairCounts.merge(symbols.get(i) + "\u0000" + symbols.get(i + 1), counts.get(w), Integer::sum);
                }
            }
            if (pairCounts.isEmpty()) {
                break;
            }
            String best = null;
            int bestCount = 0;
            for (Map.Entry<String, Integer> entry : pairCounts.entrySet()) {
                int count = entry.getValue();
                if (count > bestCount || (count == bestCount && entry.getKey().compareTo(best) < 0)) {
                    best = entry.getKey();
                    bestCount = count;
                }
            }
            String left = best.substring(0, best.indexOf('\u0000'));
            String right = best.substring(best.indexOf('\u0000') + 1);
            learned.add(left + right);
            for (List<String> symbols : words) {
                for (int i = 0; i + 1 < symbols.size(); i++) {
                    if (symbols.get(i).equals(left) && symbols.get(i + 1).equals(right)) {
                        symbols.set(i, left + right);
                        symbols.remove(i + 1);
                    }
                }
            }
        }
        return learned;
    }

    /** Phase 2: word starts joined with continuations, by increasing rank sum, until {@code vocabSize} tokens. */
    private static void fill(List<String> tokens, int vocabSize) {
        if (tokens.size() >= vocabSize) {
            return;
        }
        List<String> starts = tokens.stream().filter(t -> WORD_START.matcher(t).matches()).toList();
        List<String> continuations = tokens.stream().filter(t -> CONTINUATION.matcher(t).matches()).toList();
        java.util.Set<String> present = new java.util.HashSet<>(tokens);
        int maxRankSum = starts.size() + continuations.size() - 2;
        for (int rankSum = 0; rankSum <= maxRankSum && tokens.size() < vocabSize; rankSum++) {
            int first = Math.max(0, rankSum - continuations.size() + 1);
            int last = Math.min(rankSum, starts.size() - 1);
            for (int s = first; s <= last && tokens.size() < vocabSize; s++) {
                String piece = starts.get(s) + continuations.get(rankSum - s);
                if (present.add(piece)) {
                    tokens.add(piece);
                }
            }
        }
        if (tokens.size() < vocabSize) {
            throw new IllegalArgumentException("vocab_size " + vocabSize + " exceeds the " + tokens.size()
                    + " tokens the generated tokenizer can produce");
        }
    }
}
