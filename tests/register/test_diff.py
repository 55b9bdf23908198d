from __future__ import annotations

from algoscope.register.diff import diff_content, word_diff
from tests.conftest import content


def test_diff_reports_each_changed_field_and_language() -> None:
    before = content()
    after = content(
        name={"nl": "Nieuw risicomodel", "de": "Risikomodell"},
        policy_domains=["benefits_subsidies", "work"],
        supplier="Intern ontwikkeld",
    )
    changes = {(c.loc, c.kind) for c in diff_content(before, after)}
    assert changes == {
        ("name.nl", "changed"),
        ("name.de", "added"),
        ("policy_domains", "changed"),
        ("supplier", "added"),
    }


def test_identical_content_has_no_diff() -> None:
    assert diff_content(content(), content()) == []


def test_word_diff_marks_removed_and_added_words() -> None:
    segments = word_diff("Een controleur beoordeelt", "Een ervaren controleur beoordeelt")
    assert [text.strip() for kind, text in segments if kind == "added"] == ["ervaren"]
    assert "".join(text for kind, text in segments if kind != "removed") == "Een ervaren controleur beoordeelt"
    assert "".join(text for kind, text in segments if kind != "added") == "Een controleur beoordeelt"
