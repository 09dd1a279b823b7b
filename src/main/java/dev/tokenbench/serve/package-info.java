/**
 * tokenbench's in-process engines behind an OpenAI-compatible streaming HTTP API ({@code serve}): request parsing
 * and validation, static batching of concurrent requests, and server-sent events of one token each.
 */
package dev.tokenbench.serve;
