"""Optional NLI judge: does one claim contradict, entail, or leave open another?

Off by default (``nli_model = ""``): no licensed NLI model ships in a PyPI
package we can depend on, so the rule-based conflict checks stand alone.  A
user with a local NLI cross-encoder switches it on with ``nli_model`` /
``RASHOMON_NLI_MODEL``:

* ``DIR`` or ``onnx:DIR`` — a cross-encoder exported to ONNX with HuggingFace
  Optimum (e.g. ``optimum-cli export onnx --model
  cross-encoder/nli-deberta-v3-xsmall DIR``): ``model.onnx`` (or
  ``onnx/model.onnx``), ``tokenizer.json`` and ``config.json`` with
  ``id2label``.  Run with onnxruntime and ``tokenizers`` — no torch, like the
  embedder in :mod:`rashomon.align.embeddings`.
* ``ORG/NAME`` — looked up in the HuggingFace cache; an ONNX export in the
  snapshot is preferred, else the PyTorch weights through transformers.
* ``hf:NAME_OR_PATH`` — transformers + torch (not installed by default),
  offline only (``local_files_only=True``).

Every failure to load is a :class:`~rashomon.errors.ModelError` (R300) with a
one-line message.
"""

from __future__ import annotations

import json
import logging
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from rashomon.errors import ModelError

log = logging.getLogger(__name__)

LABELS = ("contradiction", "entailment", "neutral")
MAX_TOKENS = 256  # premise + hypothesis; two claims fit in well under 256 word pieces
BATCH = 32
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")


class NliJudge(Protocol):
    name: str

    def judge(self, pairs: list[tuple[str, str]]) -> list[dict[str, float]]: ...


def _oneline(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")


def _label_index(id2label: dict[Any, Any], where: str) -> dict[str, int]:
    """``{"contradiction": i, ...}`` from a config's ``id2label`` (keys may be strings)."""
    try:
        found = {str(v).strip().lower(): int(k) for k, v in id2label.items()}
    except (AttributeError, TypeError, ValueError) as exc:
        raise ModelError(f"id2label is not a mapping of ids to labels ({_oneline(exc)})",
                         source=where) from exc
    missing = [lab for lab in LABELS if lab not in found]
    if missing:
        raise ModelError(f"id2label must name contradiction, entailment and neutral; found "
                         f"{', '.join(sorted(found)) or 'nothing'}", source=where)
    return {lab: found[lab] for lab in LABELS}


def _probabilities(logits: np.ndarray, index: dict[str, int]) -> list[dict[str, float]]:
    z = logits.astype(np.float64)
    z = np.exp(z - z.max(axis=1, keepdims=True))
    p = z / z.sum(axis=1, keepdims=True)
    return [{lab: float(row[i]) for lab, i in index.items()} for row in p]


class OnnxCrossEncoder:
    """An NLI cross-encoder exported to ONNX by HuggingFace Optimum, run with onnxruntime.

    ``path`` holds ``model.onnx`` (or ``onnx/model.onnx``, the layout of Hub
    repositories that carry an ONNX export) with inputs ``input_ids``,
    ``attention_mask`` and optionally ``token_type_ids`` and an output
    ``logits`` of shape ``[batch, n_labels]``; ``tokenizer.json`` (HuggingFace
    ``tokenizers`` format) and ``config.json`` with ``id2label`` sit beside the
    model or one level up.  This is what ``optimum-cli export onnx --model
    cross-encoder/nli-deberta-v3-xsmall DIR`` writes.
    """

    def __init__(self, path: str | Path, threads: int = 2) -> None:
        root = Path(path).expanduser()
        where = str(root)
        if not root.is_dir():
            raise ModelError("no such model directory", source=where)
        model = _onnx_file(root)
        if model is None:
            raise ModelError("no model.onnx (or onnx/model.onnx) in this directory", source=where)
        tok_file = _beside(model, root, "tokenizer.json", where)
        cfg_file = _beside(model, root, "config.json", where)
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - both are in the default install
            raise ModelError(f"NLI model unavailable: {exc}") from exc
        try:
            config = json.loads(cfg_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"unreadable config.json ({_oneline(exc)})", source=where) from exc
        if not isinstance(config, dict):
            raise ModelError("config.json is not a JSON object", source=where)
        self._index = _label_index(config.get("id2label") or {}, where)
        try:
            self._tok = Tokenizer.from_file(str(tok_file))
        except Exception as exc:  # tokenizers raises plain Exception on bad files
            raise ModelError(f"unreadable tokenizer.json ({_oneline(exc)})", source=where) from exc
        self._tok.enable_truncation(MAX_TOKENS)
        if self._tok.padding is None:
            pad_id = int(config.get("pad_token_id") or 0)
            self._tok.enable_padding(pad_id=pad_id, pad_token=self._tok.id_to_token(pad_id) or "[PAD]")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.log_severity_level = 3
        try:
            self._sess = ort.InferenceSession(str(model), opts, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime's own exception types, not worth importing
            raise ModelError(f"cannot load {model.name} ({_oneline(exc)})", source=where) from exc
        self._inputs = {i.name: i.type for i in self._sess.get_inputs()}
        for needed in ("input_ids", "attention_mask"):
            if needed not in self._inputs:
                raise ModelError(f"{model.name} has no input {needed!r} "
                                 f"(inputs: {', '.join(self._inputs)})", source=where)
        outputs = [o.name for o in self._sess.get_outputs()]
        self._output = "logits" if "logits" in outputs else outputs[0]
        self.name = f"onnx:{root}"
        log.info("NLI model loaded from %s", model)

    def _feed(self, name: str, rows: list[list[int]]) -> np.ndarray:
        dtype = np.int32 if self._inputs[name] == "tensor(int32)" else np.int64
        return np.array(rows, dtype=dtype)

    def judge(self, pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
        out: list[dict[str, float]] = [{} for _ in pairs]
        # batches of similar length keep padding small
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        for b in range(0, len(order), BATCH):
            idx = order[b:b + BATCH]
            enc = self._tok.encode_batch([pairs[i] for i in idx])
            feeds = {"input_ids": self._feed("input_ids", [e.ids for e in enc]),
                     "attention_mask": self._feed("attention_mask", [e.attention_mask for e in enc])}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = self._feed("token_type_ids", [e.type_ids for e in enc])
            logits = np.asarray(self._sess.run([self._output], feeds)[0])
            if logits.ndim != 2 or logits.shape[1] <= max(self._index.values()):
                raise ModelError(f"model output {self._output!r} has shape {logits.shape}, "
                                 f"expected [batch, n_labels]", source=self.name)
            for i, probs in zip(idx, _probabilities(logits, self._index), strict=True):
                out[i] = probs
        return out


class TransformersCrossEncoder:
    """The same judge through transformers + torch (not in the default install), offline only."""

    def __init__(self, name_or_path: str) -> None:
        try:
            import torch
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as exc:
            raise ModelError(f"NLI model {name_or_path!r} needs transformers and torch, which are not "
                             f"installed; export it to ONNX instead (optimum-cli export onnx --model "
                             f"{name_or_path} DIR) and set nli_model to DIR") from exc
        try:
            self._tok = AutoTokenizer.from_pretrained(name_or_path, local_files_only=True)
            self._model = AutoModelForSequenceClassification.from_pretrained(
                name_or_path, local_files_only=True)
        except Exception as exc:  # OSError, ValueError, …: transformers is not consistent
            raise ModelError(f"cannot load NLI model offline ({_oneline(exc)})",
                             source=name_or_path) from exc
        self._model.eval()
        self._torch = torch
        self._index = _label_index(dict(self._model.config.id2label), name_or_path)
        self.name = f"hf:{name_or_path}"
        log.info("NLI model loaded with transformers: %s", name_or_path)

    def judge(self, pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
        out: list[dict[str, float]] = []
        for b in range(0, len(pairs), BATCH):
            chunk = pairs[b:b + BATCH]
            enc = self._tok([p for p, _ in chunk], [h for _, h in chunk], padding=True,
                            truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
            with self._torch.no_grad():
                logits = self._model(**enc).logits.float().numpy()
            out.extend(_probabilities(logits, self._index))
        return out


def _onnx_file(root: Path) -> Path | None:
    for candidate in (root / "model.onnx", root / "onnx" / "model.onnx"):
        if candidate.is_file():
            return candidate
    return None


def _beside(model: Path, root: Path, name: str, where: str) -> Path:
    for folder in (model.parent, root):
        if (folder / name).is_file():
            return folder / name
    raise ModelError(f"no {name} beside {model.name}", source=where)


def hf_hub_cache() -> Path:
    """The HuggingFace hub cache, resolved the way ``huggingface_hub`` does."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME") or "~/.cache"
    return Path(xdg).expanduser() / "huggingface" / "hub"


def cached_snapshots(repo_id: str) -> list[Path]:
    """Snapshot folders of ``repo_id`` in the hub cache, the one ``refs/main`` names first."""
    repo = hf_hub_cache() / ("models--" + repo_id.replace("/", "--"))
    snaps = sorted((p for p in (repo / "snapshots").glob("*") if p.is_dir()),
                   key=lambda p: p.stat().st_mtime, reverse=True)
    ref = repo / "refs" / "main"
    main = ref.read_text(encoding="utf-8").strip() if ref.is_file() else ""
    return sorted(snaps, key=lambda p: p.name != main)


@lru_cache(maxsize=4)
def load_nli(spec: str) -> NliJudge | None:
    """The judge ``spec`` names (see the module docstring), or None when NLI is off."""
    spec = spec.strip()
    if spec in ("", "none"):
        return None
    if spec.startswith("onnx:"):
        return OnnxCrossEncoder(spec[5:])
    if spec.startswith("hf:"):
        return TransformersCrossEncoder(spec[3:])
    path = Path(spec).expanduser()
    if path.is_dir():
        if _onnx_file(path) is not None or not (path / "config.json").is_file():
            return OnnxCrossEncoder(path)
        return TransformersCrossEncoder(str(path))  # a PyTorch checkpoint saved to disk
    if path.is_absolute() or spec.startswith((".", "~")) or not _REPO_ID.match(spec):
        raise ModelError("no such model directory", source=spec)
    snaps = cached_snapshots(spec)
    if not snaps:
        raise ModelError(f"neither a directory nor in the HuggingFace cache ({hf_hub_cache()})",
                         source=spec)
    for snap in snaps:
        if _onnx_file(snap) is not None:
            return OnnxCrossEncoder(snap)
    return TransformersCrossEncoder(spec)


def contradiction(judge: NliJudge, premise: str, hypothesis: str) -> float:
    """P(contradiction) of ``hypothesis`` given ``premise``."""
    return judge.judge([(premise, hypothesis)])[0]["contradiction"]


def judge_both_ways(judge: NliJudge, a: str, b: str) -> dict[str, float]:
    """NLI is asymmetric: the larger contradiction and the smaller entailment of (a, b) and (b, a).

    ``neutral`` is what is left, so the three still sum to 1 (max c + min e <= 1).
    """
    ab, ba = judge.judge([(a, b), (b, a)])
    c = max(ab["contradiction"], ba["contradiction"])
    e = min(ab["entailment"], ba["entailment"])
    return {"contradiction": c, "entailment": e, "neutral": max(0.0, 1.0 - c - e)}
