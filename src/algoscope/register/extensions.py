"""Extension points of the register: what other apps add to it, in their ``AppConfig.ready()``, without the register
importing them.

- **record sections**: parts of a record's public page below its fields (the AI Act result, the audits);
- **editor sections**: parts of the editor's record page (the values an import set aside);
- **organisation sections**: parts of an organisation's public page (the questions it received and answered);
- **record actions**: links on the editor's record page (the AI Act questionnaire, the obligations, the FRIA);
- **facets**: search facets, with the values each record has (``register.search.index.register_facet_source``);
- **extension labels**: how the fields a record keeps from another standard are named (the interop app);
- **export standards**: files built from the published records (``interop.export.register_export_standard``);
- **overview figures**: counts on the public overview page beside the register's own (the citizens' panels);
- **publication parts**: what another app makes public about a record (the AI Act assessment, FRIA and obligations):
  kept with each published version, so that it passes the same review and is versioned like the record's fields;
- **change kinds**: the kinds of public change the recent-changes page and its feeds list (the register's
  publications and retirements, the AI Act app's assessments, the audits app's published audits).

Each registry keeps the order in which apps register, sorted by ``order`` (then key), so the page is the same
whichever app loads first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from algoscope.accounts.models import Organisation
    from algoscope.accounts.permissions import Actor
    from algoscope.register.models import Algorithm, AlgorithmVersion


class Facet(Protocol):
    """What the registry needs of a facet (``register.facets.Facet`` is the class facets derive from)."""

    key: str


@dataclass(frozen=True)
class RecordSection:
    """A part of a record page: ``context(algorithm, version, language)`` gives the template's context, or ``None``
    to leave the section out; ``template`` is included with that context under the name ``section``. On the public
    page ``version`` is the published version shown (an older one on its own page); on the editor's page it is
    ``None`` (the working copy)."""

    key: str
    template: str
    context: Callable[[Algorithm, AlgorithmVersion | None, str], Mapping[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class OrganisationSection:
    """A part of an organisation's public page: ``context(organisation, language)`` gives the template's context
    (included under the name ``section``), or ``None`` to leave it out."""

    key: str
    template: str
    context: Callable[[Organisation, str], Mapping[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class PartChange:
    """One line of what changes in a publication part between two versions, as a reviewer and a resident read it."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class PublicationPart:
    """What an app makes public about a record, published with the record's versions.

    ``snapshot(algorithm)`` is the part as the organisation has it now (JSON, or ``None`` when there is nothing);
    publishing a version stores it in ``AlgorithmVersion.parts[key]``, and the public reads only that. The app's
    services call ``register.services.algorithm_part_changed`` when they change it, which makes the record a draft
    that needs review, like an edit of its fields. ``changes(before, after, language)`` says what differs between
    two snapshots, for the reviewer and for the comparison of versions.
    """

    key: str
    snapshot: Callable[[Algorithm], Any]
    changes: Callable[[Any, Any, str], list[PartChange]]
    order: int = 100


@dataclass(frozen=True)
class RecordAction:
    """A link on the editor's record page, shown when ``shown(actor, algorithm)`` holds."""

    key: str
    label: Any  # a lazy translation
    url_name: str  # reversed with the record's public id
    shown: Callable[[Actor, Algorithm], bool]
    order: int = 100


_SECTIONS: dict[str, RecordSection] = {}
_EDITOR_SECTIONS: dict[str, RecordSection] = {}
_EXTENSION_LABELS: list[Callable[[str, str], tuple[str, str] | None]] = []
_ACTIONS: dict[str, RecordAction] = {}
_ORGANISATION_SECTIONS: dict[str, OrganisationSection] = {}
_FACETS: dict[str, tuple[int, Facet]] = {}
_PARTS: dict[str, PublicationPart] = {}
_LOG_EVENTS: dict[str, LogEvent] = {}


def register_record_section(section: RecordSection) -> None:
    _SECTIONS[section.key] = section


def register_organisation_section(section: OrganisationSection) -> None:
    _ORGANISATION_SECTIONS[section.key] = section


def organisation_sections() -> list[OrganisationSection]:
    return sorted(_ORGANISATION_SECTIONS.values(), key=lambda s: (s.order, s.key))


def register_editor_section(section: RecordSection) -> None:
    """A part of the editor's record page (above the actions), shown when its context is not ``None``."""
    _EDITOR_SECTIONS[section.key] = section


def register_extension_labels(labels: Callable[[str, str], tuple[str, str] | None]) -> None:
    """``labels(standard, field)`` → (the standard's label, the field's label), or ``None`` for a standard it does
    not know."""
    if labels not in _EXTENSION_LABELS:
        _EXTENSION_LABELS.append(labels)


def extension_label(standard: str, field: str) -> tuple[str, str]:
    """How a kept field is shown: as a registered labeller names it, else by its keys."""
    for labels in _EXTENSION_LABELS:
        if (found := labels(standard, field)) is not None:
            return found
    return standard, field


@dataclass(frozen=True)
class LogEvent:
    """How the record's log (the editor's record page) shows one kind of audit-log entry: ``label`` in the reader's
    language, and ``details(entry)`` the lines that say what changed (in the reader's language too)."""

    action: str  # e.g. "aiact.obligation.update"
    label: Any
    details: Callable[[Any], list[str]] = field(default=lambda entry: [])


def register_log_event(event: LogEvent) -> None:
    _LOG_EVENTS[event.action] = event


def log_event(action: str) -> LogEvent | None:
    return _LOG_EVENTS.get(action)


def register_record_action(action: RecordAction) -> None:
    _ACTIONS[action.key] = action


def register_facet(facet: Facet, order: int = 100) -> None:
    _FACETS[facet.key] = (order, facet)


def register_publication_part(part: PublicationPart) -> None:
    _PARTS[part.key] = part


def publication_parts() -> list[PublicationPart]:
    return sorted(_PARTS.values(), key=lambda p: (p.order, p.key))


def record_sections() -> list[RecordSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def editor_sections() -> list[RecordSection]:
    return sorted(_EDITOR_SECTIONS.values(), key=lambda s: (s.order, s.key))


def record_actions() -> list[RecordAction]:
    return sorted(_ACTIONS.values(), key=lambda a: (a.order, a.key))


def registered_facets() -> list[tuple[int, Facet]]:
    return sorted(_FACETS.values(), key=lambda item: (item[0], item[1].key))


@dataclass(frozen=True)
class FigureRow:
    label: str
    count: int
    link: str = ""  # where the rows counted are listed (a filtered search), if anywhere
    language: str = ""  # the label's language when it is content (a panel's title), not the page's


@dataclass(frozen=True)
class Figure:
    """One figure of the public overview: a chart of ``rows`` with their data table; ``note`` says what is
    counted."""

    key: str
    title: str
    rows: list[FigureRow]
    note: str = ""


@dataclass(frozen=True)
class OverviewFigure:
    key: str
    compute: Callable[[], Figure | None]  # in the page's language; None: nothing to show
    order: int = 100


_FIGURES: dict[str, OverviewFigure] = {}


def register_overview_figure(figure: OverviewFigure) -> None:
    _FIGURES[figure.key] = figure


def overview_figures() -> list[OverviewFigure]:
    return sorted(_FIGURES.values(), key=lambda f: (f.order, f.key))


@dataclass(frozen=True)
class Change:
    """One public change of a record, as the recent-changes page and its feeds list it."""

    at: Any  # datetime: when it became public
    kind: str
    algorithm: Algorithm
    name: Mapping[str, str]  # the record's name in each language, as it was then
    original_language: str
    summary: str  # what changed, in the page's language
    link: str  # where to read it
    guid: str  # stable across languages and time: the feed entry's id
    note: str = ""  # what its author wrote about it (a version's change summary), in the record's original language


@dataclass(frozen=True)
class ChangeKind:
    key: str
    label: Any  # str or a lazy translation: the kind's name, plural ("Publications")
    recent: Callable[[int, str], list[Change]]  # the newest changes of this kind, at most n, in a language
    order: int = 100


_CHANGE_KINDS: dict[str, ChangeKind] = {}


def register_change_kind(kind: ChangeKind) -> None:
    _CHANGE_KINDS[kind.key] = kind


def change_kinds() -> list[ChangeKind]:
    return sorted(_CHANGE_KINDS.values(), key=lambda k: (k.order, k.key))
