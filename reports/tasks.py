"""The render task's old address, for the rows queued under it before it moved.

The task is defined beside its work, in reports.stored. A database queue (django-tasks-db)
stores each task by its dotted path, and rows queued before the move name
`reports.tasks.render_report_task`: this name keeps them runnable (the worker imports the path)
and findable (`stored.TASK_PATHS`). Nothing imports this module; it imports stored, one way.
"""

from .stored import render_report_task

__all__ = ["render_report_task"]
