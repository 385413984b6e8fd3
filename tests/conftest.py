"""Fixtures shared by the whole test suite.

Paths to the bundled examples and to the shared evaluation data beside the
repository (``../shared``, or ``RASHOMON_SHARED``), the spaCy pipeline loaded
once per session, and a click runner for in-process CLI tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
NIGER = EXAMPLES / "niger-2024-04"
SHARED = Path(os.environ.get("RASHOMON_SHARED", ROOT.parent / "shared"))


def require_shared(*parts: str) -> Path:
    """``SHARED/parts...``, or skip the calling test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found at {path}")
    return path


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def niger_sources() -> list[str]:
    """The two bundled Niger reports, in the order the README compares them."""
    return [str(NIGER / "rossa-primavera.txt"), str(NIGER / "moscow-times-afp.md")]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return require_shared()


@pytest.fixture(scope="session")
def shared() -> Callable[..., Path]:
    """``shared("eval", "gold")``: a path under ../shared, skipping when absent."""
    return require_shared


@pytest.fixture(scope="session")
def nlp():
    from rashomon.analyze.nlp import load_nlp

    return load_nlp()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()
