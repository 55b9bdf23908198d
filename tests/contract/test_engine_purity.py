"""Pure algorithmic cores import no Django: every ``*/engine/`` package, and the register's pure modules."""

from __future__ import annotations

import ast
from pathlib import Path

import algoscope

ROOT = Path(algoscope.__file__).parent
PURE = [ROOT / "register" / name for name in ("content.py", "identifiers.py", "diff.py")] + [
    ROOT / "common" / name for name in ("errors.py", "messages.py", "svg.py", "textfiles.py", "version.py")
]
FORBIDDEN = ("django", "ninja")


def pure_files() -> list[Path]:
    return PURE + sorted(path for engine in ROOT.glob("*/engine") for path in engine.rglob("*.py"))


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
