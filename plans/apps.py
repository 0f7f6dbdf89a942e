from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Improvement plans and KPIs")

    def ready(self):
        from scoring.signals import results_page, results_presented

        from . import receivers

        results_presented.connect(receivers.plan_presented, dispatch_uid="plans.plan")
        results_page.connect(receivers.plan_panel, dispatch_uid="plans.plan_panel")
