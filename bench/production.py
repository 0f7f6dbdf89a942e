"""The production stack on the loopback, for the load benchmarks (workshop_load.py, load/run.py).

A PostgreSQL database the benchmark creates and drops, its schema and content, gunicorn and a
`manage.py db_worker` started with production settings on 127.0.0.1, and the CPU time of
processes read from /proc. Nothing here times anything: the benchmarks do.
"""

import contextlib
import io
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def server_environment(database_url: str) -> dict:
    """Production settings on the loopback: no DEBUG, a real key, plain http."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cxscan.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_PROXY": "false",
        # Plain http on 127.0.0.1: no redirect to https, and cookies a client sends over http.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        # No collectstatic: the benchmarks fetch pages, not the static files a browser caches.
        "STATIC_MANIFEST": "false",
        "LOG_LEVEL": "WARNING",
        # WhiteNoise warns that collectstatic never ran; the benchmarks need no static files.
        "PYTHONWARNINGS": "ignore:No directory at",
    }


@contextlib.contextmanager
def fresh_database(database_url: str):
    """Create the database named in the URL (it must not exist), drop it afterwards."""
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql") or not name:
        raise SystemExit(f"Not a PostgreSQL URL with a database name: {database_url}")
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    try:
        admin = psycopg.connect(maintenance, autocommit=True)
    except psycopg.OperationalError as error:
        raise SystemExit(
            f"Cannot connect to PostgreSQL at {parts.hostname}:{parts.port or 5432}: {error}\n"
            "Is it running (e.g. `pg_ctlcluster 15 main start`), and are the role and password "
            "in --database-url right?"
        ) from None
    with admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if found:
            raise SystemExit(
                f"Database {name} exists already. This script drops the database it uses, so it "
                "only uses one it creates: drop it yourself or pass another --database-url."
            )
        try:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.errors.InsufficientPrivilege:
            raise SystemExit(
                f"Role {parts.username} may not create databases: "
                f"ALTER ROLE {parts.username} CREATEDB (as a superuser)."
            ) from None
    try:
        yield name
    finally:
        from django.db import connections

        # FORCE ends whatever connection is left: closing them politely must not be what keeps
        # the database from being dropped (say, after an error that left one unusable).
        with contextlib.suppress(Exception):
            connections.close_all()
        with psycopg.connect(maintenance, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def migrate_and_load() -> None:
    """The schema and the checklist content, quietly."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    with contextlib.redirect_stdout(io.StringIO()):  # its summary line is not ours to print
        call_command("load_checklists", verbosity=0)


def open_workshop(user, organisation, area: str = "purpose"):
    """An in-progress scan of `organisation` with an open self-paced workshop on one area.
    Returns (workshop, the codes of that area's active statements in order)."""
    from checklists.models import Item, Scan
    from tests import factories
    from workshops.models import Workshop

    scan = factories.scan(
        organisation,
        title="Workshop",
        language="nl",
        created_by=user,
        status=Scan.Status.IN_PROGRESS,
    )
    workshop = factories.workshop(scan, areas=[area], pace=Workshop.Pace.SELF)
    codes = list(
        Item.objects.active()
        .filter(area__code=area)
        .order_by("position")
        .values_list("code", flat=True)
    )
    return workshop, codes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """SIGTERM (a graceful stop for gunicorn and db_worker), SIGKILL after 30 s."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def gunicorn(
    environment: dict,
    workers: int,
    log: Path,
    access: Path,
    access_format: str = "%({x-bench-pattern}i)s %(D)s",
    config: Path | None = None,
):
    """gunicorn on a free loopback port; yields (base URL, master pid) once it answers, stops it
    after. Its errors go to `log`, one line per request to `access` in `access_format`
    (gunicorn's access log atoms; %(D)s is the time inside the worker in µs); `config` is a
    gunicorn configuration file (hooks, a logger class)."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "cxscan.wsgi", "--workers", str(workers),
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
        "--access-logfile", str(access), "--access-logformat", access_format,
        *(["--config", str(config)] if config else []),
    ]  # fmt: skip
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=output)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise SystemExit(
                    f"gunicorn stopped at start (see {log}):\n{log.read_text()[-2000:]}"
                )
            try:
                urllib.request.urlopen(f"{base}/w/", timeout=10).read()
                break
            except OSError:  # not listening yet (URLError, ConnectionError), or too slow
                if time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not answer within 60 s (see {log})") from None
                time.sleep(0.2)
        yield base, server.pid
    finally:
        stop(server)


@contextlib.contextmanager
def db_worker(environment: dict, log: Path):
    """One `manage.py db_worker` (django-tasks-db) on the same settings; yields its pid."""
    command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload"]
    with log.open("w") as output:
        worker = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=output)
    try:
        time.sleep(0.5)
        if worker.poll() is not None:
            raise SystemExit(f"db_worker stopped at start (see {log}):\n{log.read_text()[-2000:]}")
        yield worker.pid
    finally:
        stop(worker)


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of these processes so far (Linux /proc; 0 elsewhere)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15
    return total / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.0


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, all cores (Linux /proc/stat;
    zeros elsewhere): what every process, ours or not, used."""
    with contextlib.suppress(OSError):
        fields = [int(f) for f in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle, iowait
        total = sum(fields[:8])  # up to steal; guest time is counted in user already
        tick = os.sysconf("SC_CLK_TCK")
        return (total - idle) / tick, total / tick
    return 0.0, 0.0


def children(pid: int) -> list[int]:
    with contextlib.suppress(OSError):
        return [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    return []


def postgres_pids() -> list[int]:
    """Every PostgreSQL server process on this machine (whoever's: other databases too)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    found.append(int(entry.name))
    return found


def server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]
