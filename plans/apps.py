from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Improvement plans and KPIs")

    def ready(self):
        from scoring.signals import results_export, results_page

        from . import receivers

        results_page.connect(receivers.plan_panel, dispatch_uid="plans.plan_panel")
        results_export.connect(receivers.plan_export, dispatch_uid="plans.plan_export")
