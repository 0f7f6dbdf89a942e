"""How the apps built on scoring add to its results page and JSON export without being imported.

Scoring sends these signals while it builds a page or an export; `plans` and `reports` connect
receivers in their `AppConfig.ready()`. The dependencies stay one way: scoring never imports them.
"""

from django.dispatch import Signal

from checklists.models import Scan
from checklists.panels import Panel  # one definition for every page that takes panels

# Sent while the results page (or a client manager's shared page) is built, with `scan`,
# `results` and `shared`. A receiver returns a Panel, or None to add nothing.
results_page = Signal()

# Sent while the JSON export is built, with `scan`; a receiver returns a dict of extra keys.
results_export = Signal()


__all__ = ["Panel", "export_extras", "panels", "results_export", "results_page"]


def panels(scan: Scan, results, *, shared: bool) -> list[Panel]:
    responses = results_page.send(sender=Scan, scan=scan, results=results, shared=shared)
    # django-stubs type a receiver's answer as a string; it is whatever the receiver returns.
    return [panel for _receiver, panel in responses if panel is not None]  # type: ignore[misc]


def export_extras(scan: Scan) -> dict:
    extras: dict = {}
    for _receiver, extra in results_export.send(sender=Scan, scan=scan):
        extras |= extra or {}  # type: ignore[arg-type]  # a dict: the stubs say a string
    return extras
