"""Reports to Parliament from the operator's command line:

``algoscope report build --period 2026-Q3 --scope benelux --lang nl,fr [--corrects N] [--pdf DIR]``
``algoscope report write ID --summary nl=FILE [--asks fr=FILE] [--correction nl=FILE]``
``algoscope report publish ID`` (waits for its files) · ``algoscope report retry ID`` (a failed layout)
``algoscope report discard ID`` · ``algoscope report list``
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from algoscope.accounts.permissions import Actor
from algoscope.common.errors import DomainError, InvalidInput
from algoscope.common.messages import stored_text
from algoscope.reports import files, jobs, selectors, services
from algoscope.reports.engine.texts import missing
from algoscope.reports.models import Report


class Command(BaseCommand):
    help = "Build, write, publish or list reports to Parliament."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="build a draft report from the data as the period closed")
        build.add_argument("--period", required=True, help="2026-Q3, 2026-H2, 2026 or 2026-09")
        build.add_argument("--scope", required=True, help="benelux, BE, NL, LU or a published plan's id")
        build.add_argument("--lang", default="nl,fr", help="the languages of its PDFs, comma-separated (nl,fr)")
        build.add_argument("--corrects", type=int, default=None, help="the number of the published report it corrects")
        build.add_argument("--pdf", type=Path, default=None, metavar="DIR", help="also write the draft's PDFs there")
        write = sub.add_parser("write", help="write a draft's texts from files (LANG=FILE)")
        write.add_argument("id", type=int)
        for name in ("summary", "asks", "correction"):
            write.add_argument(f"--{name}", action="append", default=[], metavar="LANG=FILE")
        for name in ("publish", "discard", "retry"):
            sub.add_parser(name, help=f"{name} a draft (retry: lay out a published report's files again)").add_argument(
                "id", type=int
            )
        sub.add_parser("list", help="the drafts and the published reports")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = Actor.for_system(f"algoscope report {options['action']}")
        try:
            getattr(self, f"_{options['action']}")(actor, options)
        except InvalidInput as exc:
            lines = "\n".join(f"  {p.path}: {p.message}" if p.path else f"  {p.message}" for p in exc.problems)
            raise CommandError(f"{exc.message}; nothing was changed:\n{lines}") from exc
        except DomainError as exc:
            raise CommandError(f"{exc.message}; nothing was changed") from exc

    def _draft(self, pk: int) -> Report:
        report = Report.objects.filter(pk=pk, state=Report.State.DRAFT).first()
        if report is None:
            raise CommandError(f"no draft report with id {pk} (see: algoscope report list)")
        return report

    def _build(self, actor: Actor, options: dict[str, Any]) -> None:
        report = services.report_build(actor, options["period"], options["scope"], options["lang"],
                                       corrects=options["corrects"])  # fmt: skip
        self.stdout.write(f"Draft {report.pk}: {report.period} · {report.scope} · snapshot {report.snapshot_sha256}")
        for language in report.languages:
            absent = missing(report.snapshot.get("sections", {}), language)
            if absent:
                self.stdout.write(
                    f"{language}: {len(absent)} texts are not written in this language (shown in another, marked):"
                )
                for row in absent:
                    self.stdout.write(f"  {row['where']} (in {row['languages']})")
        for problem in services.missing_texts(report):
            self.stdout.write(f"To write before publication: {problem.path}: {problem.message}")
        if options["pdf"] is not None:
            options["pdf"].mkdir(parents=True, exist_ok=True)
            for language in report.languages:
                path = options["pdf"] / f"draft-{report.period}-{report.scope}-{language}.pdf"
                path.write_bytes(files.pdf(report, language))
                self.stdout.write(f"Wrote {path}")

    def _write(self, actor: Actor, options: dict[str, Any]) -> None:
        report = self._draft(options["id"])
        texts: dict[str, dict[str, str]] = {}
        for option, field in (("summary", "summary"), ("asks", "asks"), ("correction", "correction_note")):
            for value in options[option]:
                language, sep, name = value.partition("=")
                if not sep:
                    raise CommandError(f"--{option} {value!r}: write LANG=FILE, e.g. nl=summary-nl.txt")
                try:
                    texts.setdefault(field, {})[language] = Path(name).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    raise CommandError(f"{name}: {exc}") from exc
        services.report_write(actor, report, texts)
        self.stdout.write(f"Draft {report.pk}: texts saved")

    def _publish(self, actor: Actor, options: dict[str, Any]) -> None:
        self._publish_done(jobs.lay_out_now(services.report_publish(actor, self._draft(options["id"]))))

    def _retry(self, actor: Actor, options: dict[str, Any]) -> None:
        report = Report.objects.filter(pk=options["id"], state=Report.State.PUBLISHING).first()
        if report is None:
            raise CommandError(f"no report being laid out with id {options['id']}")
        self._publish_done(jobs.lay_out_now(services.report_retry(actor, report)))

    def _publish_done(self, report: Report) -> None:
        if report.state != Report.State.PUBLISHED:
            reasons = "; ".join(stored_text(error) for error in report.errors)
            raise CommandError(f"report No. {report.number} is final, but laying out its files failed: {reasons} "
                               f"(try again: algoscope report retry {report.pk})")  # fmt: skip
        self.stdout.write(f"Published report No. {report.number}")
        for name, entry in report.files.items():
            self.stdout.write(f"  {name}  sha256 {entry['sha256']}")

    def _discard(self, actor: Actor, options: dict[str, Any]) -> None:
        services.report_discard(actor, self._draft(options["id"]))
        self.stdout.write(f"Draft {options['id']} discarded")

    def _list(self, actor: Actor, options: dict[str, Any]) -> None:
        for report in selectors.drafts():
            self.stdout.write(f"draft {report.pk}\t{report.period}\t{report.scope}\t{','.join(report.languages)}")
        for report in selectors.published():
            self.stdout.write(f"No. {report.number}\t{report.period}\t{report.scope}\t{report.published_at:%Y-%m-%d}")
