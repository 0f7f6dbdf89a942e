"""How apps built on checklists add to its pages without being imported by it.

`checklists` sends `organisation_page` while it builds an organisation's page; a receiver (in
an app further down the one-way order) returns a Panel, or None to add nothing.
"""

from dataclasses import dataclass, field

from django.dispatch import Signal

# Sent with `organisation` and `user` while the organisation page is built.
organisation_page = Signal()


@dataclass
class Panel:
    """A part of a page: a template included in it, and its context.

    The context is merged into the page's, so a panel can also offer page-wide values.
    `actions`, if given, is a template included among the page's buttons at its top.
    """

    template: str
    context: dict = field(default_factory=dict)
    actions: str = ""


def organisation_panels(organisation, user) -> list[Panel]:
    responses = organisation_page.send(sender=None, organisation=organisation, user=user)
    # django-stubs type a receiver's answer as a string; it is whatever the receiver returns.
    return [panel for _receiver, panel in responses if panel is not None]  # type: ignore[misc]
