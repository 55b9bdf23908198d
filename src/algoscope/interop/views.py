"""The editor's import page: upload a file of a standard, see what will be created or changed, then import.

The uploaded file is kept under the data directory between the preview and the confirmation (named by a random
token, tied to the user), and deleted once imported, when the user's next preview replaces it, or after a day.
The preview is the same plan as the import: the confirmation imports exactly what was shown.
"""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor
from algoscope.common import storage
from algoscope.common.errors import DomainError
from algoscope.common.multilingual import LANGUAGES
from algoscope.common.translation import error_text
from algoscope.interop.presentation import finding_field_label
from algoscope.interop.services import RecordPlan, interop_import
from algoscope.interop.standards import STANDARDS
from algoscope.interop.standards.files import DEFAULT_MAX_BYTES
from algoscope.interop.standards.model import Finding
from algoscope.register.presentation import change_rows

MAX_BYTES = DEFAULT_MAX_BYTES


PENDING = "import-previews"  # in the file storage (``common.storage``): any machine can confirm a preview
PENDING_SECONDS = 24 * 3600


def _pending(request: HttpRequest, token: str) -> tuple[str, dict[str, Any]] | None:
    """The stored upload of a preview (its name in the storage, and what was chosen): only the user who previewed
    it can import it."""
    if not token.isalnum():
        return None
    meta = storage.read(f"{PENDING}/{request.user.pk}_{token}.json")
    if meta is None:
        return None
    return f"{PENDING}/{request.user.pk}_{token}.bin", json.loads(meta)


def _store_pending(request: HttpRequest, data: bytes, meta: dict[str, Any]) -> str:
    """Keep an upload until it is confirmed; the user's earlier previews and day-old ones are dropped."""
    now = time.time()
    for name in storage.files(PENDING):
        own = name.startswith(f"{PENDING}/{request.user.pk}_")
        if own or now - storage.modified(name) > PENDING_SECONDS:
            storage.delete(name)
    token = secrets.token_hex(16)
    storage.save(f"{PENDING}/{request.user.pk}_{token}.bin", data)
    storage.save(f"{PENDING}/{request.user.pk}_{token}.json", json.dumps(meta).encode())
    return token


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    actor = Actor.for_request(request)
    orgs = list(Organisation.objects.filter(pk__in=actor.organisation_ids("algorithm.import")).order_by("slug"))
    if not orgs:  # an operator imports from the command line; the page is for an organisation's editors
        raise DjangoPermissionDenied(_("You are not an editor of any organisation."))
    context: dict[str, Any] = {
        "standards": STANDARDS.values(),
        "organisations": orgs,
        "max_mb": MAX_BYTES // 1_048_576,
        "language_choices": settings.LANGUAGES,
    }
    if request.method == "POST" and request.POST.get("token"):
        return _confirm(request, actor, orgs)
    if request.method == "POST":
        upload = request.FILES.get("file")
        org = next((o for o in orgs if o.slug == request.POST.get("organisation")), None)
        standard = request.POST.get("standard", "")
        context["selected"] = {
            "standard": standard,
            "organisation": org.slug if org else "",
            "valid_only": bool(request.POST.get("valid_only")),
            "language": request.POST.get("language") if request.POST.get("language") in LANGUAGES else None,
        }
        if upload is None or org is None or standard not in STANDARDS:
            context["form_error"] = _("Choose a standard, an organisation and a file.")
            return render(request, "interop/import.html", context, status=422)
        if upload.size and upload.size > MAX_BYTES:
            context["form_error"] = _("The file is %(size).1f MB; the limit is %(limit)d MB.") % {
                "size": upload.size / 1_048_576,
                "limit": MAX_BYTES // 1_048_576,
            }
            return render(request, "interop/import.html", context, status=422)
        data = b"".join(upload.chunks())
        try:
            report = interop_import(
                actor=actor,
                standard=standard,
                data=data,
                filename=upload.name or "upload",
                organisation=org,
                dry_run=True,
                valid_only=context["selected"]["valid_only"],
                language=context["selected"]["language"],
            )
        except DomainError as exc:
            context["form_error"] = error_text(exc)
            return render(request, "interop/import.html", context, status=422)
        meta = {
            "standard": standard,
            "organisation": org.slug,
            "filename": upload.name,
            "valid_only": context["selected"]["valid_only"],
            "language": context["selected"]["language"],
        }
        token = _store_pending(request, data, meta)
        context.update(
            report=report,
            rows=[_row(report.standard, plan) for plan in report.records],
            importable=sum(1 for plan in report.records if plan.action in ("create", "update") and not plan.errors),
            token=token,
            can_import=bool(
                (report.ok or report.valid_only) and any(r.action in ("create", "update") for r in report.records)
            ),
        )
    return render(request, "interop/import.html", context)


def _row(standard: str, plan: RecordPlan) -> dict[str, Any]:
    """One record of the preview as the editor reads it: fields by label, an update's changes as old → new."""

    def labelled(findings: list[Finding]) -> list[dict[str, Any]]:
        return [{"finding": f, "label": finding_field_label(standard, f.field)} for f in findings]

    return {
        "plan": plan,
        "errors": labelled(plan.errors),
        "warnings": labelled(plan.warnings),
        "changes": change_rows(plan.changes),
    }


def _confirm(request: HttpRequest, actor: Actor, orgs: list[Organisation]) -> HttpResponse:
    pending = _pending(request, request.POST["token"])
    if pending is None:
        messages.error(request, _("That preview has expired; upload the file again."))
        return redirect("editor:import")
    data_name, meta = pending
    data = storage.read(data_name)
    if data is None:
        messages.error(request, _("That preview has expired; upload the file again."))
        return redirect("editor:import")
    org = next((o for o in orgs if o.slug == meta["organisation"]), None)
    if org is None:
        messages.error(request, _("You may no longer import into that organisation."))
        return redirect("editor:import")
    try:
        report = interop_import(
            actor=actor,
            standard=meta["standard"],
            data=data,
            filename=meta["filename"],
            organisation=org,
            valid_only=meta["valid_only"],
            language=meta.get("language"),
        )
    except DomainError as exc:
        messages.error(request, error_text(exc))
        return redirect("editor:import")
    finally:
        storage.delete(data_name)
        storage.delete(data_name.removesuffix(".bin") + ".json")
    if not report.written:
        messages.error(request, _("Nothing was imported: the file has problems. Upload it again to see them."))
        return redirect("editor:import")
    counts = report.counts()
    created = ngettext("%(n)d new draft", "%(n)d new drafts", counts["create"]) % {"n": counts["create"]}
    updated = ngettext("%(n)d draft updated", "%(n)d drafts updated", counts["update"]) % {"n": counts["update"]}
    messages.success(request, _("Imported: %(created)s, %(updated)s.") % {"created": created, "updated": updated})
    return redirect("editor:dashboard")
