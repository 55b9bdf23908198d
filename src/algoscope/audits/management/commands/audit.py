"""``algoscope audit run FILE …``: a bias audit of a decisions file, without the database (``algoscope work``
computes the audits queued in the site)."""

from __future__ import annotations

import json
import sys
import time
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from algoscope.audits.engine.audit import run_audit
from algoscope.audits.engine.counts import read_counts
from algoscope.audits.engine.errors import AuditInputError
from algoscope.audits.engine.spec import AuditSpec, column_list
from algoscope.audits.report import default_title, report_context, report_html, report_pdf


def _columns(text: str) -> tuple[str, ...]:
    columns = column_list(text)
    if not columns:
        raise ArgumentTypeError("give at least one column name")
    return columns


def _min_cell(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise ArgumentTypeError(f"not a whole number: {text!r}") from exc
    if value < 0:
        raise ArgumentTypeError(f"must be 0 or more (0 publishes every group), got {value}")
    return value


def _reference(text: str) -> tuple[str, str]:
    column, sep, value = text.partition("=")
    if not sep or not column.strip():
        raise ArgumentTypeError(f"expected COLUMN=VALUE, got {text!r}")
    return column.strip(), value.strip()


class Command(BaseCommand):
    help = "Audit a decisions file (CSV or Parquet) for bias between groups; needs no database."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        run = sub.add_parser("run", help="compute the audit and write JSON, HTML and/or PDF")
        run.add_argument("file", type=Path, metavar="FILE")
        run.add_argument("--protected", type=_columns, required=True, help="protected attributes, e.g. race,sex")
        run.add_argument("--label", required=True, help="the actual outcome column")
        run.add_argument("--prediction", required=True, help="the decision or prediction column")
        run.add_argument("--score", help="a risk-score column (calibration per group)")
        run.add_argument("--period", help="a period column (stability over periods)")
        run.add_argument("--positive-label", help="the label value that means a positive outcome")
        run.add_argument("--positive-prediction", help="the prediction value that means a positive decision")
        run.add_argument(
            "--reference",
            type=_reference,
            action="append",
            default=[],
            metavar="COLUMN=VALUE",
            help="the reference group of an attribute (default: its largest group); repeatable",
        )
        run.add_argument(
            "--min-cell", type=_min_cell, default=10, help="do not publish groups and rates under N people (0: all)"
        )
        run.add_argument("--correction", choices=["holm", "bh"], default="holm")
        run.add_argument(
            "--family",
            choices=["summary", "all", "metric-grouping"],
            default="summary",
            help="which tests are corrected together (default: those the summary draws conclusions from)",
        )
        run.add_argument(
            "--missing",
            choices=["fail", "group", "drop"],
            default="fail",
            help="rows with an empty protected attribute: refuse the file (default), own group, or leave out",
        )
        run.add_argument("--seed", type=int, default=20260801, help="seed of the exploratory scan's sample")
        direction = run.add_mutually_exclusive_group()
        direction.add_argument(
            "--intervention",
            choices=["punitive", "assistive", "none"],
            default="punitive",
            help="what the decision does to the people selected (chooses the key error rate)",
        )
        direction.add_argument(
            "--favourable",
            choices=["yes", "no"],
            help="is a positive decision a benefit (yes: assistive) or a burden (no: punitive)?",
        )
        run.add_argument(
            "--scan-features",
            type=_columns,
            default=(),
            metavar="A,B,…",
            help="exploratory scan for disadvantaged subgroups on these columns (no protected ones needed)",
        )
        run.add_argument("--scan-rows", type=int, default=200_000, help="rows sampled for the scan (default 200,000)")
        run.add_argument("--delimiter", help="CSV delimiter (default: detected)")
        run.add_argument("--encoding", default="utf-8", help="CSV encoding (default utf-8)")
        run.add_argument(
            "--decimal", choices=[".", ","], help="decimal mark of the score column (default: ',' when ';' separates)"
        )
        run.add_argument("--title", help="the report's title")
        run.add_argument("--language", default="en", choices=["en", "nl", "fr", "de"])
        run.add_argument("--json", type=Path, required=True, metavar="OUT.json")
        run.add_argument("--html", type=Path, metavar="OUT.html")
        run.add_argument("--pdf", type=Path, metavar="OUT.pdf")

    def handle(self, *args: Any, **options: Any) -> None:
        spec = AuditSpec(
            protected=options["protected"],
            label=options["label"],
            prediction=options["prediction"],
            score=options["score"],
            period=options["period"],
            positive_label=options["positive_label"],
            positive_prediction=options["positive_prediction"],
            reference=dict(options["reference"]),
            min_cell=options["min_cell"],
            correction=options["correction"],
            family=options["family"],
            missing=options["missing"],
            seed=options["seed"],
            delimiter=options["delimiter"],
            decimal=options["decimal"],
            encoding=options["encoding"],
            intervention={"yes": "assistive", "no": "punitive"}.get(options["favourable"], options["intervention"]),
            scan_features=options["scan_features"],
            scan_rows=options["scan_rows"],
        )
        started = time.perf_counter()
        try:
            counts = read_counts(options["file"], spec, progress=self._progress if options["verbosity"] > 1 else None)
            result = run_audit(counts)
        except AuditInputError as exc:
            raise CommandError("\n".join(p.message for p in exc.problems)) from exc
        outputs = {"json": options["json"], "html": options["html"], "pdf": options["pdf"]}
        contents: dict[str, bytes] = {"json": json.dumps(result, ensure_ascii=False, indent=1).encode()}
        language = options["language"]
        with translation.override(language):  # titles, charts and numbers in the report's language
            context = report_context(result, title=options["title"] or default_title(options["file"].name))
            if outputs["html"]:
                contents["html"] = report_html(context, language).encode()
            if outputs["pdf"]:
                contents["pdf"] = report_pdf(context, language)
        for kind, data in contents.items():
            target = outputs[kind]
            partial = target.with_name(target.name + ".part")
            partial.write_bytes(data)
            partial.replace(target)  # a reader never sees half a file
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{counts.rows:,} rows, {len(result['groupings'])} groupings in {seconds:.2f} s: "
            + ", ".join(str(outputs[k]) for k in contents)
        )

    def _progress(self, stage: str, fraction: float) -> None:
        sys.stderr.write(f"\r{stage} {fraction:4.0%}")
