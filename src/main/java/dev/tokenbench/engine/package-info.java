/**
 * The {@link dev.tokenbench.engine.Engine} contract every framework implements (a batch of prompts in,
 * exactly N new tokens out, each reported with its timestamp), and the scripted
 * {@link dev.tokenbench.engine.FakeEngine} that checks the harness and measures its cost.
 */
package dev.tokenbench.engine;
