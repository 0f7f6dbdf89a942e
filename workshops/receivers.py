"""What workshops add to scoring's results page and JSON export."""

from checklists.models import Scan
from scoring.signals import Panel

from . import room


def workshop_panel(sender, *, scan: Scan, shared: bool, **kwargs) -> Panel | None:
    """Where the team disagreed, per area; for the consultant also the way into the workshop."""
    workshop = scan.workshops.first()
    # Without a workshop there is nothing to show the client, and a completed scan takes no
    # new workshop: a heading over an invitation without its button would stand alone.
    if workshop is None and (shared or scan.is_completed):
        return None
    context = {
        "workshop": workshop,
        "workshop_summary": room.summary(workshop) if workshop else [],
        "shared": shared,
    }
    return Panel("workshops/_results_panel.html", context)


def workshop_export(sender, *, scan: Scan, **kwargs) -> dict:
    workshop = scan.workshops.first()
    return {"workshop": room.export(workshop) if workshop else None}
