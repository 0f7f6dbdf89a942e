"""The settings read from the environment: known spellings only; anything else stops the start.

The readers' spellings are checked in this process; the start-up cases import cxscan.settings in
a fresh interpreter with the variable set, as a server would, and read the setting back (or the
error it stopped with).
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cxscan.settings import env_bool, env_float, env_int

# Prints the named settings as JSON on the last line of stdout.
READ = """
import json, sys
import cxscan.settings as s
print(json.dumps({name: getattr(s, name) for name in sys.argv[1:]}, default=str))
"""


# Variables of the developer's shell that would change what is read.
OWN = ("DEBUG", "DJANGO_", "SESSION_", "CSRF_", "SECURE_", "AXES_", "CXSCAN_", "EMAIL_")


def start(env: dict[str, str], *names: str) -> subprocess.CompletedProcess:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(OWN)}
    return subprocess.run(
        [sys.executable, "-c", READ, *names],
        cwd=settings.BASE_DIR,
        env={**inherited, **env},
        capture_output=True,
        text=True,
    )


def read(env: dict[str, str], *names: str) -> dict:
    result = start(env, *names)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize("spelling", ["1", "true", "True", "YES", "on", " on "])
def test_a_true_spelling_reads_as_yes(monkeypatch, spelling):
    monkeypatch.setenv("CXSCAN_SOME_SWITCH", spelling)
    assert env_bool("CXSCAN_SOME_SWITCH", default=False) is True


@pytest.mark.parametrize("spelling", ["0", "false", "False", "NO", "off"])
def test_a_false_spelling_reads_as_no(monkeypatch, spelling):
    monkeypatch.setenv("CXSCAN_SOME_SWITCH", spelling)
    assert env_bool("CXSCAN_SOME_SWITCH", default=True) is False


@pytest.mark.parametrize("value", [None, "", " "])
def test_unset_or_empty_reads_as_the_default(monkeypatch, value):
    for name in ("CXSCAN_SOME_SWITCH", "CXSCAN_SOME_COUNT", "CXSCAN_SOME_SHARE"):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert env_bool("CXSCAN_SOME_SWITCH", default=True) is True
    assert env_int("CXSCAN_SOME_COUNT", 5) == 5
    assert env_float("CXSCAN_SOME_SHARE", 0.5) == 0.5


@pytest.mark.parametrize(
    ("reader", "value", "words"),
    [
        (env_bool, "ture", ("true", "false")),
        (lambda name: env_int(name, 1), "five", ("whole number",)),
        (lambda name: env_int(name, 1), "1y", ("whole number",)),
        (lambda name: env_float(name, 0.5), "0,5", ("number", "0.5")),
    ],
)
def test_the_refusal_says_what_is_accepted(monkeypatch, reader, value, words):
    monkeypatch.setenv("CXSCAN_SOME_VALUE", value)
    with pytest.raises(ImproperlyConfigured) as refused:
        reader("CXSCAN_SOME_VALUE")
    assert f"CXSCAN_SOME_VALUE={value!r}" in str(refused.value)
    for word in words:
        assert word in str(refused.value)


# Start-up: the settings read their variables with these readers.


def test_a_security_setting_is_read_at_start_up():
    # DEBUG off: the cookie's default is on, so only the variable can turn it off.
    assert read({"SESSION_COOKIE_SECURE": "off"}, "SESSION_COOKIE_SECURE") == {
        "SESSION_COOKIE_SECURE": False
    }
    # DEBUG on: the cookie's default is off, so only the variable can turn it on.
    assert read({"DEBUG": "true", "SESSION_COOKIE_SECURE": " on "}, "SESSION_COOKIE_SECURE") == {
        "SESSION_COOKIE_SECURE": True
    }


def test_unset_or_empty_gives_the_default_at_start_up():
    names = ("SESSION_COOKIE_SECURE", "AXES_FAILURE_LIMIT", "CXSCAN_MIN_COVERAGE")
    defaults = {"SESSION_COOKIE_SECURE": True, "AXES_FAILURE_LIMIT": 5, "CXSCAN_MIN_COVERAGE": 0.5}
    assert read({}, *names) == defaults
    empty = {"SESSION_COOKIE_SECURE": "", "AXES_FAILURE_LIMIT": " ", "CXSCAN_MIN_COVERAGE": ""}
    assert read(empty, *names) == defaults


def test_numbers_are_read_at_start_up():
    found = read(
        {"AXES_FAILURE_LIMIT": "8", "CXSCAN_MIN_COVERAGE": "0.75"},
        "AXES_FAILURE_LIMIT",
        "CXSCAN_MIN_COVERAGE",
    )
    assert found == {"AXES_FAILURE_LIMIT": 8, "CXSCAN_MIN_COVERAGE": 0.75}


@pytest.mark.parametrize(
    ("name", "value", "word"),
    [("SESSION_COOKIE_SECURE", "ture", "true"), ("SECURE_HSTS_SECONDS", "1y", "number")],
)
def test_a_bad_value_stops_the_start_naming_it(name, value, word):
    result = start({name: value}, name)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured:")
    assert f"{name}={value!r}" in last
    assert word in last
