"""Rate limits that hold across every server process: atomic counters in the database.

Each use of a limited thing adds one to its row in one statement (`INSERT … ON CONFLICT DO
UPDATE … RETURNING`, on PostgreSQL and SQLite alike), and the count that statement returns
decides. Two processes never read the same count, so 50 requests at once against a limit of 30
see 1 to 50 and exactly 30 pass. The cache is not used: Django's database cache increments with
a read and a write (two requests read the same number), and the local-memory cache is one per
process (each process would grant the whole limit). The database is the one thing every
process of the site already shares, so the limits hold with or without a shared cache.

Windows are fixed (e.g. a minute from the first use): a counter whose window ran out starts
again at 1. Expired rows are deleted whenever some counter starts a new window.

`exclusive` is a lock on the same rows: at most one holder of a key at a time, until it lets go
or its time runs out (a process killed while holding it).

A base module: apps import it; it imports no app.
"""

import contextlib
import secrets
import time
from dataclasses import dataclass

from django.db import connection

from .models import RateCount

TABLE = RateCount._meta.db_table


@dataclass(frozen=True)
class Hit:
    count: int  # this use's number in the window, 1 for the first
    limit: int
    retry_after: float  # seconds until the window ends

    @property
    def allowed(self) -> bool:
        return self.count <= self.limit


def hit(key: str, limit: int, window: float) -> Hit:
    """Count one use of `key`; allowed while the count stays within `limit` per `window`
    seconds. Uses past the limit are counted too (they do not free a place)."""
    now = time.time()
    table = connection.ops.quote_name(TABLE)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, count, expires_at) VALUES (%s, 1, %s) "
            f"ON CONFLICT (key) DO UPDATE SET "
            f"count = CASE WHEN {table}.expires_at <= %s THEN 1 ELSE {table}.count + 1 END, "
            f"expires_at = CASE WHEN {table}.expires_at <= %s THEN excluded.expires_at "
            f"ELSE {table}.expires_at END "
            f"RETURNING count, expires_at",
            [key, now + window, now, now],
        )
        count, expires_at = cursor.fetchone()
        if count == 1:
            cursor.execute(f"DELETE FROM {table} WHERE expires_at <= %s", [now])
    return Hit(count=count, limit=limit, retry_after=max(0.0, expires_at - now))


def used(key: str) -> int:
    """How often `key` was used in its current window (counting nothing)."""
    row = (
        RateCount.objects.filter(key=key, expires_at__gt=time.time())
        .values_list("count", flat=True)
        .first()
    )
    return row or 0


@contextlib.contextmanager
def exclusive(key: str, seconds: float):
    """Hold `key` for at most `seconds`; yields True when this caller holds it, False when
    someone else does. Released on leaving the block; a holder that died is replaced once its
    time ran out."""
    now = time.time()
    # The holder's mark: the end of its time plus a random fraction of a millisecond, so a
    # release deletes only its own hold, never one taken over after it ran out.
    mark = now + seconds + secrets.randbelow(1000) / 1e6
    table = connection.ops.quote_name(TABLE)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, count, expires_at) VALUES (%s, 1, %s) "
            f"ON CONFLICT (key) DO UPDATE SET count = 1, expires_at = excluded.expires_at "
            f"WHERE {table}.expires_at <= %s RETURNING count",
            [key, mark, now],
        )
        held = cursor.fetchone() is not None
    try:
        yield held
    finally:
        if held:
            RateCount.objects.filter(key=key, expires_at=mark).delete()
