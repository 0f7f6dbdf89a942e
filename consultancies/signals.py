"""What the consultancies app tells the apps built on it."""

from django.dispatch import Signal

# A member left their consultancy (sender: the Consultancy; `user`): later apps drop what tied
# them to its clients (checklists: their organisation assignments). Sent inside the transaction.
member_removed = Signal()
