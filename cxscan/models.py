"""The counters behind the rate limits (cxscan.ratelimit): one row per limited thing."""

from django.db import models


class RateCount(models.Model):
    """How often `key` (a scope and whom it counts, e.g. "api:42") was used in the window that
    ends at `expires_at` (seconds since the epoch). Changed only by cxscan.ratelimit's atomic
    statements; an expired row is started afresh by the next use, or deleted."""

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.FloatField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count}"
