from __future__ import annotations

from algoscope.accounts.models import Organisation
from algoscope.register.demo import load_demo
from algoscope.register.models import Algorithm, AlgorithmVersion


def test_demo_data_loads_once_through_the_workflow(db) -> None:
    result = load_demo()
    assert result["organisations"] >= 10 and result["algorithms"] >= 40
    assert set(Organisation.objects.values_list("country", flat=True)) == {"BE", "NL", "LU"}
    public = Algorithm.objects.filter(published_version__isnull=False)
    assert public.count() >= 35
    assert Algorithm.objects.filter(state="draft").exists() and Algorithm.objects.filter(state="in_review").exists()
    assert Algorithm.objects.filter(state="retired").count() == 2
    assert AlgorithmVersion.objects.filter(number=2).exists()
    languages = {lang for a in public for lang in a.published_version.languages}
    assert languages == {"nl", "fr", "de", "en"}
    assert load_demo() == {"organisations": 0, "algorithms": 0}
