"""Running one POSTed action (a service call) the same way on every page: on success its message, on a refusal
the problems in the page's language; a permission the person lacks on an object they cannot see is a 404."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest

from algoscope.common.errors import DomainError, InvalidInput, PermissionDenied, Problem
from algoscope.common.translation import error_text, localized


def perform(
    request: HttpRequest,
    run: Callable[[], object],
    *,
    success: object,  # a text, or anything whose str() is one once ``run`` has run
    problem_text: Callable[[Problem], str] = localized,
    forbidden_is_not_found: bool = True,
) -> list[str]:
    """Run ``run``; [] when it succeeded (``success`` is shown), else what went wrong, one line per problem, for the
    page to show where it shows errors. ``forbidden_is_not_found``: a refusal answers 404 (the person sees nothing
    of the object); otherwise it is one of the problems (they see the object, not this action)."""
    try:
        run()
    except InvalidInput as exc:
        return [problem_text(problem) for problem in exc.problems] or [error_text(exc)]
    except PermissionDenied as exc:
        if forbidden_is_not_found:
            raise Http404(exc.message) from exc
        return [error_text(exc)]
    except DomainError as exc:  # a state that does not allow it, a concurrent change
        return [error_text(exc)]
    messages.success(request, str(success))
    return []


def perform_form(
    request: HttpRequest,
    form: forms.Form,
    run: Callable[[], object],
    *,
    success: str,
    forbidden_is_not_found: bool = True,
) -> bool:
    """Run ``run`` for a valid ``form``; True when it succeeded (``success`` is shown). Otherwise the refusal is on
    the form, each problem at its field where the form has one (else above the form), for the page to render again.
    """
    try:
        run()
    except InvalidInput as exc:
        for problem in exc.problems:
            field = str(problem.loc[0]) if problem.loc else ""
            form.add_error(field if field in form.fields else None, localized(problem))
        if not exc.problems:
            form.add_error(None, error_text(exc))
        return False
    except PermissionDenied as exc:
        if forbidden_is_not_found:
            raise Http404(exc.message) from exc
        form.add_error(None, error_text(exc))
        return False
    except DomainError as exc:
        form.add_error(None, error_text(exc))
        return False
    messages.success(request, str(success))
    return True
