"""Bundle the NL Design System component CSS the site uses into one stylesheet.

`make setup` runs this after `npm ci` has installed ``@utrecht/component-library-css`` (and its component
packages) from package-lock.json. The bundle is written to ``src/algoscope/static/css/nlds.css``; the tokens that
theme it are in ``src/algoscope/static/css/theme.css`` (see docs/design.md). Nothing is fetched at run time.

    python scripts/build_design_system.py            # writes the bundle
    python scripts/build_design_system.py --check    # exits 1 when the bundle is missing or out of date
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = ROOT / "node_modules" / "@utrecht"
OUT = ROOT / "src" / "algoscope" / "static" / "css" / "nlds.css"

# The components Algoscope's templates use, in cascade order: plain HTML first (``.utrecht-html`` styles the
# elements of the page's content: headings, paragraphs, lists, tables, form controls), then the components
# the templates name with their classes.
COMPONENTS = [
    "document",
    "html-content",
    "skip-link",
    "page-header",
    "page-footer",
    "link",
    "link-list",
    "nav-bar",
    "nav-list",
    "breadcrumb-nav",
    "button",
    "button-link",
    "button-group",
    "alert",
    "status-badge",
    "data-badge",
    "badge-list",
    "table",
    "form-field",
    "form-label",
    "form-field-description",
    "form-field-error-message",
    "form-fieldset",
    "pagination",
]


def bundle() -> str:
    library = json.loads((MODULES / "component-library-css" / "package.json").read_text())
    parts = [
        "/* NL Design System components (@utrecht/component-library-css "
        f"{library['version']}, EUPL-1.2), bundled by scripts/build_design_system.py. Do not edit. */"
    ]
    for name in COMPONENTS:
        package = MODULES / f"{name}-css"
        source = package / "dist" / "index.min.css"
        if not source.exists():
            raise SystemExit(f"{source} is missing: run `npm ci --ignore-scripts` (make setup) first")
        version = json.loads((package / "package.json").read_text())["version"]
        css = source.read_text(encoding="utf-8").replace('@charset "UTF-8";', "")
        parts.append(f"/* @utrecht/{name}-css {version} */\n{css.strip()}")
    return '@charset "UTF-8";\n' + "\n".join(parts) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the bundle is up to date")
    args = parser.parse_args()
    text = bundle()
    if args.check:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.relative_to(ROOT)} is missing or out of date: run make setup", file=sys.stderr)
            return 1
        return 0
    if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
        OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
