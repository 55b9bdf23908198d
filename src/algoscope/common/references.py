"""Links between apps that do not import each other: an app names the things others may point at (a *target
kind*: a plan's action, a pilot), and others store a reference to one as text, ``kind:key``.

The app that owns a kind resolves a key to its title and page (``register_target_kind``); an app that stores
references answers, for a target, what points at it (``register_backlinks``): the proposals that became a plan's
action are listed on the action's page, and the plans app never imports the consultations.

Pure Python: resolving is the owning app's business (it may read its database)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Target:
    reference: str  # "kind:key"
    title: str
    url: str
    language: str = ""  # the title's language when it is content in another language than the page's
    note: str = ""  # e.g. the plan a plan's action belongs to


@dataclass(frozen=True)
class TargetKind:
    kind: str  # "plan-item"
    label: Any  # a lazily translated text: "Plan action"
    resolve: Callable[[str, str], Target | None]  # (key, language) → the target, or None when there is none
    choices: Callable[[str], list[Target]] = lambda language: []  # what a form may offer (may be long)


@dataclass(frozen=True)
class Backlink:
    title: str
    url: str
    note: str = ""  # e.g. "accepted on 3 March 2026"
    language: str = ""


_KINDS: dict[str, TargetKind] = {}
_BACKLINKS: dict[str, list[Callable[[str, str], list[Backlink]]]] = {}


def register_target_kind(kind: TargetKind) -> None:
    _KINDS[kind.kind] = kind


def register_backlinks(kind: str, provider: Callable[[str, str], list[Backlink]]) -> None:
    """``provider(key, language)``: what points at the target ``kind:key``."""
    providers = _BACKLINKS.setdefault(kind, [])
    if provider not in providers:
        providers.append(provider)


def target_kind(kind: str) -> TargetKind | None:
    return _KINDS.get(kind)


def split(reference: str) -> tuple[str, str]:
    kind, _, key = reference.partition(":")
    return kind, key


def resolve(reference: str, language: str) -> Target | None:
    """The target a reference names, or None (an unknown kind, or nothing by that key)."""
    kind, key = split(reference)
    found = _KINDS.get(kind)
    return found.resolve(key, language) if found is not None and key else None


def choices(kind: str, language: str) -> list[Target]:
    found = _KINDS.get(kind)
    return found.choices(language) if found is not None else []


def backlinks(kind: str, key: str, language: str) -> list[Backlink]:
    return [link for provider in _BACKLINKS.get(kind, []) for link in provider(key, language)]
