"""The optional NLI judge, on a tiny cross-encoder each test builds in tmp_path.

The model is not trained: its one "feature" counts the token "not" (masked by
attention_mask), and the weights turn that count into logits, so a pair with
"not" on either side comes out as contradiction and any other as entailment.
[PAD] also counts as "not" in the embedding table, so a batch only judges
right when padding is masked out.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from rashomon.compare.nli import (
    LABELS,
    OnnxCrossEncoder,
    contradiction,
    judge_both_ways,
    load_nli,
)
from rashomon.errors import ModelError

onnx = pytest.importorskip("onnx")

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "not", "the", "ship", "sank", "did", "sink",
         "ferry", "was", "hit", "by", "a", "storm"]
NOT = VOCAB.index("not")
ID2LABEL = {"0": "contradiction", "1": "entailment", "2": "neutral"}


def write_tokenizer(path: Path) -> None:
    from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import WordLevel

    tok = Tokenizer(WordLevel({w: i for i, w in enumerate(VOCAB)}, unk_token="[UNK]"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", VOCAB.index("[CLS]")), ("[SEP]", VOCAB.index("[SEP]"))])
    tok.save(str(path))


def write_model(path: Path, token_types: bool = True) -> None:
    from onnx import TensorProto, helper, numpy_helper

    emb = np.zeros((len(VOCAB), 1), dtype=np.float32)
    emb[NOT, 0] = 1.0
    emb[VOCAB.index("[PAD]"), 0] = 1.0  # only masking keeps padding from reading as "not"
    weights = np.array([[4.0, -4.0, 0.0]], dtype=np.float32)  # per "not": towards contradiction
    bias = np.array([0.0, 3.0, 0.0], dtype=np.float32)        # no "not": entailment wins
    nodes = [
        helper.make_node("Gather", ["emb", "input_ids"], ["tokens"]),              # [B, S, 1]
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_f", "axis2"], ["mask3"]),              # [B, S, 1]
        helper.make_node("Mul", ["tokens", "mask3"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "axis1"], ["pooled"], keepdims=0),  # [B, 1]
        helper.make_node("MatMul", ["pooled", "weights"], ["scores"]),              # [B, 3]
        helper.make_node("Add", ["scores", "bias"], ["logits"]),
    ]
    inputs = [helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "seq"])
              for n in ("input_ids", "attention_mask")]
    if token_types:
        # read but weighted 0: onnxruntime refuses a run that leaves this input out
        inputs.append(helper.make_tensor_value_info("token_type_ids", TensorProto.INT64, ["batch", "seq"]))
        nodes[-1:] = [
            helper.make_node("Cast", ["token_type_ids"], ["types_f"], to=TensorProto.FLOAT),
            helper.make_node("ReduceSum", ["types_f", "axis1"], ["types_sum"], keepdims=1),  # [B, 1]
            helper.make_node("Mul", ["types_sum", "zero"], ["types_zero"]),
            helper.make_node("Add", ["scores", "types_zero"], ["scores2"]),
            helper.make_node("Add", ["scores2", "bias"], ["logits"]),
        ]
    arrays: dict[str, np.ndarray] = {
        "emb": emb, "weights": weights, "bias": bias, "zero": np.zeros(1, np.float32),
        "axis1": np.array([1], np.int64), "axis2": np.array([2], np.int64)}
    inits = [numpy_helper.from_array(a, n) for n, a in arrays.items()]
    if not token_types:
        inits = [i for i in inits if i.name != "zero"]
    graph = helper.make_graph(nodes, "tiny-nli", inputs,
                              [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 3])],
                              initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def build(root: Path, *, id2label: dict[str, str] | None = None, onnx_subdir: bool = False,
          token_types: bool = True) -> Path:
    """An Optimum-style export in ``root``: model.onnx (or onnx/model.onnx), tokenizer.json, config.json."""
    model_dir = root / "onnx" if onnx_subdir else root
    model_dir.mkdir(parents=True, exist_ok=True)
    write_model(model_dir / "model.onnx", token_types=token_types)
    write_tokenizer(root / "tokenizer.json")
    (root / "config.json").write_text(json.dumps({"id2label": id2label or ID2LABEL, "pad_token_id": 0}))
    return root


@pytest.fixture(autouse=True)
def fresh_cache():
    load_nli.cache_clear()
    yield
    load_nli.cache_clear()


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return build(tmp_path / "tiny-nli")


def top(probs: dict[str, float]) -> str:
    return max(probs, key=lambda k: probs[k])


def test_compare_nli_off_by_default():
    assert load_nli("") is None
    assert load_nli("  ") is None


def test_compare_nli_loads_onnx_directory(tiny: Path):
    judge = load_nli(str(tiny))
    assert isinstance(judge, OnnxCrossEncoder)
    assert judge.name == f"onnx:{tiny}"
    assert load_nli(str(tiny)) is judge  # cached
    assert isinstance(load_nli(f"onnx:{tiny}"), OnnxCrossEncoder)


@pytest.mark.parametrize("token_types", [True, False])
def test_compare_nli_contradiction_and_entailment(tmp_path: Path, token_types: bool):
    judge = OnnxCrossEncoder(build(tmp_path / "m", token_types=token_types))
    contra, same = judge.judge([("the ship sank", "the ship did not sink"),
                                ("the ship sank", "the ship sank")])
    assert set(contra) == set(LABELS)
    assert top(contra) == "contradiction"
    assert top(same) == "entailment"
    for probs in (contra, same):
        assert sum(probs.values()) == pytest.approx(1.0)
        assert all(0.0 <= p <= 1.0 for p in probs.values())
    # softmax of the logits the weights give: [4, -1, 0] and [0, 3, 0]
    z = np.exp([4.0, -1.0, 0.0])
    assert contra["contradiction"] == pytest.approx(z[0] / z.sum(), rel=1e-5)


def test_compare_nli_batch_keeps_order_and_masks_padding(tiny: Path):
    judge = load_nli(str(tiny))
    assert judge is not None
    pairs = [
        ("the ship sank", "the ship sank"),
        ("the ferry was hit by a storm and the ship did sink", "the ship sank"),  # long: others pad
        ("the ship sank", "the ship did not sink"),
        ("the ship did not sink", "the ship sank"),
        ("a storm", "a storm"),
    ]
    got = [top(p) for p in judge.judge(pairs)]
    assert got == ["entailment", "entailment", "contradiction", "contradiction", "entailment"]
    assert judge.judge([]) == []


def test_compare_nli_helpers(tiny: Path):
    judge = load_nli(str(tiny))
    assert judge is not None
    assert contradiction(judge, "the ship sank", "the ship did not sink") > 0.9
    assert contradiction(judge, "the ship sank", "the ship sank") < 0.1
    both = judge_both_ways(judge, "the ship sank", "the ship did not sink")
    assert set(both) == set(LABELS)
    assert top(both) == "contradiction"
    assert sum(both.values()) == pytest.approx(1.0)


def assert_one_line_r300(err: pytest.ExceptionInfo[ModelError]) -> str:
    msg = str(err.value)
    assert err.value.code == "R300"
    assert msg.startswith("[R300] ")
    assert "\n" not in msg and "Traceback" not in msg
    return msg


def test_compare_nli_missing_directory(tmp_path: Path):
    for spec in (str(tmp_path / "nope"), f"onnx:{tmp_path / 'nope'}"):
        with pytest.raises(ModelError) as err:
            load_nli(spec)
        assert "no such model directory" in assert_one_line_r300(err)


def test_compare_nli_directory_without_model(tmp_path: Path):
    with pytest.raises(ModelError) as err:
        load_nli(str(tmp_path))
    assert "model.onnx" in assert_one_line_r300(err)


def test_compare_nli_config_without_the_three_labels(tmp_path: Path):
    root = build(tmp_path / "m", id2label={"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"})
    with pytest.raises(ModelError) as err:
        load_nli(str(root))
    assert "contradiction, entailment and neutral" in assert_one_line_r300(err)


def test_compare_nli_labels_case_insensitive_in_any_order(tmp_path: Path):
    root = build(tmp_path / "m", id2label={"0": "CONTRADICTION", "1": "Entailment", "2": "NEUTRAL"})
    assert top(OnnxCrossEncoder(root).judge([("the ship sank", "not")])[0]) == "contradiction"
    # the same weights read with entailment at index 0 swap the outcome
    root = build(tmp_path / "n", id2label={"0": "entailment", "1": "contradiction", "2": "neutral"})
    assert top(OnnxCrossEncoder(root).judge([("the ship sank", "not")])[0]) == "entailment"


@pytest.mark.parametrize("broken", ["model.onnx", "tokenizer.json", "config.json"])
def test_compare_nli_bad_files(tmp_path: Path, broken: str):
    root = build(tmp_path / "m")
    (root / broken).write_bytes(b"\x00 not what it should be\n{")
    with pytest.raises(ModelError) as err:
        load_nli(str(root))
    assert broken in assert_one_line_r300(err)


def test_compare_nli_finds_model_in_hf_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    repo = tmp_path / "hf" / "hub" / "models--acme--tiny-nli"
    build(repo / "snapshots" / "abc123", onnx_subdir=True)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("abc123")
    judge = load_nli("acme/tiny-nli")
    assert isinstance(judge, OnnxCrossEncoder)
    assert judge.name.endswith("abc123")
    assert top(judge.judge([("the ship sank", "the ship did not sink")])[0]) == "contradiction"


def test_compare_nli_name_not_in_hf_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty"))
    with pytest.raises(ModelError) as err:
        load_nli("acme/absent-nli")
    assert "HuggingFace cache" in assert_one_line_r300(err)


@pytest.mark.skipif(importlib.util.find_spec("transformers") is not None
                    and importlib.util.find_spec("torch") is not None,
                    reason="transformers and torch are installed")
def test_compare_nli_transformers_not_installed():
    with pytest.raises(ModelError) as err:
        load_nli("hf:cross-encoder/nli-deberta-v3-xsmall")
    msg = assert_one_line_r300(err)
    assert "transformers" in msg and "onnx" in msg
