"""Demo data: a demo consultancy with its owner (the demo consultant), an organisation, a
completed scan with a plan and KPIs that follows up a scan of a year before, and one open."""

import os
import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from checklists.models import Answer, Area, Item, Organisation, Scan
from consultancies.models import Consultancy, Membership
from plans.models import ImprovementAction, KpiBaseline
from scoring import completion
from scoring.models import Results
from workshops.models import Participant, Vote, Workshop

DEMO_USERNAME = "demo"
DEMO_CONSULTANCY = "demo"  # the slug of the demo consultancy
DEFAULT_DEMO_PASSWORD = "cxscan-demo"  # a local demo account; set CXSCAN_DEMO_PASSWORD to change

# Answer ranges per area, so the demo results show a profile rather than noise.
AREA_RANGES = {"purpose": (2, 4), "journey": (1, 3), "ecosystem": (0, 3), "kpis": (0, 2)}
NOT_APPLICABLE = {"eco-buildings-05", "eco-delivery-04", "eco-delivery-05"}  # no fitting rooms…
NOTES = {
    "purpose-01": "Purpose staat op de website, maar medewerkers kennen hem nauwelijks.",
    "journey-01": "Team bestaat uit marketing en klantenservice; IT en finance ontbreken nog.",
    "eco-invoices-03": "Klanten bellen regelmatig met vragen over de factuur.",
    "eco-service-02": "Openingstijden 9–17 uur; het meeste webverkeer is 's avonds.",
    "kpis-01": "NPS alleen na aankoop gemeten, niet na contact met de klantenservice.",
}

YEAR = timedelta(days=365)
DROPS = [0, 0, 1, 1, 1, 2]  # how much lower each answer of the year before was

DEMO_ACTIONS = [  # (item, impact, effort, owner)
    ("kpis-01", 5, 3, "Hoofd klantenservice"),
    ("eco-invoices-02", 4, 1, "Finance"),
    ("journey-13", 3, 2, "Marketing"),
]


class Command(BaseCommand):
    help = (
        "Create a demo consultant, a demo organisation, one completed scan with varied answers "
        "that follows up a completed scan of a year before, and one scan in progress. Safe to "
        "run again: existing demo data is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-new",
            action="store_true",
            help="Only when the database has no accounts yet (what `make run` uses).",
        )

    @transaction.atomic
    def handle(self, *args, if_new=False, **options):
        User = get_user_model()
        if if_new and User.objects.exists():
            return
        password = os.environ.get("CXSCAN_DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
        consultant, created = User.objects.get_or_create(
            username=DEMO_USERNAME, defaults={"first_name": "Demo", "last_name": "Consultant"}
        )
        if created:
            consultant.set_password(password)
            consultant.save()
        consultancy, _ = Consultancy.objects.get_or_create(
            slug=DEMO_CONSULTANCY,
            defaults={"name": "Demo CX Advies", "contributes_to_benchmarks": True},
        )
        # The demo consultant owns the demo consultancy (its members page and settings).
        Membership.objects.get_or_create(
            user=consultant,
            defaults={"consultancy": consultancy, "role": Membership.Role.OWNER},
        )
        organisation, _ = Organisation.objects.get_or_create(
            name="Demo Retail B.V.",
            consultancy=consultancy,
            defaults={"sector": "Retail", "size_band": "50-249"},
        )
        organisation.consultants.add(consultant)
        completed = self.scan(organisation, consultant, "CX-scan 2026", share=1.0)
        if completed.status != Scan.Status.COMPLETED:
            earlier = self.earlier_scan(completed, consultant)
            self.plan(completed)
            self.workshop(completed, consultant)
            completion.complete(completed)
            self.backdate(earlier, completed.completed_at - YEAR)
            fresh = True
        else:
            fresh = False
        in_progress = self.scan(organisation, consultant, "Vervolgscan (in uitvoering)", share=0.3)
        if fresh:
            Scan.objects.filter(pk=in_progress.pk).update(previous=completed)
        if created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo consultant created. Log in at http://127.0.0.1:8000/ as "
                    f"{DEMO_USERNAME} with password {password}."
                )
            )
        else:
            self.stdout.write("Demo data exists already; left as it is.")

    def earlier_scan(self, scan, consultant):
        """The scan of a year before `scan`, completed, with somewhat lower answers: `scan`
        follows it up, so the comparison and the trend show progress on first run."""
        earlier = Scan.objects.create(
            organisation=scan.organisation,
            title="CX-scan 2025",
            created_by=consultant,
            status=Scan.Status.IN_PROGRESS,
        )
        rng = random.Random("a year earlier")
        Answer.objects.bulk_create(
            Answer(
                scan=earlier,
                item_id=answer.item_id,
                value=None if answer.value is None else max(0, answer.value - rng.choice(DROPS)),
                not_applicable=answer.not_applicable,
                answered_by=consultant,
            )
            for answer in scan.answers.all()
        )
        completion.complete(earlier)
        Scan.objects.filter(pk=scan.pk).update(previous=earlier)
        return earlier

    def backdate(self, scan, completed_at):
        """Move a completed scan (and its frozen results) back in time."""
        Scan.objects.filter(pk=scan.pk).update(
            created_at=completed_at - timedelta(days=30),
            updated_at=completed_at,
            completed_at=completed_at,
        )
        results = Results.objects.get(scan=scan)
        results.completed_at = completed_at
        results.document["computed_at"] = completed_at.isoformat()
        results.save(update_fields=["completed_at", "document"])

    def plan(self, scan):
        """A few improvement actions from the gaps, and a KPI baseline."""
        for code, impact, effort, owner in DEMO_ACTIONS:
            item = Item.objects.filter(code=code).first()
            if item:
                ImprovementAction.objects.create(
                    scan=scan,
                    item=item,
                    title=item.statement_nl,
                    impact=impact,
                    effort=effort,
                    owner=owner,
                )
        KpiBaseline.objects.create(
            scan=scan,
            nps_counts=[4, 2, 3, 5, 6, 10, 14, 30, 41, 38, 27],
            ces_counts=[12, 30, 41, 25, 10, 6, 2],
            csat_value=Decimal("78.5"),
            csat_period="Q3 2026",
            csat_source="Klanttevredenheidsonderzoek na levering",
            orders_with_contact=1840,
            orders=12600,
            roi_returns=90000,
            roi_investment=40000,
        )

    def scan(self, organisation, consultant, title, *, share):
        scan, created = Scan.objects.get_or_create(
            organisation=organisation,
            title=title,
            defaults={"created_by": consultant, "status": Scan.Status.IN_PROGRESS},
        )
        if not created:
            return scan
        rng = random.Random(title)
        items = Item.objects.active().select_related("area")
        answers = []
        for item in items:
            if rng.random() > share:
                continue
            low, high = AREA_RANGES.get(item.area.code, (0, 4))
            not_applicable = item.code in NOT_APPLICABLE
            answers.append(
                Answer(
                    scan=scan,
                    item=item,
                    value=None if not_applicable else rng.randint(low, high),
                    not_applicable=not_applicable,
                    note=NOTES.get(item.code, ""),
                    answered_by=consultant,
                )
            )
        Answer.objects.bulk_create(answers)
        return scan

    def workshop(self, scan, consultant):
        """A finished workshop on the Purpose area: six participants who do not always agree,
        and the consensus (the scan's answers) with a reason where they disagreed most."""
        workshop = Workshop.objects.create(scan=scan, created_by=consultant)
        workshop.areas.set(Area.objects.filter(code="purpose"))
        names = ["Marketing", "Klantenservice", "IT", "Finance", "Sales", ""]
        people = [Participant.objects.create(workshop=workshop, name=name) for name in names]
        rng = random.Random("workshop")
        answers = {a.item_id: a for a in scan.answers.filter(item__area__code="purpose")}
        votes = []
        for index, (item_id, answer) in enumerate(sorted(answers.items())):
            centre = answer.value if answer.value is not None else 2
            wide = index % 4 == 0  # every fourth statement: the room sees it differently
            for person in people:
                swing = rng.choice([-2, -1, 0, 1, 2] if wide else [0, 0, 0, 1])
                value = min(4, max(0, centre + swing))
                votes.append(
                    Vote(workshop=workshop, participant=person, item_id=item_id, value=value)
                )
            if wide:
                answer.note = "Besproken in de workshop: de teams zien dit verschillend."
                answer.save(update_fields=["note"])
        Vote.objects.bulk_create(votes)
        workshop.closed_at = timezone.now()
        workshop.save(update_fields=["closed_at"])
