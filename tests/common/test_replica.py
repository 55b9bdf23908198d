"""Anonymous public reads from a read replica (``common.replica``), everything else from the primary: a replica
that is a copy of the primary taken before a second publication shows one record to residents, two to a token.

Real processes on two SQLite files of their own (the replica: a copy of the primary, as a snapshot)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.common.test_job_kill import ROOT, _environment, _run

pytestmark = pytest.mark.own_database

PUBLISH = """
from django.contrib.auth import get_user_model
from algoscope.accounts import services as account_services
from algoscope.accounts.models import Membership, Organisation
from algoscope.accounts.permissions import Actor
from algoscope.register import services
from tests.conftest import content
org = Organisation.objects.first() or account_services.organisation_create(
    actor=Actor.for_system("test"), name={"nl": "Stad"}, org_type="municipal", country="BE",
    identifier_scheme="kbo", identifier="0207.451.227",
)
n = Membership.objects.count()
people = []
for role in ("editor", "reviewer"):
    user = get_user_model().objects.create_user(username=f"{role}{n}", password="a-long-password-1")
    Membership.objects.create(user=user, organisation=org, role=role)
    people.append(Actor(user=user))
record = services.algorithm_create(actor=people[0], organisation=org, content=content(name={"nl": "NAME"}))
services.algorithm_submit(actor=people[0], algorithm=record)
services.algorithm_publish(actor=people[1], algorithm=record, change_summary="First")
"""
READ = """
import json
import re
from algoscope.accounts.models import Organisation
from algoscope.accounts.permissions import Actor
from algoscope.accounts.services.tokens import api_token_create
from algoscope.accounts.models import Membership
from django.test import Client
editor = Membership.objects.filter(role="editor").first().user
_token, secret = api_token_create(actor=Actor(user=editor), organisation=Organisation.objects.get(), name="t")
resident = Client(HTTP_HOST="localhost")
names = lambda response: len(response.json()["items"])
print(json.dumps({
    "resident": names(resident.get("/api/v1/algorithms/")),
    "token": names(resident.get("/api/v1/algorithms/", HTTP_AUTHORIZATION="Bearer " + secret)),
    "page": re.search(r'id="results-title"[^>]*>([^<]*)', resident.get("/nl/?q=Tweede").content.decode())[1],
}))
"""


def test_residents_read_the_replica_and_everyone_else_the_primary(tmp_path: Path) -> None:
    db, env = _environment(tmp_path)
    env = {**env, "ALGOSCOPE_PUBLIC_CACHE_SECONDS": "0", "PYTHONPATH": str(ROOT)}
    _run(env, "migrate", "-v0")
    _run(env, "shell", "-c", PUBLISH.replace("NAME", "Eerste"))
    replica = tmp_path / "replica.sqlite3"
    with sqlite3.connect(db) as source, sqlite3.connect(replica) as target:
        source.backup(target)
    _run(env, "shell", "-c", PUBLISH.replace("NAME", "Tweede"))  # the replica has not caught up with this one
    out = _run({**env, "ALGOSCOPE_DATABASE_REPLICA_URL": f"sqlite:///{replica}"}, "shell", "-c", READ)
    seen = json.loads(out.strip().splitlines()[-1])
    assert (seen["resident"], seen["token"]) == (1, 2)  # one record on the replica, two on the primary
    assert seen["page"].startswith("0 ")  # the search page too: nothing found on the replica
    without = _run(env, "shell", "-c", READ)  # no replica configured: everyone reads the primary
    assert json.loads(without.strip().splitlines()[-1])["resident"] == 2
