"""Background tasks of the reports app, run by `manage.py db_worker` (django-tasks-db)."""

from django.tasks import task

from . import stored


@task
def render_report_task(scan_id: int, language: str, variant: str = "") -> str:
    """Render a scan's stored report in one language (a client's `variant`, or the consultant's),
    if it is out of date: what happened."""
    return stored.render_stored(scan_id, language, variant)
