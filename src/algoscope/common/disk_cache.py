"""The cache backend of ``ALGOSCOPE_PAGE_CACHE=folder``: diskcache's Django backend (sharded SQLite files that many
processes share), kept open between requests. Django closes every cache when a request ends; diskcache would then
reconnect to each shard on the next request, which costs more than answering from it."""

from __future__ import annotations

from typing import Any

from diskcache import DjangoCache


class KeptOpenDiskCache(DjangoCache):  # type: ignore[misc]  # diskcache ships no type information
    def close(self, **kwargs: Any) -> None:
        """Kept open: each process (and thread) keeps its own connections, as a database connection is kept."""
