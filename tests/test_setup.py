"""Set-up and deployment: the admin account, production settings and the server's key check."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from consultancies.models import Consultancy

pytestmark = pytest.mark.django_db


def run_python(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ensure_admin_creates_an_account_and_prints_the_password(capsys):
    call_command("ensure_admin")
    out = capsys.readouterr().out
    user = get_user_model().objects.get(is_superuser=True)
    assert user.is_superuser and user.username == "admin"
    password = out.split("password ")[1].split()[0]
    assert user.check_password(password)


def test_ensure_admin_takes_the_password_from_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("CXSCAN_ADMIN_PASSWORD", "a-long-chosen-password")
    call_command("ensure_admin")
    assert get_user_model().objects.get().check_password("a-long-chosen-password")
    assert "a-long-chosen-password" not in capsys.readouterr().out


def test_ensure_admin_does_nothing_when_an_admin_exists(admin_user):
    call_command("ensure_admin")
    assert get_user_model().objects.count() == 1


def test_ensure_admin_makes_the_first_consultancy_once(capsys, monkeypatch):
    monkeypatch.setenv("CXSCAN_CONSULTANCY_NAME", "Kompas CX Advies")
    call_command("ensure_admin")
    call_command("ensure_admin")
    first = Consultancy.objects.get()
    assert (first.name, first.slug) == ("Kompas CX Advies", "kompas-cx-advies")
    assert first.contributes_to_benchmarks  # the first one does; new ones do not by default
    assert not first.memberships.exists()  # the admin is platform staff, in no consultancy


def test_production_settings_pass_the_deploy_check():
    result = run_python(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 20 + "q8WmZ2xL7vR4tY9pN3sB6cF1hJ5gD0aE",
        ALLOWED_HOSTS="scan.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_server_refuses_the_development_key_without_debug():
    result = run_python("-c", "import cxscan.wsgi")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
    assert run_python("-c", "import cxscan.wsgi", DEBUG="true").returncode == 0
