"""Docs checked as code: every command, option and setting is documented in docs/usage.md."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click
import pytest

from rashomon.cli import main
from rashomon.settings import SETTINGS, Config

USAGE = Path(__file__).resolve().parents[1] / "docs" / "usage.md"


@pytest.fixture(scope="module")
def usage() -> str:
    return USAGE.read_text(encoding="utf-8")


def _commands() -> list[tuple[str, click.Command]]:
    ctx = click.Context(main)
    return [(name, main.get_command(ctx, name)) for name in main.list_commands(ctx)]


def _options(command: click.Command) -> list[str]:
    ctx = click.Context(command)
    opts = []
    for param in command.get_params(ctx):  # includes the automatic -h/--help
        if isinstance(param, click.Option):
            opts.extend(param.opts + param.secondary_opts)
    return opts


def test_docs_cli_has_commands() -> None:
    assert {name for name, _ in _commands()} >= {"analyze", "compare"}


@pytest.mark.parametrize("name", [name for name, _ in _commands()])
def test_docs_usage_documents_command(usage: str, name: str) -> None:
    assert f"rashomon {name}" in usage, f"`rashomon {name}` is not documented in docs/usage.md"


@pytest.mark.parametrize(("name", "option"), [(name, opt) for name, cmd in _commands() for opt in _options(cmd)])
def test_docs_usage_documents_command_option(usage: str, name: str, option: str) -> None:
    assert f"`{option}" in usage, f"option {option} of `rashomon {name}` is not documented in docs/usage.md"


@pytest.mark.parametrize("option", _options(main))
def test_docs_usage_documents_global_option(usage: str, option: str) -> None:
    assert f"`{option}" in usage, f"global option {option} is not documented in docs/usage.md"


@pytest.mark.parametrize(("name", "choice"), [
    (name, choice)
    for name, cmd in _commands()
    for param in cmd.params if isinstance(param.type, click.Choice)
    for choice in param.type.choices
])
def test_docs_usage_documents_choices(usage: str, name: str, choice: str) -> None:
    assert choice in usage, f"choice {choice!r} of `rashomon {name}` is not documented"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_docs_usage_documents_setting(usage: str, setting) -> None:
    assert f"`{setting.name}`" in usage, f"setting {setting.name} is not documented in docs/usage.md"
    assert f"`{setting.env}`" in usage, f"{setting.env} is not documented in docs/usage.md"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_docs_usage_settings_row_shows_default(usage: str, setting) -> None:
    row = next((line for line in usage.splitlines() if line.startswith(f"| `{setting.name}` |")), None)
    assert row is not None, f"no settings table row for {setting.name}"
    assert setting.env in row
    assert str(setting.default) in row, f"default {setting.default!r} of {setting.name} missing from its row"


def test_docs_usage_documents_error_codes(usage: str) -> None:
    from rashomon import errors
    from rashomon.report.schema import ReportInvalid

    classes = [c for c in vars(errors).values()
               if isinstance(c, type) and issubclass(c, errors.RashomonError)] + [ReportInvalid]
    for cls in classes:
        assert f"`{cls.code}`" in usage and f"`{cls.__name__}`" in usage, f"{cls.__name__} [{cls.code}] undocumented"


def test_docs_config_defaults_equal_settings() -> None:
    config_fields = {f.name: f.default for f in dataclasses.fields(Config)}
    settings = {s.name: s.default for s in SETTINGS}
    assert config_fields == settings


def test_docs_settings_env_names() -> None:
    for s in SETTINGS:
        assert s.env == "RASHOMON_" + s.name.upper()


def test_docs_architecture_names_every_package() -> None:
    text = (USAGE.parent / "architecture.md").read_text(encoding="utf-8")
    src = USAGE.parents[1] / "src" / "rashomon"
    for pkg in sorted(p.name for p in src.iterdir() if (p / "__init__.py").exists() and p.name != "resources"):
        assert f"{pkg}/" in text, f"docs/architecture.md does not describe src/rashomon/{pkg}/"
