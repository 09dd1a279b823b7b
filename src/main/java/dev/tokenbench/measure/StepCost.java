package dev.tokenbench.measure;

/**
 * What one forward step of an engine must move and compute, as the engine states it: the facts the roofline
 * figures ({@link Figure#DECODE_BANDWIDTH}, {@link Figure#PREFILL_FLOPS}) are computed from. Every count is per
 * sequence and per token unless it says otherwise.
 *
 * @param weightBytesPerStep             bytes of weights one decode step streams, at the precision the engine runs
 *                                       (every layer's matrices and the output head; read once per step, whatever
 *                                       the batch size)
 * @param kvBytesPerPosition             bytes of KV cache one sequence reads per context position in one step:
 *                                       {@code 2 (K and V) x layers x kvHeads x headDim x bytes per KV element}
 * @param flopsPerToken                  FLOP of the layers' weight products per token: {@code 2 x parameters of the
 *                                       layers' matrices} (the output head apart)
 * @param headFlops                      FLOP of the output head for one position: {@code 2 x vocab x dim}; a prompt
 *                                       computes it once per sequence (its last position's logits)
 * @param attentionFlopsPerPosition      FLOP of attention for one query against one context position:
 *                                       {@code 4 x layers x heads x headDim} (QK^T and the weighted sum of V)
 */
public record StepCost(long weightBytesPerStep, long kvBytesPerPosition, long flopsPerToken, long headFlops, long attentionFlopsPerPosition) {

    public StepCost {
        if (weightBytesPerStep < 0 || kvBytesPerPosition < 0 || flopsPerToken < 0 || headFlops < 0 || attentionFlopsPerPosition < 0) {
            throw new IllegalArgumentException("step costs must be >= 0");
        }
    }

    /**
     * The step cost of a LLaMA-family decoder.
     *
     * @param layers             decoder layers
     * @param queryWidth         heads x head width (the attention's query width)
     * @param kvWidth            KV heads x head width
     * @param parameters         elements of the weight matrices a step multiplies (layers' matrices and the head)
     * @param headParameters     elements of the output head among them (vocab x dim)
     * @param weightBytesPerStep bytes of those matrices as the engine stores them
     * @param kvElementBytes     bytes of one KV-cache element (4 for F32, 2 for F16)
     */
    public static StepCost llama(int layers, long queryWidth, long kvWidth, long parameters, long headParameters, long weightBytesPerStep,
                                 int kvElementBytes) {
        return new StepCost(weightBytesPerStep, 2L * layers * kvWidth * kvElementBytes, 2 * (parameters - headParameters), 2 * headParameters,
                4L * layers * queryWidth);
    }

    /**
     * Mean bytes one decode step reads, over the N - 1 decode steps of a request of {@code batch} sequences with a
     * prompt of P tokens and N new tokens: the weights once, plus every sequence's KV cache over its context. Step
     * s (s = 1..N-1) attends P + s positions, so the mean context is P + N / 2:
     * {@code weightBytesPerStep + batch x kvBytesPerPosition x (P + N / 2)}.
     */
    public double decodeBytesPerStep(int batch, int promptTokens, int newTokens) {
        return weightBytesPerStep + (double) batch * kvBytesPerPosition * (promptTokens + newTokens / 2.0);
    }

    /**
     * FLOP of a prompt of P tokens, per prompt token: the layers' weight products of every token, the head once per
     * sequence (the last position's logits), and causal attention (token i attends i positions, P (P + 1) / 2 pairs
     * in all): {@code flopsPerToken + headFlops / P + attentionFlopsPerPosition x (P + 1) / 2}.
     */
    public double prefillFlopsPerPromptToken(int promptTokens) {
        return flopsPerToken + (double) headFlops / promptTokens + attentionFlopsPerPosition * (promptTokens + 1) / 2.0;
    }
}
