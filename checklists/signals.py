"""Signals checklists sends for apps later in the one-way order (the audit trail).

`content_changed` is sent by the admin of checklists' models (`checklists.admin.AuditedAdmin`)
after staff add or change an object and before they delete some, with `request`, `objects` (a
list) and `change` ("added", "changed" or "deleted"); an import through the admin sends it once
with `change` "imported", no objects, and `counts` (rows new, updated, deleted, skipped). The
admin's "activate"/"deactivate" actions send "changed" with the items and `details`.

`evidence_downloaded` is sent when someone downloads an evidence file, with `request` and
`file` (the EvidenceFile). Checklists never imports the receivers.
"""

from django.dispatch import Signal

ADDED, CHANGED, DELETED, IMPORTED = "added", "changed", "deleted", "imported"

content_changed = Signal()

evidence_downloaded = Signal()
