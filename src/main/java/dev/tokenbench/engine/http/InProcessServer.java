package dev.tokenbench.engine.http;

import dev.tokenbench.engine.EngineRegistry;

/**
 * An {@code openai} model of the form {@code serve:FRAMEWORK/MODEL}, e.g. {@code serve:djl-pytorch/tiny}: opening it
 * opens FRAMEWORK's engine on MODEL in this JVM, starts tokenbench's {@code serve} for it on an ephemeral loopback
 * port ({@code 127.0.0.1:0}), and talks to that server over HTTP, so one JMH row measures an engine behind the HTTP
 * API without a server started by hand; closing the engine stops the server and closes the served engine.
 *
 * @param framework the served engine's framework (any but {@code openai})
 * @param model     the served engine's model (a preset, a path, a fake schedule), also the name the server lists
 */
record InProcessServer(String framework, String model) {

    /** What starts such a model value. */
    static final String PREFIX = "serve:";
    /** The form, for messages. */
    static final String FORM = "serve:FRAMEWORK/MODEL, e.g. serve:djl-pytorch/tiny";

    /** Whether {@code model} names an in-process server. */
    static boolean isServe(String model) {
        return model.startsWith(PREFIX);
    }

    /**
     * Parses and checks {@code serve:FRAMEWORK/MODEL} (the framework exists and is not {@code openai}, and its provider accepts the model).
     *
     * @throws IllegalArgumentException one line naming the value and the form
     */
    static InProcessServer parse(String value) {
        String rest = value.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("model '" + value + "' for framework openai: expected " + FORM);
        }
        String framework = rest.substring(0, slash);
        String model = rest.substring(slash + 1);
        if (framework.equals(OpenAiProvider.FRAMEWORK)) {
            throw new IllegalArgumentException("model '" + value + "' for framework openai: serve cannot serve openai itself; name an engine, e.g. "
                    + "serve:djl-pytorch/tiny");
        }
        try {
            EngineRegistry.checkModel(framework, model);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model '" + value + "' for framework openai: " + e.getMessage());
        }
        return new InProcessServer(framework, model);
    }
}
