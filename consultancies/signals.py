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
