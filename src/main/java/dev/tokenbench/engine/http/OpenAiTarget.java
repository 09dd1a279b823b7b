package dev.tokenbench.engine.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where an {@code openai} model lives: the server's base URL (ending in {@code /v1}, as OpenAI clients take it) and
 * the model name the server knows, written {@code BASE_URL#MODEL}, e.g. {@code http://127.0.0.1:8000/v1#tiny}.
 */
record OpenAiTarget(URI baseUrl, String modelName) {

    /** Example for error messages. */
    static final String FORM = "BASE_URL#MODEL_NAME, e.g. http://127.0.0.1:8000/v1#tiny";

    /**
     * Parses a model value.
     *
     * @throws IllegalArgumentException one line naming the value and the expected form
     */
    static OpenAiTarget parse(String model) {
        int hash = model.lastIndexOf('#');
        if (hash < 0 || hash == model.length() - 1) {
            throw invalid(model, "no model name after '#'");
        }
        String base = model.substring(0, hash);
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(base);
        } catch (URISyntaxException e) {
            throw invalid(model, "the base URL is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid(model, "the base URL must start with http:// or https://");
        }
        if (uri.getHost() == null) {
            throw invalid(model, "the base URL has no host");
        }
        if (uri.getQuery() != null) {
            throw invalid(model, "the base URL must not have a query");
        }
        return new OpenAiTarget(uri, model.substring(hash + 1));
    }

    private static IllegalArgumentException invalid(String model, String reason) {
        return new IllegalArgumentException("model '" + model + "' for framework openai: " + reason + "; expected " + FORM);
    }

    /** An endpoint under the base URL, e.g. {@code completions}. */
    URI endpoint(String relative) {
        return URI.create(baseUrl + "/" + relative);
    }

    /** A path at the server's root, e.g. {@code /tokenbench/prompt?tokens=8}. */
    URI root(String pathAndQuery) {
        return baseUrl.resolve(pathAndQuery);
    }
}
