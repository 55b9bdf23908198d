"""Load benchmark: the production server (gunicorn with ``algoscope.config.gunicorn``) under a realistic mix.

    .venv/bin/python bench/bench_load.py                      # 100,000 records, 16 clients, SQLite and PostgreSQL
    .venv/bin/python bench/bench_load.py --records 5000 --seconds 20 --skip-postgres

It loads N published records (``bench_register.load``: the same generator as the search benchmark), publishes a
FRIA on one of them and makes an editor's API token, then serves each database with gunicorn as documented in
docs/operations.md and has concurrent clients (each with its own connection and address) send, for a fixed time, a
mix of what residents, journalists and the organisations' systems ask for:

- searches with facets, as pages and through the API; record pages; the API's record list and record detail;
  the Atom feeds; the FRIA PDF (laid out once, then from the media cache); and a few writes (an editor's system
  creating drafts with its token).

It prints requests per second, p50/p95/p99 for the whole mix and for each kind, and the errors (any answer that is
not the expected status), and writes the figures to bench/out/load.json. The anonymous limit on heavy endpoints is
raised for the run (every client is on 127.0.0.1): the benchmark measures serving, ``tests/security`` the limit.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_register import BIN, OUT, ROOT, SECRET, django_setup, free_port, load, server_env, stop, wait_for

TOKEN_FILE = "bench-token.txt"
# kind → (weight, expected status); the paths of each kind are drawn per request from the loaded records
MIX: dict[str, tuple[int, int]] = {
    "search page": (18, 200),
    "search API": (14, 200),
    "record page": (24, 200),
    "API list": (10, 200),
    "API record": (18, 200),
    "feed": (6, 200),
    "FRIA PDF": (4, 200),
    "draft write": (1, 201),
    "home": (5, 200),
}
WORDS = ["risico", "algorithme", "model", "parkeren", "données", "Gemeinde", "camera", "uitkering"]
FACETS = [
    {"country": "BE"},
    {"policy_domain": "taxes"},
    {"organisation_type": "municipal"},
    {"lifecycle_status": "operational"},
    {},
]


def prepare(database_url: str, records: int, seed: int, work: Path) -> float:
    """Load the records (in this process), then the FRIA and the token; returns the loading time."""
    django_setup(database_url)
    seconds = load(records, seed)
    from django.contrib.auth import get_user_model

    from algoscope.accounts.models import Membership, Organisation
    from algoscope.accounts.permissions import Actor
    from algoscope.accounts.services.tokens import api_token_create
    from algoscope.aiact import services as aiact
    from algoscope.aiact.engine.fria import fria_form
    from algoscope.register import services as register
    from algoscope.register.models import Algorithm

    organisation = Organisation.objects.order_by("pk").first()
    assert organisation is not None
    people = {}
    for role in ("editor", "reviewer"):
        user = get_user_model().objects.create_user(username=f"bench.{role}", password="bench-password-0123")
        Membership.objects.create(user=user, organisation=organisation, role=role)
        people[role] = Actor(user=user)
    record = Algorithm.objects.filter(organisation=organisation).order_by("pk").first()
    assert record is not None
    answers = {key: f"Answer about {key}." for key in fria_form().keys}
    aiact.fria_save(actor=people["editor"], algorithm=record, answers=answers, summary="Summary.", complete=True)
    register.algorithm_submit(actor=people["editor"], algorithm=record)
    register.algorithm_publish(actor=people["reviewer"], algorithm=record, change_summary="FRIA")
    _token, secret = api_token_create(actor=people["editor"], organisation=organisation, name="bench", role="editor")
    (work / TOKEN_FILE).write_text(f"{secret}\n{record.public_id}\n{organisation.pk}\n")
    return seconds


def serve(database_url: str, media: Path) -> tuple[subprocess.Popen[bytes], int]:
    """gunicorn as in production: its settings module, the worker count it computes from the cores."""
    port = free_port()
    env = {
        **server_env(database_url),
        "ALGOSCOPE_DATA_DIR": str(media.parent),
        "ALGOSCOPE_BIND": f"127.0.0.1:{port}",
        "ALGOSCOPE_ANONYMOUS_HEAVY_RATE": "1000000/m",
    }
    command = [str(BIN / "gunicorn"), "-c", "python:algoscope.config.gunicorn", "algoscope.config.wsgi"]
    command += ["--access-logfile", "/dev/null", "--log-level", "warning"]
    return subprocess.Popen(command, env=env, start_new_session=True), port


def record_ids(database_url: str, limit: int = 5000) -> list[str]:
    if database_url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            rows = connection.execute(
                "SELECT public_id FROM register_algorithm WHERE published_version_id IS NOT NULL LIMIT ?", (limit,)
            ).fetchall()
    else:
        import psycopg

        with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as connection:
            rows = connection.execute(
                "SELECT public_id FROM register_algorithm WHERE published_version_id IS NOT NULL LIMIT %s", (limit,)
            ).fetchall()
    return [row[0] for row in rows]


def request_for(kind: str, rng: random.Random, ids: list[str], fria: str, org: str) -> tuple[str, str, bytes | None]:
    """(method, path, body) of one request of ``kind``."""
    language = rng.choice(["nl", "fr", "de", "en"])
    if kind == "search page":
        return "GET", f"/{language}/?" + urlencode({"q": rng.choice(WORDS), **rng.choice(FACETS)}), None
    if kind == "search API":
        query = {"q": rng.choice(WORDS), **rng.choice(FACETS), "language": language}
        return "GET", "/api/v1/search/?" + urlencode(query), None
    if kind == "record page":
        return "GET", f"/{language}/algorithms/{rng.choice(ids)}/", None
    if kind == "API list":
        return "GET", "/api/v1/algorithms/?" + urlencode({"limit": 20, **rng.choice([{}, {"country": "BE"}])}), None
    if kind == "API record":
        return "GET", f"/api/v1/algorithms/{rng.choice(ids)}", None
    if kind == "feed":
        search_feed = "/feeds/search.atom?" + urlencode({"q": rng.choice(WORDS)})
        return "GET", rng.choice(["/feeds/publications.atom", search_feed]), None
    if kind == "FRIA PDF":
        return "GET", f"/{language}/algorithms/{fria}/fria.pdf", None
    if kind == "draft write":
        content = {
            "original_language": "nl",
            "name": {"nl": f"Concept {rng.random()}"},
            "lifecycle_status": "development",
            "publication_category": "other",
        }
        body = {"content": content}
        return "POST", "/api/v1/algorithms/", json.dumps(body).encode()
    return "GET", f"/{language}/", None


def _client_process(
    port: int, ids: list[str], token_file: Path, numbers: list[int], seconds: float, seed: int
) -> tuple[dict[str, list[float]], dict[str, int], list[tuple[str, str, int, bytes]], float, float, float]:
    """The clients ``numbers`` as threads of one process, each with its own keep-alive connection; with their
    latencies, answers from the public cache and errors, when they started and ended (the epoch's seconds: the
    processes start one by one), and the CPU seconds the process used."""
    secret, fria, org = token_file.read_text().split()
    kinds, weights = list(MIX), [w for w, _status in MIX.values()]
    latencies: dict[str, list[float]] = {kind: [] for kind in MIX}
    hits: dict[str, int] = dict.fromkeys(MIX, 0)
    errors: list[tuple[str, str, int, bytes]] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        rng = random.Random(seed * 100 + n)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        stop_at = time.perf_counter() + seconds
        while time.perf_counter() < stop_at:
            kind = rng.choices(kinds, weights)[0]
            method, path, body = request_for(kind, rng, ids, fria, org)
            headers = {"X-Forwarded-For": f"10.0.{n}.1"}
            if body is not None:
                headers |= {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                status = response.status
                hit = response.getheader("X-Algoscope-Cache") == "hit"
            except (OSError, http.client.HTTPException) as exc:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                status, data, hit = 0, repr(exc).encode(), False
            elapsed = time.perf_counter() - started
            with lock:
                latencies[kind].append(elapsed)
                hits[kind] += hit
                if status != MIX[kind][1]:
                    errors.append((kind, path, status, data[:200]))

    threads = [threading.Thread(target=client, args=(n,)) for n in numbers]
    began, cpu = time.time(), time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, hits, errors, began, time.time(), time.process_time() - cpu


def server_cpu_seconds(group: int) -> float:
    """CPU seconds (user + system) of the server's process group: its live processes, and the workers the master
    has replaced and reaped (its children's times)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) != group:  # the process group, after state and parent
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
        if int(stat.parent.name) == group:
            total += int(fields[13]) + int(fields[14])  # cutime, cstime: reaped workers
    return total / tick


def run_mix(
    port: int,
    ids: list[str],
    token_file: Path,
    clients: int,
    seconds: float,
    seed: int,
    processes: int = 1,
    server: int | None = None,
) -> dict[str, Any]:
    """``clients`` concurrent clients send requests drawn from MIX for ``seconds``, as threads of ``processes``
    processes (one by default: more lock-free clients also take more of the cores the server needs). With the
    server's process group, the CPU it and the clients used."""
    processes = max(1, min(clients, processes))
    groups = [list(range(clients))[i::processes] for i in range(processes)]
    latencies: dict[str, list[float]] = {kind: [] for kind in MIX}
    hits: dict[str, int] = dict.fromkeys(MIX, 0)
    errors: list[tuple[str, str, int, bytes]] = []
    spans, client_cpu = [], 0.0
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        arguments = [(port, ids, token_file, numbers, seconds, seed) for numbers in groups]
        server_cpu = server_cpu_seconds(server) if server else float("nan")
        for part, part_hits, part_errors, began, ended, cpu in pool.starmap(_client_process, arguments):
            for kind, values in part.items():
                latencies[kind] += values
                hits[kind] += part_hits[kind]
            errors += part_errors
            spans.append((began, ended))
            client_cpu += cpu
        server_cpu = server_cpu_seconds(server) - server_cpu if server else float("nan")
    wall = max(ended for _began, ended in spans) - min(began for began, _ended in spans)
    every = sorted(x for values in latencies.values() for x in values)
    return {
        "requests": len(every),
        "requests_per_s": len(every) / wall,
        # Where the two cores went: the server (all its workers) and the clients, in cores used on average, and
        # the server's CPU per request, the figure that does not depend on what else shares the machine.
        "server_cores": server_cpu / wall,
        "client_cores": client_cpu / wall,
        "server_cpu_ms_per_request": server_cpu / max(1, len(every)) * 1000,
        **_percentiles(every),
        "errors": len(errors),
        "error_examples": [
            {"kind": k, "path": p, "status": s, "body": b.decode(errors="replace")} for k, p, s, b in errors[:5]
        ],
        "by_kind": {
            kind: {"requests": len(v), "cache_hits": hits[kind], **_percentiles(sorted(v))}
            for kind, v in latencies.items()
            if v
        },
    }


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}

    def at(q: float) -> float:
        return values[min(len(values) - 1, int(len(values) * q))] * 1000

    return {"p50_ms": statistics.median(values) * 1000, "p95_ms": at(0.95), "p99_ms": at(0.99)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60, help="how long the mix runs on each database")
    parser.add_argument("--warm-up", type=float, default=20, help="seconds of the same mix before measuring")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--client-processes", type=int, default=1, help="processes the clients run in (threads of each share a lock)"
    )
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument(
        "--postgres-url",
        help="a PostgreSQL database an earlier run loaded (its token in <reuse>/postgresql/), instead of a new cluster",
    )
    parser.add_argument(
        "--reuse", type=Path, help="the work folder of an earlier run: its SQLite file is migrated and used"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    work = args.reuse or Path(tempfile.mkdtemp(prefix="algoscope-load-"))
    results: dict[str, Any] = {
        "records": args.records,
        "clients": args.clients,
        "seconds": args.seconds,
        "mix": {k: w for k, (w, _s) in MIX.items()},
        "cores": os.cpu_count(),
    }
    runs = [("SQLite", f"sqlite:///{work / 'sqlite' / 'db.sqlite3'}")]
    cluster = None
    if args.postgres_url:
        runs.append(("PostgreSQL", args.postgres_url))
    elif not args.skip_postgres:
        sys.path.insert(0, str(ROOT / "src"))
        from algoscope.testing.postgres import TemporaryPostgres

        cluster = TemporaryPostgres.start()
        runs.append(("PostgreSQL", cluster.url))
    try:
        for label, url in runs:
            folder = work / label.lower()
            folder.mkdir(exist_ok=True)
            env = {**os.environ, "ALGOSCOPE_DATA_DIR": str(folder), "ALGOSCOPE_ENV_FILE": "/nonexistent"}
            reused = label == "SQLite" or args.postgres_url
            if args.reuse and reused and (folder / TOKEN_FILE).exists():
                print(f"{label}: reusing {folder}", flush=True)
                migrate = [sys.executable, "-m", "algoscope", "migrate", "-v0"]
                subprocess.run(migrate, check=True, env={**env, "DATABASE_URL": url, "ALGOSCOPE_SECRET_KEY": SECRET})
                load_s = float("nan")
            else:
                print(f"{label}: loading {args.records:,} records …", flush=True)
                loader = subprocess.run(
                    [sys.executable, __file__, "--prepare", url, str(args.records), str(args.seed), str(folder)],
                    check=True,
                    capture_output=True,
                    text=True,
                    env=env,
                )
                load_s = float(loader.stdout.strip().splitlines()[-1])
            # Every run starts with no cached answers: the warm-up, not an earlier run, fills the cache.
            shutil.rmtree(folder / "cache", ignore_errors=True)
            process, port = serve(url, folder / "media")
            try:
                wait_for(port, "/health/")
                ids = record_ids(url)
                # Warm up: every worker loads its code, translations and facet index, the PDFs are laid out once per
                # language; the figures are the steady state that follows.
                run_mix(
                    port, ids, folder / TOKEN_FILE, args.clients, args.warm_up, args.seed + 1, args.client_processes
                )
                result = run_mix(
                    port,
                    ids,
                    folder / TOKEN_FILE,
                    args.clients,
                    args.seconds,
                    args.seed,
                    args.client_processes,
                    server=process.pid,
                )
            finally:
                stop(process)
            result["reference_s"] = reference_s()
            results[label] = {"load_s": load_s, **result}
            print(_table(label, result), flush=True)
    finally:
        if cluster:
            cluster.stop()
    (OUT / "load.json").write_text(json.dumps(results, indent=2))
    print(f"\nWritten to {OUT / 'load.json'}")


def reference_s() -> float:
    """Seconds a fixed piece of pure Python takes here, just after a run: this machine's speed has varied by half
    within minutes, so two runs' requests/s compare only beside their reference times (the fastest of three)."""

    def once() -> float:
        started, total = time.perf_counter(), 0
        for n in range(5_000_000):
            total += n
        return time.perf_counter() - started

    return min(once() for _ in range(3))


def _table(label: str, result: dict[str, Any]) -> str:
    lines = [
        f"\n{label}: {result['requests']:,} requests, {result['requests_per_s']:.0f} req/s, "
        f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms, "
        f"errors {result['errors']}",
        f"  CPU: server {result['server_cores']:.2f} cores ({result['server_cpu_ms_per_request']:.1f} ms a request), "
        f"clients {result['client_cores']:.2f} cores; reference loop {result['reference_s']:.2f} s (the machine's "
        "speed: lower is faster)",
        f"  {'kind':14} {'requests':>9} {'cached':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}",
    ]
    for kind, row in result["by_kind"].items():
        cached = row["cache_hits"] / row["requests"]
        times = f"{row['p50_ms']:8.0f} {row['p95_ms']:8.0f} {row['p99_ms']:8.0f}"
        lines.append(f"  {kind:14} {row['requests']:9,} {cached:7.0%} {times}")
    for example in result["error_examples"]:
        lines.append(f"  error: {example}")
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--prepare":
        print(f"{prepare(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5])):.1f}")
    else:
        main()
