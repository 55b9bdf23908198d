"""Building and publishing reports through the services, on the database the suite runs on: every section's figures
against the data they come from, the refusals (with nothing half-written), the four-eyes rule, and immutability."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from typing import Any

import pytest

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor
from algoscope.common.errors import Conflict, InvalidInput, InvalidTransition, PermissionDenied
from algoscope.participation.models import Question
from algoscope.plans import selectors as plan_selectors
from algoscope.plans import services as plans
from algoscope.reports import jobs, services
from algoscope.reports.engine.figures import flatten
from algoscope.reports.models import PublishedReportError, Report
from tests.plans.test_flows import BE

from .conftest import AFTER_Q3, Q3_REPORTS, update_data

pytestmark = pytest.mark.django_db
BLANK = "\u3164\u2800\ufe0f\u034f\U000e0100\u0301\ufdd0\u17b4\u115f"  # shows nothing
TEXTS = {"summary": {"nl": "Samenvatting.", "fr": "Résumé."}, "asks": {"nl": "Vraag.", "fr": "Demande."}}


def build(actor: Actor, period: str = "2026-Q3", scope: str = "BE", **kwargs: Any) -> Report:
    return services.report_build(actor, period, scope, kwargs.pop("languages", "nl,fr"), today=AFTER_Q3, **kwargs)


def publish(publisher: Actor, report: Report) -> Report:
    """Publish, and lay out the files as the worker would (a test's transaction never commits)."""
    return jobs.lay_out_now(services.report_publish(publisher, report))


def publishable(report: Report, builder: Actor, publisher: Actor) -> Report:
    services.report_write(builder, report, TEXTS)
    return publish(publisher, report)


def sections(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = report.snapshot["sections"]
    return data


def test_status_and_rag_are_the_latest_report_of_the_period_and_later_periods_are_left_out(
    reported: dict[str, Any], coordinators: tuple[Actor, Actor]
) -> None:
    report = build(coordinators[0])
    document = plan_selectors.published_document(reported["plan"])
    assert document is not None
    parents = {item.parent for item in document.items if item.parent}
    leaves = [item.key for item in document.items if item.key not in parents]
    plan = next(p for p in sections(report)["status"]["plans"] if p["id"] == BE)
    assert plan["actions"] == len(leaves)
    expected = {
        rag: sum(1 for r in Q3_REPORTS.values() if r[1] == rag) for rag in ("green", "amber_green", "amber", "red")
    }
    for rag, n in expected.items():
        assert plan["rag"][rag] == n, rag  # BE-O1-A02 is amber/green in Q3: its red Q4 report is not in this report
    assert plan["rag"]["not_reported"] == len(leaves) - len(Q3_REPORTS)
    assert sum(plan["rag"].values()) == len(leaves)
    objective = next(o for o in plan["objectives"] if o["id"] == "BE-O1")
    assert objective["progress"] == pytest.approx(
        round(sum(float(r[2]) for r in Q3_REPORTS.values()) / len(document.children("BE-O1")), 1)
    )  # equal weights: the plan gives none; the actions nobody reported on count as 0 %
    flat = flatten(sections(report))
    assert flat["status.BE.actions"] >= len(leaves) and flat[f"status.{BE}.rag.red"] == 1


def test_results_bottlenecks_commitments_and_annex_come_from_the_reports(
    reported: dict[str, Any], coordinators: tuple[Actor, Actor]
) -> None:
    data = sections(build(coordinators[0], scope=BE))
    assert [row["id"] for row in data["results"]["completed"]] == ["BE-O1-A01"]
    assert [row["id"] for row in data["results"]["achievements"]] == ["BE-O1-A01"]
    assert data["results"]["achievements"][0]["text"] == {"i18n": {"nl": "Kader goedgekeurd."}}
    rows = data["bottlenecks"]["rows"]
    assert [(row["id"], row["rag"]) for row in rows] == [("BE-O1-A04", "red"), ("BE-O1-A03", "amber")]
    assert data["bottlenecks"]["figures"] == {"rag.amber": 1, "rag.amber_red": 0, "rag.red": 1, "escalated": 1}
    assert rows[1]["bottlenecks"][0]["owner"] == "FOD BOSA" and rows[1]["bottlenecks"][0]["escalate"] is True
    milestones = {row["id"]: row for row in data["commitments"]["rows"] if row["kind"] == "milestone"}
    assert set(milestones) == {f"{BE}/BE-O1-A03#M1", f"{BE}/BE-O1-A03#M2"}
    assert all(row["overdue"] for row in milestones.values())  # 2025 and 2026-01 dates, neither reached
    annex = {row["item"]: row for row in data["annex"]["rows"]}
    assert annex["BE-O1-A02"]["status"] == "on_track" and annex["BE-O1-A02"]["period"] == "2026-Q3"
    assert annex["BE-O1-A04"]["progress"] == 10.0 and annex["BE-O1-A06"]["status"] == "not_reported"


def test_questions_and_the_register_are_counted_as_the_period_closed(
    reported: dict[str, Any], coordinators: tuple[Actor, Actor], org: Organisation, make_user: Callable[..., Any],
    make_record: Callable[..., Any],
) -> None:  # fmt: skip
    record = make_record()
    asker = make_user()
    times = [  # asked in Q3: answered after 2 days, 10 days, after the close (open then), never; one asked in Q2
        (dt.datetime(2026, 8, 1, 9, tzinfo=dt.UTC), dt.timedelta(days=2)),
        (dt.datetime(2026, 9, 1, 9, tzinfo=dt.UTC), dt.timedelta(days=10)),
        (dt.datetime(2026, 9, 20, 9, tzinfo=dt.UTC), dt.timedelta(days=20)),
        (dt.datetime(2026, 7, 5, 9, tzinfo=dt.UTC), None),
        (dt.datetime(2026, 6, 30, 9, tzinfo=dt.UTC), dt.timedelta(days=1)),
    ]
    for asked, after in times:
        Question.objects.create(
            channel=Question.Channel.ORGANISATION, organisation=org, title="Q", body="B", language="nl", author=asker,
            created_at=asked, answered_at=asked + after if after else None,
            state="answered" if after else "open", answer="A" if after else "",
        )  # fmt: skip
    data = sections(build(coordinators[0]))
    questions = data["questions"]["figures"]
    assert (questions["received"], questions["answered"], questions["open"]) == (4, 2, 2)  # as the period closed
    assert questions["median_days"] == statistics.median([2.0, 10.0])
    assert questions["overdue"] == 1  # open since 5 July: more than 30 days at the close; 20 September's is not
    assert data["questions"]["channels"]["organisation"]["received"] == 4
    assert data["records"]["figures"]["published"] == 0  # published today: it was not in the register on 30 September
    from algoscope.register.models import Algorithm, AlgorithmVersion

    august = dt.datetime(2026, 8, 15, 12, tzinfo=dt.UTC)
    AlgorithmVersion.objects.filter(algorithm=record).update(published_at=august)
    Algorithm.objects.filter(pk=record.pk).update(first_published_at=august)
    retired = make_record()
    AlgorithmVersion.objects.filter(algorithm=retired).update(published_at=august)
    Algorithm.objects.filter(pk=retired.pk).update(retired_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
    services.report_discard(coordinators[0], Report.objects.get())
    data = sections(build(coordinators[0]))
    assert data["records"]["figures"]["published"] == 1 and data["records"]["figures"]["BE.published"] == 1
    assert data["records"]["organisations"][0]["id"] == record.organisation.slug
    assert data["records"]["figures"]["class.not_assessed"] == 1
    assert data["records"]["figures"]["new_in_period"] == 1  # first published in August; the retired one is gone


def test_a_scope_in_another_country_counts_nothing_of_belgium(reported: dict[str, Any], coordinators: Any,
                                                              make_record: Callable[..., Any]) -> None:  # fmt: skip
    make_record()
    with pytest.raises(Conflict, match="no published plan is in the scope NL"):
        build(coordinators[0], scope="NL")
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    ("period", "scope", "languages", "error", "words"),
    [
        ("2026-Q5", "BE", "nl,fr", InvalidInput, "is not a period"),
        ("2026-Q3", "FR", "nl,fr", InvalidInput, "is not a scope"),
        ("2026-Q3", "BE", "nl,xx", InvalidInput, "languages"),
        ("2026-Q3", "BE", "nl,nl", InvalidInput, "languages"),
        ("2026-Q3", "BE", "", InvalidInput, "languages"),
        ("2026-Q4", "BE", "nl", Conflict, "is not over"),
        ("2026", "BE", "nl", Conflict, "is not over"),
        ("2025-Q1", "BE", "nl", Conflict, "nothing to report"),
        ("2026-Q3", "LU", "nl", Conflict, "no published plan"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_written(
    reported: dict[str, Any], coordinators: tuple[Actor, Actor], period: str, scope: str, languages: str,
    error: type[Exception], words: str,
) -> None:  # fmt: skip
    with pytest.raises(error) as caught:
        build(coordinators[0], period, scope, languages=languages)
    message = str(caught.value) + " ".join(p.message for p in getattr(caught.value, "problems", []))
    assert words in message
    assert Report.objects.count() == 0


def test_a_reporting_period_still_open_in_the_period_is_named(plan: Any, coordinators: tuple[Actor, Actor]) -> None:
    plans.period_open(coordinators[0], plan, "2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    with pytest.raises(Conflict) as caught:
        build(coordinators[0])
    assert "2026-Q3" in str(caught.value) and BE in str(caught.value) and "still open" in str(caught.value)
    assert Report.objects.count() == 0


def test_the_same_period_twice_is_refused_and_a_correction_names_the_report_it_corrects(
    reported: dict[str, Any], coordinators: tuple[Actor, Actor]
) -> None:
    builder, publisher = coordinators
    draft = build(builder)
    with pytest.raises(Conflict, match="a draft of this report exists already"):
        build(builder)
    published = publishable(draft, builder, publisher)
    with pytest.raises(Conflict, match=r"report No. 1 for 2026-Q3 \(BE\) is published"):
        build(builder)
    with pytest.raises(InvalidInput):
        build(builder, corrects=99)
    correction = build(builder, corrects=published.number)
    assert correction.corrects == published
    services.report_write(builder, correction, TEXTS)
    with pytest.raises(InvalidInput) as caught:
        services.report_publish(publisher, correction)
    assert {p.path for p in caught.value.problems} == {"correction_note.nl", "correction_note.fr"}
    services.report_write(
        builder, correction, {"correction_note": {"nl": "Cijfer verbeterd.", "fr": "Chiffre corrigé."}}
    )
    assert publish(publisher, correction).number == 2
    assert Report.objects.filter(state="published").count() == 2


def test_four_eyes_and_every_text_in_every_language_before_publication(
    reported: dict[str, Any], coordinators: tuple[Actor, Actor], editor: Actor
) -> None:
    builder, publisher = coordinators
    with pytest.raises(PermissionDenied):
        build(editor)
    report = build(builder)
    services.report_write(builder, report, {"summary": {"nl": "Samenvatting."}})
    with pytest.raises(InvalidInput) as caught:
        services.report_publish(publisher, report)
    assert {p.path for p in caught.value.problems} == {"summary.fr", "asks.nl", "asks.fr"}  # bottlenecks: asks needed
    services.report_write(builder, report, TEXTS)
    with pytest.raises(PermissionDenied, match="four-eyes"):
        services.report_publish(builder, report)
    assert Report.objects.get(pk=report.pk).state == "draft"
    published = services.report_publish(publisher, report)
    assert published.number == 1 and published.published_by == publisher.db_user
    assert published.state == "publishing" and published.status == "queued"  # final; its files are being laid out
    with pytest.raises(InvalidTransition):
        services.report_write(builder, published, TEXTS)
    published = jobs.lay_out_now(published)
    assert published.state == "published" and set(published.files) == {
        "report-nl.pdf",
        "report-fr.pdf",
        "annex.json",
        "figures.csv",
        "actions.csv",
    }
    with pytest.raises(InvalidTransition):
        services.report_write(builder, published, TEXTS)
    with pytest.raises(InvalidTransition):
        services.report_discard(builder, published)


def test_a_published_report_never_changes_when_the_data_does(
    reported: dict[str, Any], coordinators: tuple[Actor, Actor], org: Organisation, editor: Actor,
    make_record: Callable[..., Any],
) -> None:  # fmt: skip
    builder, publisher = coordinators
    report = publishable(build(builder), builder, publisher)
    snapshot, digest = report.snapshot, report.snapshot_sha256
    files = {name: entry["sha256"] for name, entry in report.files.items()}
    # later: a correction of a Q3 report is not possible (closed), but a later period, a record and a grade are
    plans.update_publish(builder, plans.update_record(editor, reported["plan"], "BE-O1-A03", reported["q4"], org,
                                                      update_data("completed", "green", "100")))  # fmt: skip
    make_record()
    fresh = Report.objects.get(pk=report.pk)
    assert fresh.snapshot == snapshot and fresh.snapshot_sha256 == digest
    assert {name: entry["sha256"] for name, entry in fresh.files.items()} == files
    fresh.summary = {"nl": "Iets anders."}
    with pytest.raises(PublishedReportError):
        fresh.save()
    with pytest.raises(PublishedReportError):
        fresh.delete()
    with pytest.raises(PublishedReportError):
        Report.objects.get(pk=report.pk).save()
    assert Report.objects.get(pk=report.pk).summary == TEXTS["summary"]


def test_training_figures_and_the_test_bed_come_from_what_was_published(
    reported: dict[str, Any], coordinators: tuple[Actor, Actor], org: Organisation, editor: Actor,
    other_org: Organisation, make_user: Callable[..., Any],
) -> None:  # fmt: skip
    import yaml

    from tests.plans.test_capacity import DEMO, demo_data
    from tests.plans.test_flows import OPERATOR
    from tests.plans.test_pilots import load_plans

    load_plans()  # the pilots serve items of the other reference plans
    plans.plan_import(OPERATOR, "pilots.yaml", (DEMO / "pilots.yaml").read_bytes(), publish=True)
    plans.plan_import(OPERATOR, "capacity.yaml", yaml.safe_dump(demo_data(), allow_unicode=True), publish=True)
    coordinator = coordinators[0]
    for period, participants, completions in (("2026-Q3", 40, 30), ("2025", 100, 90)):
        plans.figure_review(coordinator, plans.figure_record(editor, "BOSA-AI-BASICS", org, period, participants,
                                                             completions), True)  # fmt: skip
    plans.figure_record(editor, "BOSA-AI-BASICS", org, "2026-H2", 999, 1)  # not reviewed: not counted
    data = sections(build(coordinator))
    training = data["training"]["figures"]
    assert (training["participants"], training["completions"]) == (140, 120)
    assert (training["participants_in_period"], training["completions_in_period"]) == (40, 30)
    pilots = {row["id"]: row for row in data["testbed"]["rows"]}
    from algoscope.plans.selectors import published_pilots

    belgian = {p.key for _row, p in published_pilots() if any(j.split("-")[0] == "BE" for j in p.jurisdictions)}
    assert set(pilots) == belgian and belgian  # the Dutch-only pilot is not in Belgium's report
    assert data["testbed"]["figures"]["pilots"] == len(belgian)
    assert data["testbed"]["figures"]["sandboxes"] == sum(
        1 for p in pilots.values() if p["legal_basis"] == "ai_act_art_57"
    )


def test_a_draft_is_rebuilt_from_the_current_data_and_discarded_whole(
    reported: dict[str, Any], coordinators: tuple[Actor, Actor], make_user: Callable[..., Any]
) -> None:
    from algoscope.plans.models import ProgressUpdate

    builder = coordinators[0]
    report = build(builder)
    assert all(not row["grades"] for row in sections(report)["bottlenecks"]["rows"])
    update = ProgressUpdate.objects.get(item_key="BE-O1-A03", period=reported["q3"])
    plans.grade_add(Actor(user=make_user(site="grader")), update, "red", "The legal basis will not come in time.")
    rebuilt = services.report_rebuild(builder, report, today=AFTER_Q3)
    row = next(row for row in sections(rebuilt)["bottlenecks"]["rows"] if row["id"] == "BE-O1-A03")
    assert [grade["rag"] for grade in row["grades"]] == ["red"]  # an independent grade given after the build
    assert rebuilt.snapshot_sha256 != report.snapshot_sha256 and rebuilt.taken_at >= report.taken_at
    services.report_discard(builder, rebuilt)
    assert Report.objects.count() == 0


def test_slippage_is_measured_against_the_previous_report_of_the_scope(
    reported: dict[str, Any], q4_closed: Any, coordinators: tuple[Actor, Actor], org: Organisation
) -> None:
    builder, publisher = coordinators
    publishable(build(builder), builder, publisher)
    # re-baseline: BE-O1-A03's milestone M2 moves from 2026-01-01 to 2026-07-01
    import yaml

    from tests.plans.test_flows import OPERATOR, owned_plan

    content = yaml.safe_load(owned_plan(org))
    for item in content["items"]:
        if item["id"] == "BE-O1-A03":
            item["milestones"][1]["date"] = "2026-07-01"
    plans.plan_import(OPERATOR, "be.yaml", yaml.safe_dump(content, allow_unicode=True), publish=True)
    later = services.report_build(builder, "2026-Q4", "BE", "nl", today=dt.date(2027, 1, 10))
    rows = {row["id"]: row for row in sections(later)["commitments"]["rows"]}
    moved = rows[f"{BE}/BE-O1-A03#M2"]
    assert (moved["previous_due"], moved["due"], moved["slipped_months"]) == ("2026-01-01", "2026-07-01", 6)
    assert rows[f"{BE}/BE-O1-A03#M1"]["slipped_months"] == 0
    assert later.snapshot["previous"] == {"number": 1, "period": "2026-Q3"}
    assert sections(later)["commitments"]["figures"]["slipped"] == 1
    # the Q4 report has BE-O1-A02's red Q4 report; Q3's kept its amber/green
    assert any(row["id"] == "BE-O1-A02" and row["rag"] == "red" for row in sections(later)["bottlenecks"]["rows"])


def test_a_failed_layout_keeps_the_report_final_and_is_retried(
    reported: dict[str, Any], coordinators: tuple[Actor, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    from algoscope.reports import files

    builder, publisher = coordinators
    services.report_write(builder, build(builder), TEXTS)
    report = Report.objects.get()
    real = files.pdf
    monkeypatch.setattr(files, "pdf", lambda *args: (_ for _ in ()).throw(OSError("no space left on device")))
    failed = jobs.lay_out_now(services.report_publish(publisher, report))
    assert (failed.state, failed.status, failed.number, failed.files) == ("publishing", "failed", 1, {})
    assert "OSError" in str(failed.errors)  # the kind of error; its text stays in the log
    assert not Report.objects.filter(state="published").exists()  # not public without its files
    with pytest.raises(Conflict, match="is published"):
        build(builder)  # its number is taken: a new build of the period is a correction
    with pytest.raises(InvalidTransition):
        services.report_publish(publisher, failed)
    monkeypatch.setattr(files, "pdf", real)
    done = jobs.lay_out_now(services.report_retry(publisher, failed))
    assert (done.state, done.status, done.number) == ("published", "done", 1) and done.files
    with pytest.raises(InvalidTransition):
        services.report_retry(publisher, done)


def test_no_one_who_built_rebuilt_or_wrote_the_draft_publishes_it(
    reported: dict[str, Any], coordinators: tuple[Actor, Actor], make_user: Callable[..., Any]
) -> None:
    builder, second = coordinators
    third = Actor(user=make_user(site="coordinator"))
    report = build(builder)
    services.report_write(builder, report, TEXTS)
    services.report_rebuild(second, report, today=AFTER_Q3)  # the second coordinator rebuilt it: not a reviewer now
    with pytest.raises(PermissionDenied, match="four-eyes"):
        services.report_publish(builder, report)  # the builder still may not, after someone else's rebuild
    with pytest.raises(PermissionDenied, match="four-eyes"):
        services.report_publish(second, report)
    services.report_write(third, report, {"summary": {"nl": "Door de derde aangepast."}})
    with pytest.raises(PermissionDenied, match="four-eyes"):
        services.report_publish(third, report)  # who edits the texts does not publish them at once
    fourth = Actor(user=make_user(site="coordinator"))
    with pytest.raises(Conflict, match="changed after you read it"):
        services.report_publish(fourth, report, reviewed="0" * 64)
    assert services.report_publish(fourth, report, reviewed=Report.objects.get().content_sha256()).number == 1


def test_an_operator_account_is_not_a_coordinator_and_invisible_texts_are_not_written(
    reported: dict[str, Any], coordinators: tuple[Actor, Actor], make_user: Callable[..., Any]
) -> None:
    operator = Actor(user=make_user(site="operator"))
    with pytest.raises(PermissionDenied, match="only the coordinators"):
        build(operator)
    builder = coordinators[0]
    report = build(builder)
    services.report_write(
        builder, report, {"summary": {"nl": "\u200b", "fr": "\u2060\u00ad \n", "de": BLANK}, "asks": TEXTS["asks"]}
    )
    assert Report.objects.get().summary == {}  # nothing visible: nothing written (fillers, blank Braille, marks alone)
    services.report_write(builder, report, {"summary": {"de": "\u3164Ja."}})
    assert Report.objects.get().summary == {"de": "\u3164Ja."}  # something to read
    services.report_write(builder, report, {"summary": {"de": ""}})
    assert {p.path for p in services.missing_texts(Report.objects.get())} == {"summary.nl", "summary.fr"}
    long = "a\r\n" * 7000 + "a"  # 14,001 characters once its browser line ends are made one
    services.report_write(builder, report, {"summary": {"nl": long}})
    assert len(Report.objects.get().summary["nl"]) == 14_001
