"""How the apps built on scoring add to its results without being imported.

Scoring sends these signals; `plans`, `workshops` and `reports` connect receivers in their
`AppConfig.ready()`. The dependencies stay one way: scoring never imports them.
"""

from django.dispatch import Signal

from checklists.panels import Panel  # one definition for every page that takes panels

# Sent once while a scan's results are presented (`presentation.present`), with `presentation`.
# A receiver returns its part of every output (a `presentation.Part`: the plan, the workshop,
# later the team survey), or None to add nothing. Every output reads the parts from
# `Presentation.parts`; a new part is a new receiver, not an edit of scoring.
results_presented = Signal()

# Sent while the results page (or a client manager's shared page) is built, with `scan`,
# `results`, `shared` and `presentation`. A receiver returns a Panel, or None to add nothing.
results_page = Signal()

__all__ = ["Panel", "results_page", "results_presented"]
