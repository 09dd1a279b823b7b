#!/usr/bin/env python3
"""Writes the committed seed corpora of the fuzz targets (README, "Fuzzing") into src/test/resources.

Seeds are small real and generated files: the generated presets' config.json, the tiny preset's tokenizer.json and
the head of its safetensors and GGUF (from $TOKENBENCH_HOME, default ~/.cache/tokenbench; `model create --preset tiny`
and `model convert tiny --to gguf --precision f32` make them), the test fixtures of the report, and files built here.
Run from the repository root: python3 scripts/fuzz-seeds.py

Three seeds come from tokenbench's own writers instead and are kept as committed: the envJson seeds
with-calibration.json (RunFolder.writeCalibration of the calibration RooflineTest uses) and calibration-skipped.json
(a calibrationAbsent reason), and sweepIndex/smoke-index.json (SweepIndex.planned(...).toJson() of
benchmarks/sweeps/smoke.json).
"""
import json
import os
import struct
import sys
from pathlib import Path

ROOT = Path("src/test/resources/dev/tokenbench")
HOME = Path(os.environ.get("TOKENBENCH_HOME", Path.home() / ".cache" / "tokenbench"))
MODELS = HOME / "models"
REPORT = ROOT / "report"


def seed(test, target, name, data):
    folder = ROOT / test / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    (folder / name).write_bytes(data)


def safetensors(tensors, metadata=None):
    """tensors: list of (name, dtype, shape, raw bytes); offsets in order."""
    header, data = {}, b""
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


def f32(*values):
    return struct.pack("<%df" % len(values), *values)


def gguf_string(text):
    raw = text.encode()
    return struct.pack("<Q", len(raw)) + raw


def gguf():
    """A GGUF v3 file with every metadata value type and F32, F16, Q8_0 and BF16 tensors, aligned to 32."""
    kv = b""
    pairs = [
        ("general.architecture", 8, gguf_string("llama")),
        ("general.alignment", 4, struct.pack("<I", 32)),
        ("llama.block_count", 4, struct.pack("<I", 1)),
        ("llama.attention.layer_norm_rms_epsilon", 6, struct.pack("<f", 1e-5)),
        ("u8", 0, struct.pack("<B", 200)), ("i8", 1, struct.pack("<b", -3)),
        ("u16", 2, struct.pack("<H", 60000)), ("i16", 3, struct.pack("<h", -300)),
        ("i32", 5, struct.pack("<i", -70000)), ("flag", 7, struct.pack("<B", 1)),
        ("u64", 10, struct.pack("<Q", 1 << 40)), ("i64", 11, struct.pack("<q", -(1 << 40))),
        ("f64", 12, struct.pack("<d", 2.5)),
        ("tokenizer.ggml.tokens", 9, struct.pack("<IQ", 8, 3) + gguf_string("<unk>") + gguf_string("<s>") + gguf_string("▁a")),
        ("tokenizer.ggml.scores", 9, struct.pack("<IQ", 6, 3) + struct.pack("<3f", 0, 0, -2)),
        ("tokenizer.ggml.token_type", 9, struct.pack("<IQ", 5, 3) + struct.pack("<3i", 2, 3, 1)),
    ]
    for key, type_id, value in pairs:
        kv += gguf_string(key) + struct.pack("<I", type_id) + value
    tensors = [
        ("token_embd.weight", 0, [4, 2], f32(*range(8))),
        ("output_norm.weight", 1, [4], struct.pack("<4H", 0x3C00, 0x4000, 0xBC00, 0)),
        ("blk.0.attn_q.weight", 8, [32, 1], struct.pack("<H", 0x3C00) + bytes(range(32))),
        ("output.weight", 30, [2, 2], struct.pack("<4H", 0x3F80, 0x4000, 0xBF80, 0)),
    ]
    table, data = b"", b""
    for name, type_id, dims, raw in tensors:
        data += b"\0" * (-len(data) % 32)
        table += gguf_string(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims)
        table += struct.pack("<IQ", type_id, len(data))
        data += raw
    head = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(pairs)) + kv + table
    head += b"\0" * (-len(head) % 32)
    return head + data


def byte_fallback_tokenizer():
    vocab = {"<unk>": 0, "<s>": 1, "</s>": 2, "<0x0A>": 3, "<0x20>": 4, "▁": 5, "e": 6, "n": 7, "▁t": 8, "he": 9, "▁the": 10}
    return json.dumps({
        "version": "1.0",
        "added_tokens": [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True} for t, i in list(vocab.items())[:3]],
        "normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"},
                                                           {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]},
        "pre_tokenizer": None,
        "post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                                                                    {"Sequence": {"id": "A", "type_id": 0}}],
                           "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
                           "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
        "decoder": {"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": "▁"}, "content": " "},
                                                     {"type": "ByteFallback"}, {"type": "Fuse"}]},
        "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": True, "ignore_merges": False,
                  "vocab": vocab, "merges": ["▁ t", "h e", "▁t he"]},
    }, ensure_ascii=False, indent=1)


def byte_level_tokenizer():
    vocab = {"<|endoftext|>": 0, "a": 1, "b": 2, "Ġ": 3, "Ġa": 4, "ab": 5}
    return json.dumps({
        "version": "1.0",
        "added_tokens": [{"id": 0, "content": "<|endoftext|>", "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True}],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": [["Ġ", "a"], ["a", "b"]]},
    }, indent=1)


def unigram_tokenizer():
    return json.dumps({"version": "1.0", "added_tokens": [], "normalizer": None, "pre_tokenizer": {"type": "Metaspace", "replacement": "▁",
                       "prepend_scheme": "always", "split": True}, "post_processor": None, "decoder": None,
                       "model": {"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0.0], ["▁a", -1.5], ["b", -2.0], ["▁ab", -0.5]]}},
                      ensure_ascii=False, indent=1)


def word_level_tokenizer():
    return json.dumps({"model": {"type": "WordLevel", "vocab": {"[UNK]": 0, "hello": 1, "world": 2}, "unk_token": "[UNK]"},
                       "pre_tokenizer": {"type": "Whitespace"}}, indent=1)


def wrong_types_tokenizer():
    """Every field the Java schema check looks at, with a type it refuses (the first one it meets is reported)."""
    return json.dumps({"model": {"type": "BPE", "vocab": {"a": "0", "b": -1}, "merges": ["a b", ["a", "b"]]},
                       "added_tokens": [{"id": "x", "content": 5, "special": "yes"}], "decoder": []}, indent=1)


def vocab_size_suffix(size):
    """The two bytes Jazzer's FuzzedDataProvider turns into consumeInt(1, 65536) == size (read from the end)."""
    value = size - 1
    return bytes([value & 0xFF, value >> 8])


def main():
    if not (ROOT / "report").is_dir():
        sys.exit("run from the repository root")
    # safetensors: generated files of each dtype, and the head of a real preset's file
    m = "model/ModelFilesFuzzTestInputs"
    seed(m, "safetensors", "f32-f16-bf16-metadata", safetensors(
        [("a", "F32", [2, 2], f32(1, 2, 3, 4)), ("b", "F16", [3], struct.pack("<3H", 0x3C00, 0x7C00, 0x0001)),
         ("c", "BF16", [1, 2], struct.pack("<2H", 0x3F80, 0x7FC0)), ("empty", "F32", [0], b"")],
        {"format": "pt"}))
    seed(m, "safetensors", "scalar-and-3d", safetensors([("s", "F32", [], f32(7)), ("t", "F32", [1, 2, 1], f32(1, 2))]))
    tiny = MODELS / "tiny-seed42-v1"
    raw = (tiny / "model.safetensors").read_bytes()
    header_bytes = struct.unpack("<Q", raw[:8])[0]
    seed(m, "safetensors", "tiny-preset-head", raw[:8 + header_bytes + 64])
    shards = {"metadata": {"total_size": 96},
              "weight_map": {"model.embed_tokens.weight": "model-00001-of-00002.safetensors",
                             "model.norm.weight": "model-00002-of-00002.safetensors",
                             "lm_head.weight": "model-00002-of-00002.safetensors"}}
    seed(m, "shardedIndex", "two-shards.json", json.dumps(shards, indent=2))
    seed(m, "shardedIndex", "one-tensor.json", json.dumps({"weight_map": {"model.norm.weight": "model-00002-of-00002.safetensors"}}))
    for preset in ("tiny", "small", "base"):
        config = MODELS / f"{preset}-seed42-v1" / "config.json"
        seed(m, "configJson", f"{preset}.json", config.read_bytes())
    llama3 = json.loads((MODELS / "small-seed42-v1" / "config.json").read_text())
    llama3.update({"rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                                    "original_max_position_embeddings": 8192}, "eos_token_id": [128001, 128009],
                   "torch_dtype": "bfloat16", "num_key_value_heads": 2})
    seed(m, "configJson", "llama3-rope-scaling.json", json.dumps(llama3, indent=2))
    micro = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 8, "intermediate_size": 16,
             "num_hidden_layers": 1, "num_attention_heads": 2, "num_key_value_heads": 1, "head_dim": 4, "hidden_act": "silu",
             "rms_norm_eps": 1e-05, "rope_theta": 10000.0, "max_position_embeddings": 64, "vocab_size": 16,
             "tie_word_embeddings": False, "torch_dtype": "float32", "bos_token_id": 1, "eos_token_id": 2,
             "attention_bias": False, "mlp_bias": False, "rope_scaling": None}
    seed(m, "checkpoint", "micro.json", json.dumps(micro, indent=2))
    seed(m, "checkpoint", "micro-tied.json", json.dumps(dict(micro, tie_word_embeddings=True), indent=2))

    # GGUF: a generated file of every value and tensor type, and the head of a real preset's file
    g = "model/gguf/GgufFuzzTestInputs"
    seed(g, "ggufFile", "every-type.gguf.bin", gguf())
    gguf_file = tiny / "model-f32.gguf"
    if gguf_file.exists():
        seed(g, "ggufFile", "tiny-preset-head.bin", gguf_file.read_bytes()[:4096])
    seed(g, "tokenizerVocabulary", "byte-fallback", byte_fallback_tokenizer().encode() + vocab_size_suffix(16))
    seed(g, "tokenizerVocabulary", "byte-level", byte_level_tokenizer().encode() + vocab_size_suffix(8))

    t = "model/tokenizer/HfTokenizerFuzzTestInputs"
    seed(t, "tokenizerJson", "byte-fallback.json", byte_fallback_tokenizer())
    seed(t, "tokenizerJson", "byte-level.json", byte_level_tokenizer())
    seed(t, "tokenizerJson", "tiny-preset.json", (tiny / "tokenizer.json").read_bytes())
    seed(t, "tokenizerJson", "unigram.json", unigram_tokenizer())
    seed(t, "tokenizerJson", "word-level.json", word_level_tokenizer())
    seed(t, "tokenizerJson", "wrong-types.json", wrong_types_tokenizer())

    # report inputs: the report's fixtures, cut down
    r = "report/ReportInputsFuzzTestInputs"
    default_run = REPORT / "runs" / "20261128T142326Z-ff5d6c8bbe"
    failed_run = REPORT / "runs" / "20261128T150000Z-failedrun"
    rows = json.loads((default_run / "jmh.json").read_text())
    seed(r, "jmhJson", "one-row.json", json.dumps(rows[:1], indent=1))
    seed(r, "jmhJson", "failed-run.json", (failed_run / "jmh.json").read_bytes())
    seed(r, "jmhJson", "no-token-metrics.json", (REPORT / "no-token-metrics.json").read_bytes())
    seed(r, "envJson", "env.json", (default_run / "env.json").read_bytes())
    samples = (default_run / "samples.jsonl").read_text().splitlines()
    seed(r, "samplesJsonl", "three-lines.jsonl", "\n".join(samples[:3]) + "\n")
    seed(r, "failuresJson", "one-failure.json", (failed_run / "failures.json").read_bytes())
    seed(r, "failuresJson", "none.json", "[]\n")
    agreement = []
    for row in rows:
        p = row["params"]
        agreement.append({"framework": p["framework"], "reference": "djl-pytorch", "model": p["model"], "precision": p["precision"],
                          "promptTokens": p["promptTokens"], "newTokens": p["newTokens"], "share": 0.75})
    seed(r, "agreementJson", "agreement.json", json.dumps(agreement[:2], indent=1))

    s = "sweep/SweepFilesFuzzTestInputs"
    for spec in Path("benchmarks/sweeps").glob("*.json"):
        seed(s, "sweepSpec", spec.name, spec.read_bytes())

    q = "gate/GateInputsFuzzTestInputs"
    seed(q, "currentRun", "one-row.json", json.dumps(rows[:1], indent=1))
    seed(q, "currentRun", "failed-run.json", (failed_run / "jmh.json").read_bytes())
    seed(q, "thresholds", "two.txt", "ttft.p50=10\nitl.p99=5\n")
    seed(q, "thresholds", "throughput.txt", "output.tokens_per_s=2.5")

    p = "jmh/ParametersFuzzTestInputs"
    seed(p, "params", "fake-and-djl.txt", "framework=fake,djl-pytorch\nmodel=tiny\nbatchSize=1,4\npromptTokens=32\n"
                                          "newTokens=16\nthreads=1\nprecision=f32\n")
    seed(p, "params", "openai.txt", "framework=openai\nmodel=http://127.0.0.1:8000/v1#tiny\nprecision=f32\n")
    seed(p, "params", "fake-timing.txt", "framework=fake\nmodel=timing:20ms/50us/2ms,paced,zero\n")
    seed(p, "fakeTiming", "timing.txt", "timing:20ms/50us/2ms")
    seed(p, "fakeTiming", "fractions.txt", "timing:0/1.5us/2s")
    seed(p, "fakeTiming", "paced.txt", "paced")
    seed(p, "openaiModel", "local.txt", "http://127.0.0.1:8000/v1#tiny")
    seed(p, "openaiModel", "https-path.txt", "https://api.example.com/v1/#meta-llama/Llama-3.2-1B")
    seed(p, "llamaCppOptions", "all.txt", "flash_attn=on,n_ubatch=256,type_kv=f16")
    seed(p, "llamaCppOptions", "kv.txt", "type_kv=f32, n_ubatch=64")


if __name__ == "__main__":
    main()
