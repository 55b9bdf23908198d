"""Writing panel processes: permission check → validation → change → audit log.

Only a panel's organisers see or change it. Respondents are personal data: they are kept until the panel's
deletion date (``purge_due``, run by ``algoscope panel purge`` and by the worker), or until an organiser deletes them.
A bad upload stores nothing; the selection job stores its result whole or not at all (``sortition/jobs.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from typing_extensions import Unpack

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor, can, require, require_listed
from algoscope.common import jobs, tasks
from algoscope.common.auditlog import audit_log_write
from algoscope.common.errors import Conflict, InvalidInput, Problem, required_text
from algoscope.common.messages import gettext_noop as _
from algoscope.common.multilingual import LANGUAGES
from algoscope.common.public_cache import public_changed
from algoscope.common.textfiles import has_non_text
from algoscope.sortition import selectors
from algoscope.sortition.engine import verifier
from algoscope.sortition.engine.model import Pool
from algoscope.sortition.engine.outputs import composition, draw_file, private_files
from algoscope.sortition.engine.selection import Selection, check, draw, inputs_digest
from algoscope.sortition.engine.types import build
from algoscope.sortition.models import Panel

SYSTEM = Actor.for_system("panel schedule")
MAX_SIZE = 10_000
MAX_LOTTERY = 100_000
MAX_RETENTION_DAYS = 730
SETTINGS = frozenset(
    {
        "title",
        "purpose",
        "texts_language",
        "size",
        "algorithm",
        "lottery_size",
        "k_anonymity",
        "retention_days",
        "address_columns",
        "id_column",
        "already_selected",
    }
)
MAX_K_ANONYMITY = 50


class PanelSettings(TypedDict, total=False):
    """A panel's settings as the services take them (any subset for an update). The services check them again,
    whoever calls: the organisers' form, the demo, a script."""

    title: str
    purpose: str
    texts_language: str  # "" or one of the site's languages
    size: int
    algorithm: str
    lottery_size: int | None  # None: the smallest lottery that brings every chance within 1 % of its probability
    k_anonymity: int
    retention_days: int
    address_columns: list[str]
    already_selected: list[str]
    id_column: str


PRIVATE_FILES = ("panel.csv", "probabilities.csv", "pseudonyms.csv")


def log_panel(actor: Actor, panel: Panel, verb: str, **data: Any) -> None:
    """One entry in the audit log: ``panel.<verb>`` by ``actor``."""
    audit_log_write(
        actor=actor,
        action=f"sortition.panel.{verb}",
        object_type="panel",
        object_id=str(panel.pk),
        organisation_id=panel.organisation_id,
        data=data,
    )


def _own(actor: Actor, panel: Panel) -> None:
    require_listed(actor, "panel.manage", panel.organisers.values_list("pk", flat=True))


def _unpublished(panel: Panel) -> None:
    if panel.busy and jobs.queue("panels").fail_stale():  # a job a dead process left "running" fails, with its reason
        panel.refresh_from_db()
    if panel.busy:
        raise Conflict(_("the selection is being computed; wait until it has finished"))
    if panel.published_at is not None:
        raise Conflict(_("the lottery is published; its inputs and settings can no longer change (start a new panel)"))


def words(value: Any) -> list[str]:
    """A list of names from a list, or from a text with one per line or separated by commas."""
    if isinstance(value, str):
        return [w.strip() for w in value.replace("\n", ",").split(",") if w.strip()]
    return [str(w).strip() for w in value or [] if str(w).strip()]


def _integer(problems: list[Problem], field: str, value: Any, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        problems.append(Problem((field,), "invalid", _("a whole number, not {value!r}"), {"value": value}))
        return low
    if not low <= number <= high:
        problems.append(
            Problem(
                (field,),
                "out-of-range",
                _("between {low} and {high}, not {value}"),
                {"low": low, "high": high, "value": number},
            )
        )
    return number


def _settings(values: dict[str, Any]) -> dict[str, Any]:
    """Checked settings (every problem at once)."""
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    for key in ("title", "purpose"):
        if key in values:
            out[key] = str(values[key]).strip()
            if not out[key]:
                problems.append(Problem((key,), "required", _("required")))
    if "title" in out and len(out["title"]) > 200:
        problems.append(Problem(("title",), "too-long", _("at most 200 characters")))
    if "texts_language" in values:
        out["texts_language"] = str(values["texts_language"] or "").strip()
        if out["texts_language"] not in ("", *LANGUAGES):
            problems.append(
                Problem(
                    ("texts_language",),
                    "unknown-code",
                    _("one of {choices}"),
                    {"choices": ", ".join(LANGUAGES)},
                )
            )
    if "size" in values:
        out["size"] = _integer(problems, "size", values["size"], 1, MAX_SIZE)
    if "lottery_size" in values:  # empty: the smallest lottery that brings every chance within 1 % of its probability
        empty = values["lottery_size"] in (None, "") or not str(values["lottery_size"]).strip()
        out["lottery_size"] = (
            None if empty else _integer(problems, "lottery_size", values["lottery_size"], 1, MAX_LOTTERY)
        )
    if "k_anonymity" in values:
        out["k_anonymity"] = _integer(problems, "k_anonymity", values["k_anonymity"], 0, MAX_K_ANONYMITY)
    if "retention_days" in values:
        out["retention_days"] = _integer(problems, "retention_days", values["retention_days"], 1, MAX_RETENTION_DAYS)
    if "algorithm" in values:
        out["algorithm"] = str(values["algorithm"])
        if out["algorithm"] not in Panel.Method.values:
            problems.append(
                Problem(
                    ("algorithm",), "invalid-choice", _("one of {choices}"), {"choices": ", ".join(Panel.Method.values)}
                )
            )
    for key in ("address_columns", "already_selected"):
        if key in values:
            out[key] = words(values[key])
    if "id_column" in values:
        out["id_column"] = str(values["id_column"]).strip()[:100]
    for key in sorted(set(values) - SETTINGS):
        problems.append(Problem((key,), "unknown", _("unknown setting {key!r}"), {"key": key}))
    if problems:
        raise InvalidInput(problems)
    return out


@transaction.atomic
def panel_create(*, actor: Actor, organisation: Organisation, **given: Unpack[PanelSettings]) -> Panel:
    """A panel organiser (site role) opens a panel process; they become its first organiser."""
    require(actor, "panel.create")
    values: dict[str, Any] = {"title": "", "purpose": "", "size": "", **given}
    settings = _settings(values)
    assert actor.db_user is not None
    panel = Panel.objects.create(organisation=organisation, created_by=actor.db_user, **settings)
    panel.organisers.add(actor.db_user)
    log_panel(actor, panel, "create", title=panel.title, size=panel.size)
    return panel


def _reset(panel: Panel) -> None:
    """Forget a computed result (the inputs or settings changed)."""
    panel.status, panel.progress, panel.progress_stage, panel.errors = Panel.Status.DRAFT, 0.0, "", []
    panel.state, panel.report, panel.composition, panel.chances = None, None, None, None
    panel.public_files, panel.manifest_sha256, panel.ticket_counts = {}, "", None


def _check(pool: Pool, k: int) -> dict[str, Any]:
    diagnosis = check(pool, k)
    return {
        "ok": diagnosis is None,
        "respondents": len(pool.people),
        "types": build(pool, k).count,
        "diagnosis": diagnosis.as_dict() if diagnosis else None,
    }


@transaction.atomic
def panel_update(*, actor: Actor, panel: Panel, **given: Unpack[PanelSettings]) -> Panel:
    """Change the settings; with stored files, the feasibility check runs again (and a bad fit is refused)."""
    _own(actor, panel)
    _unpublished(panel)
    settings = _settings(dict(given))
    for key, value in settings.items():
        setattr(panel, key, value)
    if panel.has_personal_data:
        panel.check_result = _check(selectors.read_panel_pool(panel), panel.size)
    _reset(panel)
    if "retention_days" in settings and panel.uploaded_at and panel.has_personal_data:
        panel.delete_personal_data_on = panel.uploaded_at.date() + dt.timedelta(days=panel.retention_days)
    panel.save()
    log_panel(actor, panel, "update", fields=sorted(settings))
    return panel


@transaction.atomic
def panel_upload(
    *,
    actor: Actor,
    panel: Panel,
    categories: tuple[str, bytes] | None = None,
    respondents: tuple[str, bytes] | None = None,
) -> Panel:
    """Store the quotas and/or the respondents (a file left out keeps the stored one) once both read well together,
    and check that some panel meets the quotas. A file with problems stores nothing; the problems name file, row
    and column."""
    _own(actor, panel)
    _unpublished(panel)
    categories = categories or ((panel.categories_name, bytes(panel.categories)) if panel.categories else None)
    if respondents is None and panel.has_personal_data:
        respondents = (panel.respondents_name, bytes(panel.respondents or b""))
    missing = [
        Problem((field,), "required", message)
        for field, message, given in (
            ("categories", _("upload the quotas file"), categories),
            ("respondents", _("upload the respondents file"), respondents),
        )
        if given is None
    ]
    if missing:
        raise InvalidInput(missing)
    assert categories is not None and respondents is not None
    pool = selectors.read_files(panel, categories, respondents)
    panel.categories_name, panel.categories = categories[0][:255], categories[1]
    panel.respondents_name, panel.respondents = respondents[0][:255], respondents[1]
    panel.respondents_count = len(pool.people)
    panel.inputs_sha256 = inputs_digest(categories[1], respondents[1])
    panel.uploaded_at = timezone.now()
    panel.delete_personal_data_on = timezone.localdate() + dt.timedelta(days=panel.retention_days)
    panel.personal_data_deleted_at = None
    panel.check_result = {
        **_check(pool, panel.size),
        "warnings": [{"loc": list(w.loc), "template": w.template, "params": dict(w.params)} for w in pool.warnings],
    }
    _reset(panel)
    panel.save()
    ok = panel.check_result["ok"]
    log_panel(actor, panel, "upload", respondents=len(pool.people), sha256=panel.inputs_sha256, ok=ok)
    return panel


def panel_start(*, actor: Actor, panel: Panel) -> Panel:
    """Queue the selection (the distribution and its lottery)."""

    _own(actor, panel)
    _unpublished(panel)
    if not panel.ready_to_compute:
        raise Conflict(_("upload respondents and quotas that some panel can meet first"))
    with transaction.atomic():
        _reset(panel)
        panel.status = Panel.Status.QUEUED
        panel.save()
        log_panel(actor, panel, "start", algorithm=panel.algorithm)
        tasks.start("panels", panel.pk)
    return panel


@transaction.atomic
def panel_publish(
    *, actor: Actor, panel: Panel, seed_source: str, seed_known_at: dt.datetime, now: dt.datetime | None = None
) -> Panel:
    """Publish the lottery (its files and their manifest) with how the seed will be chosen and when it becomes
    known; that time must be after the publication, so that no one can know the seed when the lottery is fixed.
    ``now`` (default: the clock) is the publication time; scripts that load a panel run earlier give it."""
    _own(actor, panel)
    if panel.status != Panel.Status.COMPUTED or panel.published_at is not None:
        raise Conflict(_("only a computed, unpublished lottery can be published"))
    seed_source = required_text(
        seed_source, "seed_source", limit=2000, missing=_("say how the seed will be chosen, and when")
    )
    now = now or timezone.now()
    if timezone.is_naive(seed_known_at):
        raise InvalidInput([Problem(("seed_known_at",), "invalid", _("give the time with its time zone"))])
    if seed_known_at <= now:
        raise InvalidInput(
            [
                Problem(
                    ("seed_known_at",),
                    "too-early",
                    _("the seed must become known after the lottery is published (now: {now})"),
                    {"now": now.isoformat(timespec="minutes")},
                )
            ]
        )
    panel.seed_source, panel.seed_known_at, panel.published_at = seed_source, seed_known_at, now
    panel.save()
    public_changed()
    log_panel(actor, panel, "publish", manifest_sha256=panel.manifest_sha256, seed_known_at=seed_known_at.isoformat())
    return panel


@transaction.atomic
def panel_draw(*, actor: Actor, panel: Panel, seed: str, now: dt.datetime | None = None) -> Panel:
    """Draw the panel with the announced seed, once it is known, from the published files alone: the public
    verifier must pass on the files with the new ``draw.json`` before anything is stored. ``now``: as for
    :func:`panel_publish` (never before the publication)."""
    _own(actor, panel)
    if panel.status != Panel.Status.COMPUTED or panel.published_at is None or panel.seed_known_at is None:
        raise Conflict(_("publish the lottery before the draw"))
    now = now or timezone.now()
    if now < panel.published_at:
        raise Conflict(_("a draw cannot come before the publication"))
    if now < panel.seed_known_at:
        when = timezone.localtime(panel.seed_known_at).isoformat(timespec="minutes")
        raise Conflict(f"the seed becomes known at {when}: the draw can happen only after that")
    seed = required_text(seed, "seed", limit=500, missing=_("give the seed as announced"))
    try:
        normal = verifier.normal_seed(seed)
    except verifier.SeedError as exc:
        raise InvalidInput(
            [
                Problem(
                    ("seed",),
                    "invalid",
                    _("give the announced numbers, e.g. 7 19 23 31 38 44 12 ({reason})"),
                    {"reason": str(exc)},
                )
            ]
        ) from None
    files = selectors.public_files(panel)
    tickets = len(verifier.parse_lottery(files["lottery.csv"]))
    ticket = verifier.draw_ticket(normal, panel.manifest_sha256, tickets)
    assert panel.ticket_counts is not None
    files[verifier.DRAW] = draw_file(
        normal,
        ticket,
        panel.manifest_sha256,
        panel.ticket_counts[ticket - 1],
        seed_source=panel.seed_source,
        published_at=timezone.localtime(panel.published_at).isoformat(timespec="seconds"),
        seed_known_at=timezone.localtime(panel.seed_known_at).isoformat(timespec="seconds"),
        drawn_at=timezone.localtime(now).isoformat(timespec="seconds"),
    )
    result = verifier.verify(files, normal, panel.manifest_sha256)
    if not result.ok or result.ticket != ticket:
        raise Conflict("the stored lottery does not pass its own checks: " + "; ".join(result.problems[:3]))
    panel.public_files = {**panel.public_files, verifier.DRAW: files[verifier.DRAW].decode()}
    panel.composition = composition(files)
    panel.seed, panel.ticket, panel.status, panel.drawn_at = normal, ticket, Panel.Status.DRAWN, now
    panel.save()
    log_panel(actor, panel, "draw", seed=normal, ticket=ticket)
    public_changed()
    return panel


def private_file(*, actor: Actor, panel: Panel, name: str) -> bytes:
    """An organisers' file of a drawn panel (``PRIVATE_FILES``), while the respondents are kept."""
    _own(actor, panel)
    if panel.status != Panel.Status.DRAWN:
        raise Conflict(_("the panel has not been drawn yet"))
    if panel.state is None or not panel.has_personal_data:
        raise Conflict(_("the respondents have been deleted"))
    selection = draw(Selection.from_state(bytes(panel.state)), panel.seed)
    assert selection.ticket == panel.ticket, "the stored state draws another ticket than the published one"
    data = private_files(selectors.read_panel_pool(panel), selection)[name]
    log_panel(actor, panel, "download", file=name)
    return data


def _delete_personal_data(actor: Actor, panel: Panel, reason: str) -> None:
    panel.respondents, panel.state = None, None
    panel.personal_data_deleted_at = timezone.now()
    if panel.busy or panel.status == Panel.Status.DRAFT:
        panel.status, panel.check_result = Panel.Status.DRAFT, None
    panel.save()
    log_panel(actor, panel, "delete_personal_data", reason=reason)


@transaction.atomic
def panel_delete_personal_data(*, actor: Actor, panel: Panel) -> Panel:
    """Delete the respondents (and the id ↔ pseudonym table) now; the public, anonymised files stay."""
    _own(actor, panel)
    if panel.busy:
        raise Conflict(_("the selection is being computed; wait until it has finished"))
    _delete_personal_data(actor, panel, "organiser")
    return panel


def purge_due(today: dt.date | None = None) -> int:
    """Delete the respondents of every panel whose deletion date has come; returns how many."""
    today = today or timezone.localdate()
    done = 0
    due = Panel.objects.filter(delete_personal_data_on__lte=today, respondents__isnull=False)
    for pk in list(due.exclude(status__in=(Panel.Status.QUEUED, Panel.Status.RUNNING)).values_list("pk", flat=True)):
        with transaction.atomic():
            panel = Panel.objects.select_for_update().get(pk=pk)
            if panel.has_personal_data and not panel.busy:
                _delete_personal_data(SYSTEM, panel, "schedule")
                done += 1
    return done


@transaction.atomic
def panel_add_organiser(*, actor: Actor, panel: Panel, username: str) -> Panel:
    """Share the panel (and its personal data) with another panel organiser."""
    _own(actor, panel)
    found = get_user_model().objects.filter(username=username.strip())
    user = None if has_non_text(username) else found.first()  # a NUL would reach PostgreSQL, which refuses it
    if user is None or not can(Actor(user=user), "panel.create"):
        raise InvalidInput(
            [Problem(("username",), "unknown", _("no panel organiser with the user name {name!r}"), {"name": username})]
        )
    panel.organisers.add(user)
    log_panel(actor, panel, "add_organiser", username=user.get_username())
    return panel
