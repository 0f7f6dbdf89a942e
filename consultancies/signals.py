"""What the consultancies app tells the apps built on it."""

from django.dispatch import Signal

# A member left their consultancy (sender: the Consultancy; `user`; `request` when a person
# removed them): later apps drop what tied
# them to its clients (checklists: their organisation assignments). Sent inside the transaction.
member_removed = Signal()

# A member joined (an invitation accepted) or had their role changed (sender: the Consultancy;
# `membership`; `request` when a person did it): the audit trail records it, as it records
# member_removed. Sent inside the transaction.
member_added = Signal()
member_role_changed = Signal()

# An owner added, changed or removed the consultancy's identity provider, or turned "single
# sign-on only" on or off (sender: the Consultancy; `consultancy`; `change`: "added", "changed",
# "removed" or "sso_only"; `fields`: the names of what changed, never a value; `request`): the
# audit trail records it. Sent inside the transaction.
sso_changed = Signal()
