"""The audit trail: who did what, when, from which address (app `audit`).

Later apps record an event with `audit.record(request, action, obj, ...)`; checklists, which
comes before audit, sends signals that `audit/receivers.py` turns into events.
"""

from typing import Any


def record(request, action, obj=None, **kwargs) -> Any:
    """`audit.events.record`, importable as `audit.record` without loading models with the app."""
    from .events import record as record_event

    return record_event(request, action, obj, **kwargs)
