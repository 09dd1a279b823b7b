package dev.tokenbench.engine.http;

import java.time.Duration;
import java.util.Locale;

/**
 * How the {@code openai} engine talks to its server, from {@code -Dtokenbench.openai.options=endpoint=chat,read_timeout=30s}
 * (the same form as llama.cpp's options): the endpoint ({@code completions}, the default, or {@code chat}), the
 * connect timeout (default 10 s) and the read timeout: the longest wait for response headers or for the next line of
 * a stream (default 60 s), and how prompts are sent ({@code prompt=auto}, the default: as token ids when the server
 * tokenizes them for the client at {@code POST /tokenize}, as vLLM and tokenbench {@code serve} do, else as text;
 * {@code prompt=ids} insists on ids; {@code prompt=text} always sends text). The API key is never a setting: it comes from the environment variable
 * {@value #API_KEY_VARIABLE} only and is never printed, logged or written.
 *
 * @param chat           whether to use {@code /chat/completions} (the prompt as one user message)
 * @param connectTimeout longest wait for the TCP connection
 * @param readTimeout    longest wait for headers or for the next line of a stream
 * @param promptFormat   how prompts are sent
 */
record OpenAiSettings(boolean chat, Duration connectTimeout, Duration readTimeout, PromptFormat promptFormat) {

    /** How the client sends a prompt of P tokens. */
    enum PromptFormat {
        /** Token ids when the server's {@code POST /tokenize} answers, else text. */
        AUTO,
        /** Token ids; a server without {@code POST /tokenize} is an error. */
        IDS,
        /** Text, always. */
        TEXT
    }

    /** Settings that send prompts as {@link PromptFormat#AUTO} decides. */
    OpenAiSettings(boolean chat, Duration connectTimeout, Duration readTimeout) {
        this(chat, connectTimeout, readTimeout, PromptFormat.AUTO);
    }

    /** System property holding the options. */
    static final String PROPERTY = "tokenbench.openai.options";
    /** Environment variable holding the API key, sent as {@code Authorization: Bearer}. */
    static final String API_KEY_VARIABLE = "TOKENBENCH_OPENAI_API_KEY";
    /** The defaults. */
    static final OpenAiSettings DEFAULT = new OpenAiSettings(false, Duration.ofSeconds(10), Duration.ofSeconds(60), PromptFormat.AUTO);

    /** Settings from the system property, defaults where it says nothing. */
    static OpenAiSettings fromSystemProperty() {
        return parse(System.getProperty(PROPERTY, ""));
    }

    /**
     * Parses {@code key=value} pairs separated by commas.
     *
     * @throws IllegalArgumentException naming the bad pair and the valid keys
     */
    static OpenAiSettings parse(String options) {
        OpenAiSettings settings = DEFAULT;
        for (String pair : options.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] keyValue = pair.split("=", 2);
            String key = keyValue[0].strip();
            String value = keyValue.length == 2 ? keyValue[1].strip() : "";
            settings = switch (key) {
                case "endpoint" -> switch (value) {
                    case "completions" -> new OpenAiSettings(false, settings.connectTimeout, settings.readTimeout, settings.promptFormat);
                    case "chat" -> new OpenAiSettings(true, settings.connectTimeout, settings.readTimeout, settings.promptFormat);
                    default -> throw new IllegalArgumentException(PROPERTY + ": endpoint must be completions or chat, was '" + value + "'");
                };
                case "connect_timeout" -> new OpenAiSettings(settings.chat, duration(key, value), settings.readTimeout, settings.promptFormat);
                case "read_timeout" -> new OpenAiSettings(settings.chat, settings.connectTimeout, duration(key, value), settings.promptFormat);
                case "prompt" -> new OpenAiSettings(settings.chat, settings.connectTimeout, settings.readTimeout, switch (value) {
                    case "auto" -> PromptFormat.AUTO;
                    case "ids" -> PromptFormat.IDS;
                    case "text" -> PromptFormat.TEXT;
                    default -> throw new IllegalArgumentException(PROPERTY + ": prompt must be auto, ids or text, was '" + value + "'");
                });
                default -> throw new IllegalArgumentException(PROPERTY + ": unknown option '" + key + "'; valid: endpoint, connect_timeout, read_timeout, prompt");
            };
        }
        if (settings.chat && settings.promptFormat == PromptFormat.IDS) {
            throw new IllegalArgumentException(PROPERTY + ": prompt=ids needs endpoint=completions (chat messages are text)");
        }
        return settings;
    }

    private static Duration duration(String key, String value) {
        String text = value.toLowerCase(Locale.ROOT);
        try {
            Duration duration;
            if (text.endsWith("ms")) {
                duration = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            } else if (text.endsWith("s")) {
                duration = Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            } else {
                throw new NumberFormatException();
            }
            if (duration.isZero() || duration.isNegative()) {
                throw new NumberFormatException();
            }
            return duration;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + ": " + key + " must be a positive duration such as 500ms or 30s, was '" + value + "'");
        }
    }

    /** As {@link dev.tokenbench.engine.EngineInfo#settings()} shows them. */
    String describe() {
        return "endpoint=" + (chat ? "chat" : "completions") + " connect_timeout=" + connectTimeout.toMillis() + "ms read_timeout="
                + readTimeout.toMillis() + "ms prompt=" + promptFormat.name().toLowerCase(Locale.ROOT);
    }
}
