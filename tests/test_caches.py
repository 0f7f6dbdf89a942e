"""CACHE_URL: local memory when unset, a table in the database (db://) or Redis shared by every
server process, and a clear refusal of anything else. Sessions stay in the database."""

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import RequestFactory

from cxscan import caches
from cxscan.caches import cache_from_url
from cxscan.models import RateCount
from workshops import limits


def test_no_cache_url_means_local_memory():
    assert cache_from_url("") == {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    assert cache_from_url("  ") == cache_from_url("")


def test_db_url_names_a_table():
    assert cache_from_url("db://cxscan_cache") == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cxscan_cache",
    }


@pytest.mark.parametrize("url", ["db://", "db://cache-table", "db://1cache", "db://cache/x"])
def test_db_url_with_a_bad_table_name_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="db://TABLE"):
        cache_from_url(url)


def test_redis_url_needs_the_redis_package(monkeypatch):
    monkeypatch.setattr(caches.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ImproperlyConfigured, match="pip install redis"):
        cache_from_url("redis://cache.internal:6379/0")


def test_redis_url_with_the_package_installed(monkeypatch):
    monkeypatch.setattr(caches.importlib.util, "find_spec", lambda name: object())
    url = "rediss://:hunter2@cache.internal:6380/1"
    assert cache_from_url(url) == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
    }


@pytest.mark.parametrize(
    "url",
    [
        "memcached://cache.internal:11211",
        "http://admin:hunter2@cache.internal",
        "cache.internal:6379",
        "redis://",
    ],
)
def test_other_urls_are_refused_without_repeating_them(url):
    with pytest.raises(ImproperlyConfigured) as refused:
        cache_from_url(url)
    assert "hunter2" not in str(refused.value)
    assert "cache.internal" not in str(refused.value)


def test_a_bad_cache_url_stops_the_start():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cxscan.settings", "CACHE_URL": "ftp://x"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: CACHE_URL starts with db://" in result.stderr


def test_sessions_live_in_the_database():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


@pytest.mark.django_db
def test_rate_limit_counts_live_in_the_database_not_the_cache(settings):
    """Every server process shares the database, so the counts hold across processes whatever
    the cache is (each process's own memory here)."""
    settings.CACHES = {"default": cache_from_url("")}
    request = RequestFactory().get("/w/", REMOTE_ADDR="203.0.113.9")
    # The counts are per minute: the clock stands still, so the test never crosses into the next.
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, 30, tzinfo=UTC), tick=False):
        for _ in range(limits.LIMITS["code"]):
            assert limits.allow(request, "code")
        cache.clear()  # another process, with a cache of its own
        assert RateCount.objects.get(key=limits._key(request, "code")).count == 30
        assert limits.exceeded(request, "code")
        assert not limits.allow(request, "code")


@pytest.mark.django_db
def test_health_checks_a_db_cache(settings, client):
    settings.CACHES = {"default": cache_from_url("db://cxscan_cache")}
    call_command("createcachetable")
    assert client.get("/health/", {"format": "json"}).json()["Cache(alias='default')"] == "OK"
    settings.CACHES = {"default": cache_from_url("db://no_such_table")}  # createcachetable not run
    response = client.get("/health/", {"format": "json"})
    assert response.status_code == 500
    assert response.json()["Cache(alias='default')"] == "Unavailable: The cache does not answer."
