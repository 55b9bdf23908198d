"""The installation's profile (``SiteProfile``) as pages show it: each text in the reader's language, or marked as
shown in another; its Markdown rendered safely. Every page's footer uses it, so a process keeps the row it read for
the public generation it was read under (raised when the profile changes) instead of reading it on every page."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from algoscope.common.markdown import render_markdown
from algoscope.common.multilingual import LANGUAGES, resolve_text
from algoscope.common.translation import page_language
from algoscope.site.models import SiteProfile

MULTILINGUAL_FIELDS = ("operator", "contact", "accessibility_issues", "accessibility_enforcement", "privacy_controller")
MARKDOWN_FIELDS = ("contact", "accessibility_issues", "accessibility_enforcement", "privacy_controller")

KEEP_S = 300.0  # a change made without raising the generation (a shell, SQL) is seen within this time
_kept: dict[str, tuple[SiteProfile, float]] = {}


def site_profile(request: HttpRequest | None = None) -> SiteProfile:
    """The profile (an unsaved default one before an operator saves it). Read once per public generation when the
    public cache has looked the generation up for this request (``request.public_generation``)."""
    generation = getattr(request, "public_generation", None)
    if generation is not None and generation in _kept:
        profile, read_at = _kept[generation]
        if time.monotonic() - read_at < KEEP_S:
            return profile
    profile = SiteProfile.objects.filter(pk=1).first() or SiteProfile(pk=1)
    if generation is not None:
        _kept.clear()
        _kept[generation] = (profile, time.monotonic())
    return profile


def forget() -> None:
    """Read the profile again on the next page (a test that changes the row without the admin)."""
    _kept.clear()


@dataclass
class ShownText:
    text: str
    language: str
    fallback: bool
    html: SafeString | None = None

    def __bool__(self) -> bool:
        return bool(self.text)

    def __str__(self) -> str:
        return self.text


class ShownProfile:
    """The profile for one page: ``profile.operator.text``, ``profile.contact.html``, ``profile.phase``…"""

    def __init__(self, profile: SiteProfile, language: str) -> None:
        self.profile = profile
        self.language = language
        for name in MULTILINGUAL_FIELDS:
            resolved = resolve_text(_clean(getattr(profile, name)), language, language)
            html = mark_safe(render_markdown(resolved.text)) if name in MARKDOWN_FIELDS else None  # noqa: S308
            setattr(self, name, ShownText(resolved.text, resolved.language, resolved.fallback, html))

    def __getattr__(self, name: str) -> Any:  # the profile's other fields: phase, contact_email, …
        return getattr(self.profile, name)

    @property
    def operator_name(self) -> SafeString:
        """The operator's name for a sentence of the page: marked with its own language when it is another one."""
        name: ShownText = self.operator
        if name.fallback:
            return format_html('<span lang="{}">{}</span>', name.language, name.text)
        return format_html("{}", name.text)

    @property
    def operator_name_first(self) -> SafeString:
        """The same at the start of a sentence: its first letter a capital ("the … team" → "The … team")."""
        name: ShownText = self.operator
        text = name.text[:1].upper() + name.text[1:]
        if name.fallback:
            return format_html('<span lang="{}">{}</span>', name.language, text)
        return format_html("{}", text)

    @property
    def phase_label(self) -> str:
        return str(SiteProfile.Phase(self.profile.phase).label)

    @property
    def accessibility_status_label(self) -> str:
        return str(SiteProfile.Compliance(self.profile.accessibility_status).label)

    @property
    def accessibility_method_label(self) -> str:
        return str(SiteProfile.Method(self.profile.accessibility_method).label)


def _clean(texts: Any) -> dict[str, str]:
    if not isinstance(texts, dict):
        return {}
    return {code: str(texts[code]).strip() for code in LANGUAGES if str(texts.get(code) or "").strip()}


def shown_profile(request: HttpRequest | None = None) -> ShownProfile:
    return ShownProfile(site_profile(request), page_language())


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context processor: ``site_profile`` (read only when a template uses it; not ``site``, which Django's
    sign-in view sets to the request's site)."""
    return {
        "site_profile": SimpleLazyObject(lambda: shown_profile(request)),
        "theme_stylesheet": settings.THEME_STYLESHEET,
    }
