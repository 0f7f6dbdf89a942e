"""Every bench script runs, at its smallest size: a bench that no longer starts fails here, not
the next time someone measures. The figures are not checked (a benchmark reports, never fails);
only that the script exits 0 and prints its table.

Each runs as a subprocess, as a person runs it, on its own throw-away database: SQLite in /tmp
for the benches, run when the tests run on SQLite (CI's first pass); a PostgreSQL database of
their own, created and dropped, for the two load tests, run when the tests run on PostgreSQL
(CI's second pass). `-m "not bench"` leaves them all out of a quick run."""

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))

# (script, its smallest size, a line of the table it prints). benchmark_bench: the 8th synthetic
# organisation is the first in Retail, the sector of the "typical" scan it times.
BENCHES = [
    ("scan_bench.py", "--n 1 --warmup 0", "scan page"),
    (
        "scoring_bench.py",
        "--single 1 --bulk 1 --bulk-runs 1 --distinct 1 --n 1 --warmup 0",
        "results done",
    ),
    ("report_bench.py", "--n 1 --warmup 0 --downloads 1", "render_report"),
    ("workshop_bench.py", "--n 1 --warmup 0 --participants 2 --profile-calls 0", "vote"),
    ("api_bench.py", "--n 1 --warmup 0", "api scans"),
    ("compare_bench.py", "--n 1 --warmup 0", "compare"),
    ("benchmark_bench.py", "--organisations 8 --scans 8 --n 1 --warmup 0", "benchmark"),
]


def database_of_its_own(url: str) -> str:
    """The tests' PostgreSQL URL with a database name nobody uses (the load tests create it)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/cxscan_bench_{uuid.uuid4().hex[:12]}"))


def run(script: str, *arguments: str, template: Path | None = None) -> subprocess.CompletedProcess:
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    if template is not None:  # the benches copy it instead of migrating (bench/scan_bench.py)
        environment["BENCH_DATABASE_TEMPLATE"] = str(template)
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def assert_ran(result: subprocess.CompletedProcess, table_line: str) -> None:
    shown = f"stdout:\n{result.stdout[-3000:]}\nstderr:\n{result.stderr[-3000:]}"
    assert result.returncode == 0, shown
    assert any(line.startswith(table_line) for line in result.stdout.splitlines()), shown


pytestmark = pytest.mark.bench


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A SQLite database migrated and loaded once, with `make run`'s commands, for every bench
    here: migrating took 3.7 of each bench's 5.5 s of set-up."""
    database = tmp_path_factory.mktemp("bench") / "template.sqlite3"
    environment = {
        **{name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"},
        "DATABASE_URL": f"sqlite:///{database}",
    }
    for command in (["migrate", "--noinput"], ["load_checklists"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v", "0"],
            cwd=ROOT,
            env=environment,
            check=True,
            capture_output=True,
        )
    return database


# These make a SQLite database of their own whatever the tests run on: once per CI run is enough.
@pytest.mark.skipif(ON_POSTGRES, reason="runs on SQLite whatever the tests use: the SQLite pass")
@pytest.mark.parametrize(
    ("script", "arguments", "table_line"), BENCHES, ids=[script for script, *_ in BENCHES]
)
def test_a_bench_script_runs_at_its_smallest_size(script, arguments, table_line, template):
    # scan_bench holds the set-up every bench shares: it migrates and loads as a person's run does.
    copied = None if script == "scan_bench.py" else template
    assert_ran(run(script, *arguments.split(), template=copied), table_line)


def test_every_bench_script_is_run_here():
    scripts = {path.name for path in (ROOT / "bench").glob("*_bench.py")}
    assert scripts == {script for script, _arguments, _line in BENCHES}


@pytest.mark.skipif(not ON_POSTGRES, reason="the load tests need PostgreSQL (DATABASE_URL)")
def test_the_workshop_load_test_runs_at_its_smallest_size():
    # Two rounds: one of each pattern (a burst, then one vote each second), both summed up.
    arguments = ["--participants", "2", "--votes", "1", "--rounds", "2", "--workers", "1"]
    result = run(
        "workshop_load.py", "--database-url", database_of_its_own(DATABASE_URL), *arguments
    )
    assert_ran(result, "burst, client")


@pytest.mark.skipif(not ON_POSTGRES, reason="the load tests need PostgreSQL (DATABASE_URL)")
def test_the_busy_day_load_test_runs_at_its_smallest_size():
    # 6 s: every user waits 2-6 s between requests, so each has sent one (1 s may see none).
    arguments = ["--duration", "6", "--consultants", "1", "--participants", "1", "--workers", "1"]
    result = run("load/run.py", "--database-url", database_of_its_own(DATABASE_URL), *arguments)
    assert_ran(result, "total")
