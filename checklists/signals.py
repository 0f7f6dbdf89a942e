"""Signals checklists sends for apps later in the one-way order (the audit trail).

`content_changed` is sent by the admin of checklists' models (`checklists.admin.AuditedAdmin`)
after staff add or change an object and before they delete some, with `request`, `objects` (a
list) and `change` ("added", "changed" or "deleted"). Checklists never imports the receiver.
"""

from django.dispatch import Signal

ADDED, CHANGED, DELETED = "added", "changed", "deleted"

content_changed = Signal()
