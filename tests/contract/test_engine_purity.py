"""Pure algorithmic cores import no Django: the modules the import-linter contract "Engines import no Django" names
in ``pyproject.toml`` (read from there, so the two never disagree), and every ``*/engine/`` package is among them."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import algoscope

ROOT = Path(algoscope.__file__).parent
PYPROJECT = ROOT.parents[1] / "pyproject.toml"


def _contract() -> dict[str, object]:
    contracts = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["name"] == "Engines import no Django")


FORBIDDEN = tuple(str(m) for m in _contract()["forbidden_modules"])  # type: ignore[attr-defined]


def _files(module: str) -> list[Path]:
    path = ROOT.parent.joinpath(*module.split("."))
    return sorted(path.rglob("*.py")) if path.is_dir() else [path.with_suffix(".py")]


def pure_files() -> list[Path]:
    return sorted({f for module in _contract()["source_modules"] for f in _files(str(module))})  # type: ignore[attr-defined]


def test_every_engine_package_is_in_the_contract() -> None:
    assert {p.parent for p in ROOT.glob("*/engine/__init__.py")} <= {f.parent for f in pure_files()}
    assert all(f.is_file() for f in pure_files())


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_pure_modules_import_no_web_framework() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in imported_modules(path) if m.split(".")[0] in FORBIDDEN)
        for path in pure_files()
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_pure_modules_only_import_other_pure_modules() -> None:
    pure_modules = {".".join(p.relative_to(ROOT.parent).with_suffix("").parts) for p in pure_files()}
    for path in pure_files():
        for module in imported_modules(path):
            if module.startswith("algoscope."):
                assert module in pure_modules or f"{module}.__init__" in pure_modules, (
                    f"{path.name} imports {module}, which is not pure"
                )
