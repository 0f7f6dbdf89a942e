"""An organisation holding one of everything, for the export and erase tests (built with the
factories and the project's own services, as the app builds them)."""

from dataclasses import dataclass

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone

import audit
from audit.models import AuditEvent
from checklists.evidence import add_file
from checklists.models import AnswerChange, Item, Organisation, Scan
from cxscan import ratelimit
from narrative.texts import save_text
from plans.models import ImprovementAction, KpiBaseline
from privacy import exporter
from privacy.models import OrganisationExport
from reports.models import ShareLink, StoredReport
from scoring.models import Target
from tests import evidence_files, factories

STORED_PDF = b"%PDF-1.7\n% a stored report\n%%EOF\n"


@dataclass
class Everything:
    organisation: Organisation
    completed: Scan  # completed: results, stored reports, plan, KPIs, targets, a share link
    open: Scan  # its follow-up, open: carried-over answers, an evidence file, a workshop
    export: OrganisationExport


def organisation_with_everything(name: str, consultant, *, participant: str = "Eva") -> Everything:
    """An organisation with scans, answers, evidence files, results, stored reports (with their
    PDFs), a plan, KPIs, targets, the consultant's summary, a workshop with a participant's vote,
    a share link, rate-limit counts naming its reports, an answer's change, an audit event and a
    finished export ZIP."""
    organisation = factories.organisation(name, sector="Retail", consultants=[consultant])
    completed = factories.completed_scan(
        organisation,
        {"purpose-01": 3, "purpose-02": "na", "journey-01": 2},
        created_by=consultant,
        title=f"{name} 2025",
    )
    StoredReport.objects.filter(scan=completed).update(
        pdf=STORED_PDF, rendered_version=1, version=1
    )
    ImprovementAction.objects.create(scan=completed, title="Klantreis in kaart", impact=4, effort=2)
    KpiBaseline.objects.create(scan=completed, orders=1000, orders_with_contact=120)
    Target.objects.create(scan=completed, kind=Target.Kind.AREA, code="purpose", level=4)
    ShareLink.objects.create(scan=completed, created_by=consultant)
    save_text(completed, "summary", "", "Onze **samenvatting**.", consultant)
    follow_up = factories.follow_up(completed, user=consultant, carry_over=True)
    add_file(
        follow_up,
        Item.objects.get(code="purpose-01"),
        SimpleUploadedFile("jaarplan.pdf", evidence_files.pdf(), content_type="application/pdf"),
        user=consultant,
    )
    factories.workshop(follow_up, participants=[participant], votes={"purpose-01": [4]})
    AnswerChange.objects.create(
        answer=completed.answers.get(item__code="purpose-01"),
        user=consultant,
        username=consultant.get_username(),
        at=timezone.now(),
        old_choice="1",
        new_choice="3",
    )
    audit.record(None, AuditEvent.Action.SCAN_COMPLETED, completed, actor=consultant)
    for report in StoredReport.objects.filter(scan=completed):
        ratelimit.hit(f"reports:hurry:{report.pk}:{report.version}", 1, 60)
    ratelimit.hit(f"reports:draft:scan:{follow_up.pk}", 1, 60)
    export = OrganisationExport.objects.create(organisation=organisation, requested_by=consultant)
    exporter.make_export(export.pk)
    export.refresh_from_db()
    return Everything(organisation, completed, follow_up, export)


# Rows that point at an organisation but are not its data: they outlive it. The audit trail is
# the consultancy's record of who did what; erasing keeps its events with the organisation's name
# replaced (tests/test_privacy_erase.py), and the client's export leaves them out.
OUTLIVE_THE_ORGANISATION = {"audit.auditevent"}


def paths_to_organisation() -> dict[type[models.Model], str]:
    """Every model (auto-created many-to-many tables too) with a path of relations from its rows
    to an organisation, walked here on its own, not with the code under test."""
    found: dict[type[models.Model], str] = {Organisation: "pk"}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models(include_auto_created=True):
            if model in found:
                continue
            for field in model._meta.get_fields():
                target = getattr(field, "related_model", None)
                if field.concrete and field.is_relation and target in found:
                    lookup = found[target]
                    found[model] = field.name if lookup == "pk" else f"{field.name}__{lookup}"
                    changed = True
                    break
    return found
