"""Benchmark: faceted full-text search of the register through the JSON API, against Datasette on the same data.

    make bench-register                  # 100,000 records
    .venv/bin/python bench/bench_register.py --records 20000 --requests 400 --clients 8

It generates N published records (realistic text lengths, one to four languages each), loads them into a fresh
SQLite file and into a throw-away PostgreSQL cluster, serves each with gunicorn (2 workers, this machine's cores),
and serves the same records with Datasette (FTS5 enabled, its own server). Then concurrent clients send the same
query to each: one word plus two facet filters, with facet counts. It prints p50/p95 latency, requests per second
and the ratio to Datasette, and writes the figures to bench/out/register.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent

VOCABULARY = {
    "nl": "algoritme model gegevens burger gemeente controle risico uitkering parkeren afval belasting werk zorg "
    "woning onderwijs veiligheid verkeer toezicht beslissing aanvraag dossier medewerker beoordeling bezwaar "
    "privacy kwaliteit planning voorspelling signalering classificatie camera sensor chatbot vertaling".split(),
    "fr": "algorithme modèle données citoyen commune contrôle risque allocation stationnement déchets impôt "
    "emploi santé logement enseignement sécurité circulation surveillance décision demande dossier agent "
    "évaluation recours vie privée qualité planification prévision signalement classification caméra".split(),
    "de": "Algorithmus Modell Daten Bürger Gemeinde Kontrolle Risiko Leistung Parken Abfall Steuer Arbeit "
    "Gesundheit Wohnung Bildung Sicherheit Verkehr Aufsicht Entscheidung Antrag Akte Mitarbeiter Bewertung".split(),
    "en": "algorithm model data resident municipality check risk benefit parking waste tax work health housing "
    "education safety traffic oversight decision application file officer assessment appeal privacy quality".split(),
}
FILLER = {
    "nl": "de het een van en in op voor met dat die is wordt door bij om naar ook of als".split(),
    "fr": "le la les un une de des et en pour par avec sur dans est sont qui que au aux".split(),
    "de": "der die das ein eine und in für mit auf von zu ist werden durch bei oder als".split(),
    "en": "the a an of and in for with on to is are by at or as from that which this".split(),
}
DOMAINS = [
    "taxes",
    "housing",
    "work",
    "health",
    "traffic_transport",
    "public_safety",
    "benefits_subsidies",
    "environment_spatial_planning",
    "education_science",
    "government",
    "justice",
    "family_youth",
]
STATUSES = ["operational", "operational", "operational", "pilot", "development", "retired"]
CATEGORIES = ["other", "other", "impactful", "high_risk_ai"]
QUERY = {"q": "parkeren", "country": "BE", "policy_domain": "traffic_transport"}


SYLLABLES = (
    "ba be bi bo da de di do ka ke ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti to".split()
)


def pseudo_words(language: str, count: int = 4000) -> list[str]:
    rng = random.Random(language)
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) + language[0] for _ in range(count)]


PSEUDO = {language: pseudo_words(language) for language in VOCABULARY}


def text(rng: random.Random, language: str, words: int) -> str:
    """Words with realistic frequencies: half function words, 0.5% domain words (so a domain word such as the
    query's appears in a few percent of records), the rest from a long tail of 4,000 other words."""
    vocabulary, filler, tail = VOCABULARY[language], FILLER[language], PSEUDO[language]
    out = []
    for _ in range(words):
        draw = rng.random()
        out.append(
            rng.choice(filler)
            if draw < 0.5
            else rng.choice(vocabulary)
            if draw < 0.505
            else tail[min(int(rng.paretovariate(1.2)) - 1, len(tail) - 1)]
            if draw < 0.7
            else rng.choice(tail)
        )
    return (" ".join(out).capitalize() + ".")[:4900]


def record(rng: random.Random, i: int) -> dict[str, Any]:
    original = rng.choice(["nl", "nl", "fr", "fr", "de", "en"])
    languages = [original] + [lang for lang in ("nl", "fr", "de", "en") if lang != original and rng.random() < 0.35]

    def texts(low: int, high: int, limit: int) -> dict[str, str]:
        return {lang: text(rng, lang, rng.randint(low, high))[:limit] for lang in languages}

    return {
        "original_language": original,
        "name": texts(3, 8, 150),
        "short_description": texts(20, 45, 400),
        "purpose_and_impact": texts(40, 160, 5000),
        "human_oversight": texts(20, 70, 5000),
        "contact_email": f"algoritmes{i}@example.org",
        "lifecycle_status": rng.choice(STATUSES),
        "publication_category": rng.choice(CATEGORIES),
        "policy_domains": sorted(set(rng.sample(DOMAINS, rng.randint(1, 3))), key=DOMAINS.index),
        "keywords": rng.sample(VOCABULARY["en"], 3),
    }


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "algoscope.config.settings")
    os.environ.setdefault("ALGOSCOPE_SECRET_KEY", SECRET)
    import django

    django.setup()


def load(n: int, seed: int) -> float:
    """Migrate and load ``n`` published records through bulk writes (the services' per-record work, in batches)."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from algoscope.accounts.identifiers import kbo_check_digits
    from algoscope.accounts.models import Organisation
    from algoscope.register.content import empty_content, merge_content
    from algoscope.register.models import Algorithm, AlgorithmFacet, AlgorithmVersion
    from algoscope.register.search.backends import backend
    from algoscope.register.search.documents import search_documents
    from algoscope.register.search.index import facet_values
    from algoscope.register.validation import validate_content

    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    started = time.perf_counter()
    organisations = []
    for i in range(300):
        country = "BE" if i < 200 else ("NL" if i < 280 else "LU")
        first = f"02{i:06d}"
        ident = {
            "BE": ("kbo", f"{first[:4]}.{first[4:7]}.{first[7:]}{kbo_check_digits(first)}"),
            "NL": ("oin", f"{i:020d}"),
            "LU": ("rcs", f"B{i}"),
        }[country]
        slug = f"{ident[0]}-{ident[1].replace('.', '').lower()}"
        organisations.append(
            Organisation(
                slug=slug,
                identifier_scheme=ident[0],
                identifier=ident[1],
                name={"nl": f"Organisatie {i}"},
                org_type=rng.choice(["municipal", "municipal", "federal", "regional", "agency"]),
                country=country,
                region={"BE": rng.choice(["BE-VLG", "BE-WAL", "BE-BRU"]), "NL": "NL-ZH", "LU": "LU-LU"}[country],
            )
        )
    Organisation.objects.bulk_create(organisations)
    organisations = list(Organisation.objects.all())
    now = timezone.now()
    engine = backend()
    for start in range(0, n, 2000):
        with transaction.atomic():
            batch = []
            for i in range(start, min(n, start + 2000)):
                content = validate_content(merge_content(empty_content(), record(rng, i)), for_review=True)
                original = content["original_language"]
                batch.append(
                    Algorithm(
                        organisation=rng.choice(organisations),
                        content=content,
                        state="published",
                        published_at=now,
                        pub_sort_name=content["name"][original].casefold()[:200],
                    )
                )
            Algorithm.objects.bulk_create(batch)
            batch = list(Algorithm.objects.filter(published_version__isnull=True).select_related("organisation"))
            versions = AlgorithmVersion.objects.bulk_create(
                [
                    AlgorithmVersion(
                        algorithm=a,
                        number=1,
                        content=a.content,
                        organisation_id=a.organisation_id,
                        published_at=now,
                        published_by_label="benchmark",
                    )
                    for a in batch
                ]
            )
            for algorithm, version in zip(batch, versions, strict=True):
                algorithm.published_version, algorithm.first_published_at = version, now
            Algorithm.objects.bulk_update(batch, ["published_version", "first_published_at"])
            facets = []
            for algorithm in batch:
                engine.replace(algorithm.pk, search_documents(algorithm.content, algorithm.organisation.name))
                facets += [AlgorithmFacet(algorithm=algorithm, facet=f, value=v) for f, v in facet_values(algorithm)]
            AlgorithmFacet.objects.bulk_create(facets)
        print(f"  loaded {min(n, start + 2000):,}/{n:,}", end="\r", flush=True)
    print()
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("INSERT INTO register_search(register_search) VALUES ('optimize')")
    return time.perf_counter() - started


def export_for_datasette(sqlite_path: Path, target: Path) -> None:
    """The same published records as one flat table with an FTS5 index, the way Datasette serves data."""
    source = sqlite3.connect(sqlite_path)
    target.unlink(missing_ok=True)
    db = sqlite3.connect(target)
    db.execute(
        "CREATE TABLE records (id TEXT PRIMARY KEY, organisation TEXT, country TEXT, region TEXT, "
        "organisation_type TEXT, policy_domain TEXT, lifecycle_status TEXT, publication_category TEXT, "
        "name TEXT, summary TEXT, body TEXT)"
    )
    rows = source.execute(
        "SELECT a.public_id, o.slug, o.country, o.region, o.org_type, a.content FROM register_algorithm a "
        "JOIN register_organisation o ON o.id = a.organisation_id"
    )
    batch = []
    for public_id, org, country, region, org_type, content_json in rows:
        content = json.loads(content_json)

        def texts(key: str, content: dict[str, Any] = content) -> str:
            return " ".join((content.get(key) or {}).values())

        batch.append(
            (
                public_id,
                org,
                country,
                region,
                org_type,
                json.dumps(content["policy_domains"]),
                content["lifecycle_status"],
                content["publication_category"],
                texts("name"),
                texts("short_description"),
                texts("purpose_and_impact") + " " + texts("human_oversight"),
            )
        )
    db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
    for column in ("organisation", "country", "lifecycle_status", "publication_category", "organisation_type"):
        db.execute(f"CREATE INDEX records_{column} ON records ({column})")
    db.execute(
        "CREATE VIRTUAL TABLE records_fts USING fts5(name, summary, body, content='records', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    db.execute("INSERT INTO records_fts(rowid, name, summary, body) SELECT rowid, name, summary, body FROM records")
    db.commit()
    db.execute("ANALYZE")
    db.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, path: str, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server on port {port} did not answer {path}")


def load_test(port: int, path: str, requests: int, clients: int, seconds: float) -> dict[str, float]:
    """``clients`` threads send ``requests`` requests in all, or as many as fit in ``seconds``."""
    latencies: list[float] = []
    errors = []
    lock = threading.Lock()
    per_client = requests // clients
    stop_at = time.perf_counter() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for _ in range(per_client):
            if time.perf_counter() > stop_at:
                break
            started = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if response.status != 200:
                    errors.append((response.status, body[:200]))

    for _ in range(min(4, requests)):  # warm up caches and workers
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("GET", path)
        conn.getresponse().read()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests, e.g. {errors[0]}")
    latencies.sort()
    return {
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "requests_per_s": len(latencies) / wall,
        "requests": len(latencies),
        "clients": clients,
    }


SECRET = "benchmark-secret-key-that-is-long-enough-0123456789abcdef"


def server_env(database_url: str) -> dict[str, str]:
    """The environment of a production server on ``database_url`` for the benchmarks (debug off, quiet log)."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "ALGOSCOPE_DEBUG": "0",
        "ALGOSCOPE_ENV_FILE": "/nonexistent",
        "ALGOSCOPE_SECRET_KEY": SECRET,
        "ALGOSCOPE_ALLOWED_HOSTS": "127.0.0.1",
        "ALGOSCOPE_LOG_LEVEL": "WARNING",
    }


def serve_ours(database_url: str) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = server_env(database_url)
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "algoscope.config.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        start_new_session=True,
    )
    return process, port


def serve_datasette(path: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "datasette"),
            "serve",
            str(path),
            "-p",
            str(port),
            "-h",
            "127.0.0.1",
            "--setting",
            "sql_time_limit_ms",
            "5000",
            "--setting",
            "facet_time_limit_ms",
            "1000",
            "--setting",
            "num_sql_threads",
            "3",
        ],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return process, port


def stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--seconds", type=float, default=90, help="time limit of each system's load test")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--reuse", type=Path, help="a folder of an earlier run: reuse its SQLite and Datasette files")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    work = args.reuse or Path(tempfile.mkdtemp(prefix="algoscope-bench-"))
    sqlite_path = work / "register.sqlite3"
    ours_path = "/api/v1/search/?" + urlencode(QUERY)
    datasette_path = (
        "/datasette/records.json?"
        + urlencode(
            {
                "_search": QUERY["q"],
                "country": QUERY["country"],
                "policy_domain__arraycontains": QUERY["policy_domain"],
                "_facet": "organisation",
                "_facet_array": "policy_domain",
                "_size": "20",
                "_shape": "objects",
            }
        )
        + "&_facet=country&_facet=region&_facet=organisation_type&_facet=lifecycle_status&_facet=publication_category"
    )
    results: dict[str, Any] = {"records": args.records, "query": QUERY, "clients": args.clients}

    print(f"Work folder: {work}")
    if not args.reuse:
        print(f"Loading {args.records:,} records into SQLite …", flush=True)
        loader = subprocess.run(  # the same script, one process per database
            [sys.executable, __file__, "--load-only", f"sqlite:///{sqlite_path}", str(args.records), str(args.seed)],
            check=True,
            capture_output=True,
            text=True,
        )
        results["sqlite_load_s"] = float(loader.stdout.strip().splitlines()[-1])
        export_for_datasette(sqlite_path, work / "datasette.db")

    runs = [("Algoscope (SQLite)", f"sqlite:///{sqlite_path}")]
    cluster = None
    if not args.skip_postgres:
        sys.path.insert(0, str(ROOT / "src"))
        from algoscope.testing.postgres import TemporaryPostgres

        cluster = TemporaryPostgres.start()
        print(f"Loading {args.records:,} records into PostgreSQL …", flush=True)
        loader = subprocess.run(
            [sys.executable, __file__, "--load-only", cluster.url, str(args.records), str(args.seed)],
            check=True,
            capture_output=True,
            text=True,
        )
        results["postgres_load_s"] = float(loader.stdout.strip().splitlines()[-1])
        runs.append(("Algoscope (PostgreSQL)", cluster.url))
    try:
        for label, url in runs:
            process, port = serve_ours(url)
            try:
                wait_for(port, ours_path)
                results[label] = load_test(port, ours_path, args.requests, args.clients, args.seconds)
                print(f"{label}: {results[label]}", flush=True)
            finally:
                stop(process)
        process, port = serve_datasette(work / "datasette.db")
        try:
            wait_for(port, datasette_path, timeout=300)
            results["Datasette"] = load_test(port, datasette_path, args.requests, args.clients, args.seconds)
            print(f"Datasette: {results['Datasette']}", flush=True)
        finally:
            stop(process)
    finally:
        if cluster:
            cluster.stop()

    peer = results["Datasette"]
    print(f"\n{args.records:,} records, query {QUERY}, {args.clients} concurrent clients, {args.requests} requests")
    print(f"{'':24} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'req/s vs Datasette':>20}")
    for label in [label for label, _url in runs] + ["Datasette"]:
        r = results[label]
        ratio = r["requests_per_s"] / peer["requests_per_s"]
        r["throughput_ratio_vs_datasette"] = ratio
        print(f"{label:24} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['requests_per_s']:8.1f} {ratio:19.2f}×")
    (OUT / "register.json").write_text(json.dumps(results, indent=2))
    print(f"\nWritten to {OUT / 'register.json'}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--load-only":
        django_setup(sys.argv[2])
        print(f"{load(int(sys.argv[3]), int(sys.argv[4])):.1f}")
    else:
        main()
