"""``algoscope panel select …`` (select a panel from CSV files, no database), ``algoscope panel verify DIR`` and
``algoscope panel purge`` (delete respondents whose deletion date has come)."""

from __future__ import annotations

import datetime as dt
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from algoscope.sortition.engine import verifier
from algoscope.sortition.engine.columns import SOLVERS
from algoscope.sortition.engine.csvinput import read_pool
from algoscope.sortition.engine.errors import Infeasible, PanelInputError, where
from algoscope.sortition.engine.model import Algorithm
from algoscope.sortition.engine.outputs import DEFAULT_K_ANONYMITY, files
from algoscope.sortition.engine.selection import inputs_digest, select


class ProgressBar:
    """``stage [#####.....] done/total`` on standard error, redrawn in place on a terminal; elsewhere (a log, a
    pipe) one line per stage."""

    def __init__(self, stream: Any, width: int = 30) -> None:
        self.stream, self.width, self.last, self.stage = stream, width, "", ""
        self.tty = bool(getattr(stream, "isatty", lambda: False)())

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.tty:
            if stage != self.stage:
                self.stream.write(f"{stage}…\n")
                self.stage = stage
            return
        filled = int(self.width * done / total) if total else self.width
        line = f"\r{stage:<11} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}"
        if line != self.last:
            self.stream.write(line)
            self.stream.flush()
            self.last = line

    def close(self) -> None:
        if self.last:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Select a citizens' panel by lot (LEXIMIN, MAXIMIN or LEGACY) and verify a published draw."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        run = sub.add_parser("select", help="select a panel; writes the panel, probabilities, lottery and report")
        run.add_argument("--respondents", type=Path, required=True, help="one row per person (CSV)")
        run.add_argument("--categories", type=Path, required=True, help="one row per feature value with min and max")
        run.add_argument("--size", type=int, required=True, help="the panel size")
        run.add_argument("--algorithm", choices=[a.value for a in Algorithm], default="leximin")
        run.add_argument("--address-columns", nargs="*", default=[], help="columns that together are the address")
        run.add_argument("--id-column", help="the respondents' id column (default: detected, else row numbers)")
        run.add_argument("--already-selected", nargs="*", default=[], help="ids already on the panel (replacements)")
        run.add_argument(
            "--seed",
            help="the announced numbers that decide the draw, e.g. '7 19 23 31 38 44 12' (default: random, reported)",
        )
        run.add_argument(
            "--lottery-size",
            type=int,
            help="tickets in the lottery (default: the smallest of 1,000 … 50,000 that brings every chance within 1 %% "
            "of its probability)",
        )
        run.add_argument(
            "--k-anonymity",
            type=int,
            default=DEFAULT_K_ANONYMITY,
            help="every published profile is shared by more than K respondents (default 5)",
        )
        run.add_argument(
            "--solver",
            choices=SOLVERS,
            default="auto",
            help="highs, cbc (COIN-OR CBC and CLP: pip install 'algoscope[cbc]'), or auto (cbc where installed, "
            "else highs)",
        )
        run.add_argument("--out", type=Path, required=True, help="the output folder")
        check = sub.add_parser("verify", help="check every public file and figure, and re-draw from the seed")
        check.add_argument("folder", type=Path, help="the public/ folder of a selection")
        check.add_argument("--seed", help="the announced seed (default: the one in draw.json)")
        check.add_argument("--manifest", help="the fingerprint (manifest SHA-256) the public page shows, to compare")
        check.add_argument(
            "--private", type=Path, help="an auditor's folder with the organisers' probabilities.csv and pseudonyms.csv"
        )
        purge = sub.add_parser("purge", help="delete the respondents of panels whose deletion date has come (cron)")
        purge.add_argument("--today", type=dt.date.fromisoformat, help="the date to compare with (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "select":
            self._select(options)
        elif options["subcommand"] == "purge":
            from algoscope.sortition.services import purge_due

            done = purge_due(options["today"])
            self.stdout.write(f"personal data deleted from {done} panel(s)")
        else:
            self._verify(options)

    def _select(self, options: dict[str, Any]) -> None:
        if options["lottery_size"] is not None and options["lottery_size"] < 1:
            raise CommandError("--lottery-size: at least 1")
        if options["k_anonymity"] < 0:
            raise CommandError("--k-anonymity: 0 or more")
        if options["seed"] is not None:
            try:
                verifier.normal_seed(options["seed"])
            except verifier.SeedError as exc:
                raise CommandError(f"--seed: {exc}") from None
        try:
            categories = options["categories"].read_bytes()
            respondents = options["respondents"].read_bytes()
        except OSError as exc:
            raise CommandError(f"{exc.filename}: {exc.strerror}") from None
        try:
            pool = read_pool(
                categories,
                respondents,
                k=options["size"],
                categories_file=options["categories"].name,
                respondents_file=options["respondents"].name,
                id_column=options["id_column"],
                address_columns=options["address_columns"],
                already_selected=options["already_selected"],
            )
        except PanelInputError as exc:
            raise CommandError(f"{len(exc.problems)} problem(s) in the input:\n{exc.message}") from None
        for warning in pool.warnings:
            self.stderr.write(f"warning: {where(warning)}{warning.message}")
        bar = ProgressBar(sys.stderr)
        try:
            selection = select(
                pool,
                options["size"],
                algorithm=Algorithm(options["algorithm"]),
                lottery_size=options["lottery_size"],
                seed=options["seed"],
                inputs=inputs_digest(categories, respondents),
                progress=bar,
                solver=options["solver"],
                k_anonymity=options["k_anonymity"],
            )
        except Infeasible as exc:
            bar.close()
            raise CommandError(f"infeasible quotas: {exc.diagnosis}") from None
        except PanelInputError as exc:
            bar.close()
            raise CommandError(exc.message) from None
        bar.close()
        out: Path = options["out"]
        for name, data in files(pool, selection).items():
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        report = selection.report
        p = report["probabilities"]
        self.stdout.write(
            f"{report['algorithm']}: panel of {selection.k} from {report['pool_size']} people "
            f"({report['types']} types); probabilities min {p['min']:.4f}, max {p['max']:.4f}, Gini {p['gini']:.3f}; "
            f"{report['support']} panels in the distribution; lottery of {report['lottery']['size']:,} tickets "
            f"(chances within {report['lottery']['max_relative_gap']:.2%} of the probabilities); manifest "
            f"{selection.manifest_digest}; seed {selection.seed!r} drew ticket {selection.ticket}; "
            f"{report['seconds']['total']:.2f} s"
        )
        self.stdout.write(f"written to {out}/ (panel.csv, probabilities.csv, pseudonyms.csv, public/)")

    def _verify(self, options: dict[str, Any]) -> None:
        folder: Path = options["folder"]
        if not folder.is_dir():
            raise CommandError(f"{folder}: no such folder")
        files = verifier.read_folder(folder)
        result = verifier.verify(files, options["seed"], options["manifest"])
        private: Path | None = options["private"]
        if private is not None and result.ok:
            found = verifier.read_folder(private, verifier.PRIVATE_FILES)
            if len(found) != len(verifier.PRIVATE_FILES):
                raise CommandError(f"{private}: needs {' and '.join(verifier.PRIVATE_FILES)}")
            verifier.check_private(files, found, result)
        out, errors = verifier.report_lines(result, options["seed"] is not None, bool(options["manifest"]))
        if not result.ok:
            raise CommandError("verification failed:\n" + "\n".join(errors))
        self.stdout.write("\n".join(out))
