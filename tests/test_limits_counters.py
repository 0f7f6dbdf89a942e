"""The atomic counters behind the rate limits (cxscan.ratelimit)."""

import time

import pytest
import time_machine

from cxscan import ratelimit
from cxscan.models import RateCount

pytestmark = pytest.mark.django_db


def test_a_count_passes_up_to_its_limit_then_starts_again_after_its_window():
    start = time.time()
    with time_machine.travel(start, tick=False):
        hits = [ratelimit.hit("test:a", 3, 60) for _ in range(5)]
        assert [h.count for h in hits] == [1, 2, 3, 4, 5]
        assert [h.allowed for h in hits] == [True, True, True, False, False]
        assert hits[-1].retry_after == pytest.approx(60)
        assert ratelimit.used("test:a") == 5
        assert ratelimit.hit("test:b", 3, 60).count == 1  # each key counts on its own
    with time_machine.travel(start + 61, tick=False):
        assert ratelimit.used("test:a") == 0
        assert ratelimit.hit("test:a", 3, 60).count == 1
        # A new window clears the rows whose windows ended.
        assert not RateCount.objects.filter(key="test:b").exists()


def test_exclusive_holds_one_at_a_time_and_is_taken_over_once_its_time_ran_out():
    with ratelimit.exclusive("test:lock", 30) as first:
        assert first
        with ratelimit.exclusive("test:lock", 30) as second:
            assert not second
    with ratelimit.exclusive("test:lock", 30) as after_release:
        assert after_release
    # A holder that died: its time runs out and the next caller takes over.
    start = time.time()
    with time_machine.travel(start, tick=False):
        holder = ratelimit.exclusive("test:dead", 30)
        assert holder.__enter__()  # never left: the process was killed
    with (
        time_machine.travel(start + 31, tick=False),
        ratelimit.exclusive("test:dead", 30) as taken_over,
    ):
        assert taken_over
