"""The cache from the environment: `CACHE_URL`, or each process's own memory when it is unset.

Imported by the settings, so it imports nothing of Django's that needs them.
"""

import importlib.util
import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

LOCAL_MEMORY = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def cache_from_url(url: str) -> dict:
    """The `CACHES["default"]` entry for a `CACHE_URL`:

    - empty: local memory, one cache per server process (development, a single process);
    - `db://TABLE`: a table in the app's own database (Django's DatabaseCache), shared by every
      process that uses the database; no other service or package. `manage.py createcachetable`
      creates the table;
    - `redis://…` or `rediss://…` (TLS): Django's RedisCache, which needs the `redis` package
      (`pip install redis`; it is not among our requirements).

    Anything else stops the start with ImproperlyConfigured. The messages never repeat the URL:
    it may hold a password.
    """
    url = url.strip()
    if not url:
        return dict(LOCAL_MEMORY)
    scheme = urlsplit(url).scheme.lower()
    if scheme == "db":
        table = urlsplit(url).netloc
        if not TABLE_NAME.fullmatch(table) or urlsplit(url).path.strip("/"):
            raise ImproperlyConfigured(
                "CACHE_URL db://TABLE names a database table of letters, digits and _, "
                "such as db://cxscan_cache."
            )
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}
    if scheme in {"redis", "rediss"}:
        if not urlsplit(url).hostname:
            raise ImproperlyConfigured("CACHE_URL redis://HOST:PORT/DB needs a host.")
        if importlib.util.find_spec("redis") is None:
            raise ImproperlyConfigured(
                "CACHE_URL redis://… needs the redis package: pip install redis."
            )
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(
        "CACHE_URL starts with db://, redis:// or rediss:// (see README.md)."
    )
