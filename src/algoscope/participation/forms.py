"""The participation pages' forms. They only read what was sent; the services check it (length, language, state)
and each refusal comes back at its field. Every residents' form has a honeypot field (``website``) that people do
not see and robots fill in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from algoscope.common.forms import PageForm
from algoscope.participation.engine.posts import ANSWER_MAX, BODY_MAX, NAME_MAX, REASON_MAX, TITLE_MAX
from algoscope.participation.models import ContentReport, ModerationDecision, Proposal, Question

LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]


def _text(label: Any, maximum: int, *, rows: int = 0, help_text: Any = "", required: bool = False) -> forms.CharField:
    widget = (
        forms.Textarea(attrs={"rows": rows, "maxlength": maximum})
        if rows
        else forms.TextInput(attrs={"maxlength": maximum})
    )
    return forms.CharField(label=label, required=required, strip=False, widget=widget, help_text=help_text)


class ResidentForm(PageForm):
    """A resident's post: its language (the page's by default), the name shown with it, and the honeypot."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))
    refused = False  # set when the person may not post: the page answers 403, with what they typed

    def __init__(
        self, *args: Any, languages: list[str] | None = None, page_language: str = "en", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        allowed = [(code, name) for code, name in LANGUAGE_CHOICES if languages is None or code in languages]
        self.fields["language"] = forms.ChoiceField(
            label=_("Language you write in"), choices=allowed, initial=page_language
        )
        self.fields["public_name"] = _text(
            _("Name shown with your post (optional)"),
            NAME_MAX,
            help_text=_("Leave it empty to post without a name. Your e-mail address is never shown."),
        )
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.order_fields([name for name in self.fields if name != "website"] + ["website"])

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class QuestionForm(ResidentForm):
    kind = forms.ChoiceField(
        label=_("What do you send?"),
        choices=Question.Kind.choices,
        initial=Question.Kind.QUESTION,
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(
        label=_("What is it about?"), choices=[("", "—"), *Question.Category.choices], required=False
    )
    title = _text(_("Your question in one line"), TITLE_MAX)
    body = _text(_("Your question, or the error you found"), BODY_MAX, rows=8)

    def __init__(self, *args: Any, channel: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if channel != Question.Channel.RECORD:
            del self.fields["kind"]
        if channel == Question.Channel.RECORD:
            del self.fields["category"]


class ProposalForm(ResidentForm):
    title = _text(_("Your proposal in one line"), TITLE_MAX)
    body = _text(_("What should be done, and why"), BODY_MAX, rows=8)


class CommentForm(ResidentForm):
    body = _text(_("Your comment"), 2_000, rows=4)


class AnswerForm(PageForm):
    answer = _text(_("The public answer"), ANSWER_MAX, rows=8)
    language = forms.ChoiceField(label=_("Language of the answer"), choices=LANGUAGE_CHOICES)
    accepted = forms.TypedChoiceField(
        label=_("Is the reported error right?"),
        choices=[("yes", _("Yes: the record is wrong")), ("no", _("No: the record is right"))],
        required=False,
        widget=forms.RadioSelect,
    )
    open_correction = forms.BooleanField(label=_("Open a correction of the record now"), required=False)

    def __init__(self, *args: Any, error_report: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not error_report:
            del self.fields["accepted"]
            del self.fields["open_correction"]


class ProposalAnswerForm(PageForm):
    state = forms.ChoiceField(
        label=_("Answer"),
        choices=[(value, label) for value, label in Proposal.State.choices if value != Proposal.State.SUBMITTED],
    )
    reason = _text(_("The public reason"), REASON_MAX, rows=5)
    language = forms.ChoiceField(label=_("Language of the reason"), choices=LANGUAGE_CHOICES)
    result = forms.ChoiceField(label=_("What it became (an accepted proposal)"), required=False)
    merged_into = forms.IntegerField(label=_("Merged into proposal number"), required=False, min_value=1)

    def __init__(self, *args: Any, results: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [("", "—"), *results]  # type: ignore[attr-defined]


class ConsultationForm(PageForm):
    key = forms.SlugField(label=_("Key (in the address)"), max_length=80, required=False)
    original_language = forms.ChoiceField(label=_("Original language"), choices=LANGUAGE_CHOICES)
    languages = forms.MultipleChoiceField(
        label=_("Languages of the proposals"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}))
    links = forms.MultipleChoiceField(
        label=_("The plan's objectives and actions it is about"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args: Any, targets: list[tuple[str, str]], editing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in LANGUAGE_CHOICES:
            self.fields[f"title_{code}"] = _text(_("Title") + f" ({name})", TITLE_MAX)
            self.fields[f"description_{code}"] = _text(_("Description") + f" ({name})", 10_000, rows=4)
        self.fields["links"].choices = targets  # type: ignore[attr-defined]
        if editing:
            del self.fields["key"]

    def texts(self, name: str) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"{name}_{code}", "") for code, _name in LANGUAGE_CHOICES}


class ReportForm(PageForm):
    reason = forms.ChoiceField(
        label=_("Why should it be removed?"), choices=ContentReport.Reason.choices, widget=forms.RadioSelect
    )
    note = _text(_("Anything the moderators should know (optional)"), 500, rows=3)


class ModerateForm(PageForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ModerationDecision.Decision.choices, widget=forms.RadioSelect
    )
    reason = _text(_("Reason (kept, and shown in place of a hidden post)"), REASON_MAX, rows=3)


class DeleteAccountForm(PageForm):
    confirm = forms.CharField(label=_("Type your e-mail address to confirm"), required=False)
