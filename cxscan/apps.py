"""The project package as an app: the rate-limit counters (cxscan.models) and what must be
connected at start."""

from django.apps import AppConfig


class CxscanConfig(AppConfig):
    name = "cxscan"
    verbose_name = "CX Maturity Scan"

    def ready(self):
        from django.tasks.signals import task_finished

        from .logging import log_task_finished

        task_finished.connect(log_task_finished, dispatch_uid="cxscan.log_task_finished")
