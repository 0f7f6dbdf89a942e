"""The README's production steps, run on a fresh copy of the project.

The copy has no `staticfiles/`, no database and no virtualenv, as after `git clone`: the
commands from README's "Production on PostgreSQL" run in it (on SQLite, with DEBUG unset), then
the WSGI application that gunicorn would load answers requests for pages and their static files.
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

# The copy runs on a SQLite database of its own whatever the tests use: CI's PostgreSQL pass
# leaves it out (.ci/run), as it would only repeat the SQLite pass's run.
pytestmark = pytest.mark.own_database

HOST = "scan.example.com"

# Calls the WSGI application gunicorn loads (`cxscan.wsgi`) for each path given, as a request for
# the allowed host forwarded over https by the proxy (plain http with FETCH_PLAIN_HTTP, as a load
# balancer asks), and prints status, headers and body as JSON on the last line of stdout (the
# app's log lines come before it).
FETCH = """
import json, os, sys
from wsgiref.util import setup_testing_defaults
from cxscan.wsgi import application

answers = {}
for path in sys.argv[1:]:
    environ = {"PATH_INFO": path, "HTTP_HOST": os.environ["ALLOWED_HOSTS"]}
    if not os.environ.get("FETCH_PLAIN_HTTP"):
        environ["HTTP_X_FORWARDED_PROTO"] = "https"
    setup_testing_defaults(environ)
    started = {}
    def start_response(status, headers, exc_info=None):
        started.update(status=int(status.split()[0]), headers=dict(headers))
    result = application(environ, start_response)
    body = b"".join(result)
    getattr(result, "close", lambda: None)()
    answers[path] = {**started, "body": body.decode("utf-8", "replace")}
print(json.dumps(answers))
"""


def readme_production_commands() -> list[list[str]]:
    """The `manage.py` commands of README's production section, in order."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Production on PostgreSQL", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    return [
        shlex.split(line.split("#", 1)[0])[2:]
        for line in block.splitlines()
        if line.startswith(".venv/bin/python manage.py ")
    ]


@pytest.fixture(scope="module")
def fresh_copy(tmp_path_factory) -> Path:
    """The project's files as a clone has them: tracked or new, not ignored (.venv, staticfiles)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        check=True,
    ).stdout.decode()
    target = tmp_path_factory.mktemp("clone")
    for name in filter(None, listed.split("\0")):
        source = Path(settings.BASE_DIR) / name
        if source.is_file():  # a file deleted in the working tree is still listed
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    assert not (target / "staticfiles").exists()
    return target


@pytest.fixture(scope="module")
def production_env(fresh_copy) -> dict[str, str]:
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DEBUG", "SECRET_KEY", "STATIC_", "DJANGO_", "DATABASE_URL"))
    }
    return {
        **inherited,
        "SECRET_KEY": "k" * 20 + "q8WmZ2xL7vR4tY9pN3sB6cF1hJ5gD0aE",
        "ALLOWED_HOSTS": HOST,
        "BEHIND_PROXY": "true",
        "DATABASE_URL": f"sqlite:///{fresh_copy / 'db.sqlite3'}",
    }


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    # The timeout only guards against a hang; collectstatic takes a few seconds.
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def deployed(fresh_copy, production_env) -> Path:
    """The copy after every `manage.py` step of the README, each of which must succeed."""
    commands = readme_production_commands()
    names = [command[0] for command in commands]
    assert {"migrate", "collectstatic", "check"} <= set(names), commands
    for command in commands:
        result = run(["manage.py", *command], fresh_copy, production_env)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        if command[:2] == ["check", "--deploy"]:
            assert "System check identified no issues" in result.stdout, result.stdout
    return fresh_copy


def fetch(deployed: Path, env: dict[str, str], *paths: str) -> dict[str, dict]:
    result = run(["-c", FETCH, *paths], deployed, env)
    assert result.returncode == 0, result.stderr
    *log, last = result.stdout.splitlines()
    answers = json.loads(last)
    for answer in answers.values():
        answer["log"] = "\n".join(log) + result.stderr  # the traceback of a server error
    return answers


def test_readme_production_steps_serve_pages_and_hashed_static_files(deployed, production_env):
    pages = fetch(deployed, production_env, "/", "/accounts/login/")
    for path, answer in pages.items():
        assert answer["status"] == 200, (path, answer["log"][-3000:])

    stylesheet = re.search(r'href="(/static/vendor/bootstrap/[^"]+\.css)"', pages["/"]["body"])
    assert stylesheet, pages["/"]["body"][:2000]
    css_url = stylesheet.group(1)
    # A content hash in the name: browsers may cache it for good.
    assert re.fullmatch(r"/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css", css_url)

    css = fetch(deployed, production_env, css_url)[css_url]
    assert css["status"] == 200
    assert css["headers"]["Content-Type"].startswith("text/css")
    assert "Bootstrap" in css["body"][:500]
    assert "immutable" in css["headers"]["Cache-Control"]


def test_health_check_answers_a_load_balancer_over_plain_http(deployed, production_env):
    plain = {**production_env, "FETCH_PLAIN_HTTP": "1"}
    answers = fetch(deployed, plain, "/health/", "/")
    assert answers["/health/"]["status"] == 200, answers["/health/"]["log"][-3000:]
    assert "Database(alias=&#x27;default&#x27;)" in answers["/health/"]["body"]
    assert answers["/"]["status"] == 301  # every other page goes to https
    assert "/health/" not in answers["/"]["log"]  # not logged per hit; the page is
