/**
 * Tokenizers: {@code tokenizer.json} ({@link dev.tokenbench.model.tokenizer.HfTokenizer}), the SentencePiece-style
 * byte-fallback BPE vocabulary the presets ship with ({@link dev.tokenbench.model.tokenizer.BpeVocabulary}), the
 * {@link dev.tokenbench.model.tokenizer.TextTokenizer} interface engines use, and the builder of prompts of an exact
 * token count ({@link dev.tokenbench.model.tokenizer.PromptBuilder}).
 */
package dev.tokenbench.model.tokenizer;
