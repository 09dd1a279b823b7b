/**
 * The limits a measured figure is judged against: this machine's memory streaming bandwidth and F32
 * matrix-multiply peak (the machine limit, per thread count), and the time one framework's own kernels take for a
 * model's weight products at 1 and 16 tokens (the framework limit: djl-pytorch's through PyTorch, llama.cpp's through
 * ggml at each GGUF precision).
 *
 * <p>{@link dev.tokenbench.calibrate.Calibrator} measures; {@link dev.tokenbench.calibrate.Calibration} is the
 * result with its raw trial times, the limits derived from them, and its JSON form. Every figure is a best of
 * several timed trials (the limit: the most the machine or the framework showed it can do) and keeps its trials,
 * so the spread can be reported beside it. The definitions are in the README, "Limits and calibration".
 */
package dev.tokenbench.calibrate;
