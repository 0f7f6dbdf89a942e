"""What workshops add to a scan's presentation (every output) and to the results page."""

from checklists.models import Scan
from scoring.presentation import Presentation
from scoring.signals import Panel

from .room import WorkshopPart, workshop_part


def workshop_presented(sender, *, presentation: Presentation, **kwargs) -> WorkshopPart:
    return workshop_part(presentation.scan)


def workshop_panel(
    sender, *, scan: Scan, shared: bool, presentation: Presentation, **kwargs
) -> Panel | None:
    """Where the team disagreed, per area; for the consultant also the way into the workshop."""
    part = presentation.part(WorkshopPart)
    # Without a workshop there is nothing to show the client, and a completed scan takes no
    # new workshop: a heading over an invitation without its button would stand alone.
    if part.workshop is None and (shared or scan.is_completed):
        return None
    context = {"workshop": part.workshop, "workshop_summary": part.summary, "shared": shared}
    return Panel("workshops/_results_panel.html", context)
