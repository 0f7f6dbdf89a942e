"""One client with one of everything a consultant can reach by URL (tests/test_access.py walks
every URL with it): `World.unchanged()` says nothing of it changed."""

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

import audit
from api.models import ApiToken
from audit.models import AuditEvent
from checklists.evidence import add_file
from checklists.models import EvidenceFile, Item, Organisation, Scan
from consultancies.models import Consultancy, Invitation, Membership
from narrative.models import NarrativeText
from plans.models import ImprovementAction, KpiBaseline
from privacy.models import OrganisationExport
from reports.models import ShareLink
from scoring.models import Target
from tests import evidence_files, factories
from workshops.models import Workshop


@dataclass
class World:
    organisation: Organisation
    scan: Scan
    action: ImprovementAction
    link: ShareLink
    evidence: EvidenceFile
    workshop: Workshop
    token: ApiToken
    membership: Membership
    export: OrganisationExport
    settings: tuple[bool, bool]  # the consultancy's: (contributes to benchmarks, requires MFA)

    def unchanged(self):
        organisation = Organisation.objects.get(pk=self.organisation.pk)
        assert organisation.name == "Acme Retail"
        assert set(organisation.consultants.values_list("username", flat=True)) == {"alice", "bob"}
        assert list(organisation.scans.values_list("title", flat=True)) == ["Scan 2026"]
        scan = Scan.objects.get(pk=self.scan.pk)
        assert (scan.status, scan.language) == (Scan.Status.IN_PROGRESS, "nl")  # the evidence
        assert list(scan.answers.values_list("item__code", "value", "note")) == [
            ("purpose-02", None, "")
        ]
        assert list(scan.actions.values_list("title", "impact")) == [("Betaallink", 3)]
        assert list(scan.share_links.values_list("revoked_at", flat=True)) == [None]
        baseline = KpiBaseline.objects.get(scan=scan)
        assert (baseline.orders_with_contact, baseline.orders) == (1, 10)
        assert list(EvidenceFile.objects.values_list("pk", flat=True)) == [self.evidence.pk]
        assert not Target.objects.exists()
        assert list(NarrativeText.objects.values_list("kind", "code", "text")) == [
            ("summary", "", "Onze woorden.")
        ]
        workshop = Workshop.objects.get()
        assert (workshop.pk, workshop.closed_at, workshop.current_item) == (
            self.workshop.pk,
            None,
            None,
        )
        assert not workshop.revealed
        assert not ApiToken.objects.get(pk=self.token.pk).is_revoked
        membership = Membership.objects.get(pk=self.membership.pk)
        assert (membership.user.username, membership.role) == ("alice", "consultant")
        assert membership.consultancy.name == "Kompas CX Advies"
        consultancy = membership.consultancy
        assert (consultancy.contributes_to_benchmarks, consultancy.require_mfa) == self.settings
        assert not Invitation.objects.exists()
        assert list(OrganisationExport.objects.values_list("pk", flat=True)) == [self.export.pk]


def make_world(scan, consultant) -> World:
    action = scan.actions.create(title="Betaallink", impact=3, effort=3, owner="Finance")
    link = ShareLink.objects.create(scan=scan, created_by=consultant)
    KpiBaseline.objects.create(scan=scan, orders_with_contact=1, orders=10)
    NarrativeText.objects.create(scan=scan, kind="summary", text="Onze woorden.")
    upload = SimpleUploadedFile("jaarverslag.pdf", evidence_files.pdf(), "application/pdf")
    evidence = add_file(scan, Item.objects.get(code="purpose-02"), upload, user=consultant)
    workshop = factories.workshop(scan, created_by=consultant)
    token, _secret = ApiToken.issue(consultant, "Power BI")
    export = OrganisationExport.objects.create(
        organisation=scan.organisation, requested_by=consultant
    )
    audit.record(None, AuditEvent.Action.SCAN_COMPLETED, scan, actor=consultant)
    consultancy = Consultancy.objects.get(pk=consultant.membership.consultancy_id)
    assert consultancy.contributes_to_benchmarks
    return World(
        scan.organisation,
        scan,
        action,
        link,
        evidence,
        workshop,
        token,
        consultant.membership,
        export,
        (consultancy.contributes_to_benchmarks, consultancy.require_mfa),
    )
