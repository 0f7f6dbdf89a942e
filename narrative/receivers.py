"""What the consultant's words add to a scan's presentation (every output) and to the results
page (see `scoring.signals`), and forgetting a deleted account's name on its texts."""

from checklists.models import Scan
from scoring.presentation import Presentation
from scoring.signals import Panel

from .models import NarrativeText
from .page import board
from .part import NarrativePart
from .texts import narrative_part


def narrative_presented(sender, *, presentation: Presentation, **kwargs) -> NarrativePart:
    """The texts, falsy while nothing is written. One query."""
    return narrative_part(presentation.scan)


def narrative_panel(
    sender, *, scan: Scan, shared: bool, presentation: Presentation, **kwargs
) -> Panel | None:
    """The summary above the results and each commentary under its area's (or pillar's) table:
    the page includes the templates named `results_top` and `section_notes`. Editable unless
    shared; the shared page gets only what is written."""
    part = presentation.part(NarrativePart)
    if shared and not part:
        return None
    context = {
        "narrative_board": board(presentation, part, editable=not shared),
        "results_top": "narrative/_summary.html",
        "section_notes": "narrative/_sections.html",
    }
    return Panel("narrative/_panel.html", context)


def account_deleted(sender, instance, **kwargs) -> None:
    """The texts stay with their scan; the name of whoever wrote them goes with the account."""
    NarrativeText.objects.filter(written_by=instance).update(written_by_name="")
