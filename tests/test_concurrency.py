"""Completing a scan while autosaves are in flight: a save that says "Saved" is in the results.

Real concurrency: threads released together by a barrier, each with its own client and its own
database connection, against committed data (transactional tests). On PostgreSQL the saves and
the completion meet on the scan's row lock; on SQLite on its write lock.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from checklists.models import Answer, Item, Scan
from scoring.models import Results
from scoring.results import frozen_results
from tests.helpers import CONTENT_ROWS

ROUNDS = 8
SAVES = 20


def _in_threads(jobs):
    """Run the jobs at the same moment, one thread and one database connection each."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # reported by the test, not lost in a thread
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture(autouse=True)
def _renders_wait(settings):
    """The report renders that completions queue are beside the point here (test_stored_reports
    covers them): they wait in Django's dummy backend instead of running in the request thread."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_saves_racing_completion_are_in_the_frozen_results_or_refused(consultant, scan):
    CONTENT_ROWS.restore()  # transactional tests start from an emptied database
    items = list(Item.objects.active().order_by("area__position", "position")[:SAVES])
    saved_total = refused_total = 0
    for round_number in range(ROUNDS):
        Scan.objects.filter(pk=scan.pk).update(status=Scan.Status.IN_PROGRESS)
        Results.objects.filter(scan=scan).delete()
        Answer.objects.filter(scan=scan).delete()
        Answer.objects.bulk_create(Answer(scan=scan, item=item, value=0) for item in items)
        clients = [_client(consultant) for _ in range(SAVES + 1)]

        def save(client, code):
            url = reverse("checklists:autosave", args=[scan.pk, code])
            return client.post(url, {f"value-{code}": "4"}).status_code

        def complete(client=clients[-1]):
            return client.post(reverse("scoring:complete", args=[scan.pk])).status_code

        # The completion goes in the middle of the saves, so some come before and some after.
        jobs = [
            (lambda client=client, code=item.code: save(client, code))
            for client, item in zip(clients, items, strict=False)
        ]
        jobs.insert(SAVES // 2, complete)
        statuses = _in_threads(jobs)
        completion = statuses.pop(SAVES // 2)

        assert completion == 302, f"round {round_number}: completing answered {completion}"
        scan.refresh_from_db()
        assert scan.status == Scan.Status.COMPLETED
        frozen = {item.code: item.value for item in frozen_results(scan).items}
        stored = dict(Answer.objects.filter(scan=scan).values_list("item__code", "value"))
        for item, status in zip(items, statuses, strict=True):
            assert status in (200, 409), f"round {round_number}, {item.code}: {status}"
            expected = 4 if status == 200 else 0
            assert frozen[item.code] == expected, f"round {round_number}, {item.code}"
            # Nothing changes after completion: the database holds what was frozen.
            assert stored[item.code] == expected, f"round {round_number}, {item.code}"
        saved_total += statuses.count(200)
        refused_total += statuses.count(409)
    # Both outcomes happened, so the race was really run (not all before or all after).
    assert saved_total and refused_total, (saved_total, refused_total)


@pytest.mark.django_db(transaction=True)
def test_two_completions_at_once_freeze_once(consultant, scan):
    CONTENT_ROWS.restore()
    Answer.objects.create(scan=scan, item=Item.objects.active().first(), value=3)
    clients = [_client(consultant) for _ in range(4)]
    url = reverse("scoring:complete", args=[scan.pk])
    statuses = _in_threads(
        [lambda client=client: client.post(url).status_code for client in clients]
    )
    assert statuses == [302] * 4
    scan.refresh_from_db()
    assert scan.status == Scan.Status.COMPLETED and frozen_results(scan).overall.score == 75.0


@pytest.mark.django_db(transaction=True)
def test_a_save_commits_while_another_connection_is_in_the_middle_of_a_read(consultant, scan):
    """A long read (a report being rendered, an export) never holds up an autosave: on
    PostgreSQL readers take no lock a writer waits for, and SQLite writes ahead to its log (with
    a rollback journal the save's commit would wait for the reader to finish)."""
    CONTENT_ROWS.restore()
    item = Item.objects.active().order_by("area__position", "position").first()
    reading, saved = threading.Event(), threading.Event()

    def read():
        # A query still being read (as an export streams its rows): in autocommit, no
        # transaction of Django's, only the statement's own read.
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM checklists_item ORDER BY id")
            cursor.fetchone()
            reading.set()
            saved.wait(timeout=60)
            cursor.fetchall()
        return "read"

    def save():
        reading.wait(timeout=60)
        url = reverse("checklists:autosave", args=[scan.pk, item.code])
        status = _client(consultant).post(url, {f"value-{item.code}": "3"}).status_code
        saved.set()
        return status

    assert _in_threads([read, save]) == ["read", 200]
    assert Answer.objects.get(scan=scan, item=item).value == 3
