"""``/health/``: whether this web process can serve (its database answers, its migrations are applied) and how the
background work stands (queued tasks, the oldest one's age), for a load balancer or a monitor."""

from __future__ import annotations

import datetime
import time

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

MIGRATIONS_RECHECK_S = 300.0
_migrations_applied_at: list[float] = []  # when this process last found every migration applied


def _pending_migrations() -> int:
    """How many of this process's migrations the database lacks. Once none, checked again only every few minutes:
    reading the migration files cost 25 ms a call, and a load balancer asks every few seconds."""
    if _migrations_applied_at and time.monotonic() - _migrations_applied_at[0] < MIGRATIONS_RECHECK_S:
        return 0
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _migrations_applied_at[:] = [] if pending else [time.monotonic()]
    return pending


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    checks: dict[str, object] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # any database failure: this process cannot serve
        return JsonResponse({"status": "unavailable", "database": type(exc).__name__}, status=503)
    pending = _pending_migrations()
    checks["migrations"] = "ok" if not pending else f"{pending} not applied"
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.ready()
    oldest = queued.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = (timezone.now() - oldest) if oldest else datetime.timedelta(0)
    checks["tasks"] = {"queued": queued.count(), "oldest_queued_seconds": int(age.total_seconds())}
    healthy = not pending
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)
