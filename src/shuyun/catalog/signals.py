"""Signals the warehouse sends after a commit, so other domains follow without being imported."""

from django.dispatch import Signal

# Sent after the transaction commits, with `work_ids` (a list of int) whose documents changed or
# were deleted; receivers (search indexing, identifier registration) look them up again.
works_changed = Signal()
