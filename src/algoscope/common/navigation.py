"""The site's navigation, as the apps add to it: each app registers its public section and its workspace in its
``AppConfig.ready()``; the shell's layout lists them (``site.navigation.context``) without knowing the apps.

Pure Python: a link is a route name and a label; the shell resolves and translates them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NavLink:
    """``url_name`` of a page; ``workspace``: shown to signed-in people only (with the page's language passed on)."""

    key: str
    label: Any  # a lazily translated text
    url_name: str
    order: int = 100
    workspace: bool = False


_links: dict[str, NavLink] = {}


def register_nav_link(link: NavLink) -> None:
    _links[link.key] = link


def nav_links(*, workspace: bool) -> list[NavLink]:
    return sorted(
        (link for link in _links.values() if link.workspace == workspace), key=lambda link: (link.order, link.key)
    )
