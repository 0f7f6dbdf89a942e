"""The settings read from the environment: known spellings only; anything else stops the start.

Each case imports cxscan.settings in a fresh interpreter with the variable set, as a server
would on start-up, and reads the setting back (or the error it stopped with).
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

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
def test_a_true_spelling_turns_a_setting_on(spelling):
    # DEBUG on: the cookie's default is off, so only the variable can turn it on.
    found = read({"DEBUG": "true", "SESSION_COOKIE_SECURE": spelling}, "SESSION_COOKIE_SECURE")
    assert found == {"SESSION_COOKIE_SECURE": True}


@pytest.mark.parametrize("spelling", ["0", "false", "False", "NO", "off"])
def test_a_false_spelling_turns_a_setting_off(spelling):
    # DEBUG off: the cookie's default is on, so only the variable can turn it off.
    found = read({"SESSION_COOKIE_SECURE": spelling}, "SESSION_COOKIE_SECURE")
    assert found == {"SESSION_COOKIE_SECURE": False}


def test_unset_or_empty_gives_the_default():
    names = ("SESSION_COOKIE_SECURE", "AXES_FAILURE_LIMIT", "CXSCAN_MIN_COVERAGE")
    assert read({}, *names) == {
        "SESSION_COOKIE_SECURE": True,
        "AXES_FAILURE_LIMIT": 5,
        "CXSCAN_MIN_COVERAGE": 0.5,
    }
    empty = {"SESSION_COOKIE_SECURE": "", "AXES_FAILURE_LIMIT": " ", "CXSCAN_MIN_COVERAGE": ""}
    assert read(empty, *names) == read({}, *names)


def test_numbers_are_read():
    found = read(
        {"AXES_FAILURE_LIMIT": "8", "CXSCAN_MIN_COVERAGE": "0.75"},
        "AXES_FAILURE_LIMIT",
        "CXSCAN_MIN_COVERAGE",
    )
    assert found == {"AXES_FAILURE_LIMIT": 8, "CXSCAN_MIN_COVERAGE": 0.75}


@pytest.mark.parametrize("name", ["SESSION_COOKIE_SECURE", "DEBUG", "BEHIND_PROXY"])
def test_a_typo_in_a_yes_no_setting_stops_the_start_naming_it(name):
    result = start({name: "ture"}, name)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured:")
    assert f"{name}='ture'" in last
    assert "true" in last and "false" in last  # the accepted values


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("AXES_FAILURE_LIMIT", "five"),
        ("SECURE_HSTS_SECONDS", "1y"),
        ("EMAIL_PORT", "smtp"),
        ("CXSCAN_MIN_COVERAGE", "0,5"),
    ],
)
def test_a_number_that_is_not_one_stops_the_start_naming_it(name, value):
    result = start({name: value}, name)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured:")
    assert f"{name}={value!r}" in last
    assert "number" in last
