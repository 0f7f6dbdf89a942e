"""Fill the database with synthetic completed scans, to measure and try out the benchmark.

    manage.py seed_benchmark --organisations 2000 --scans 10000

Each organisation gets a sector and a size band; each scan a score per area and pillar drawn
around its sector's typical maturity (organisations differ, later scans score a little higher),
with levels from the current level bounds. Only what benchmarks and lists read is stored: the
results document and section rows, without answers or statements, so 10,000 scans take
seconds. The organisations are named "Synthetic …", belong to the consultancy "Synthetic peers"
(which contributes to benchmarks) and have no consultants (platform staff and that
consultancy's owners see them);
`--delete` removes them and their scans again.
"""

import random
from datetime import datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from checklists.models import Area, MaturityLevel, Organisation, Pillar, Scan
from consultancies.models import Consultancy
from scoring import engine, record
from scoring.completion import section_results
from scoring.models import Results, SectionResult
from scoring.results import both

PREFIX = "Synthetic "
CONSULTANCY_SLUG = "synthetic-peers"


def synthetic_consultancy() -> Consultancy:
    """The consultancy the synthetic organisations belong to; it contributes to benchmarks."""
    return Consultancy.objects.get_or_create(
        slug=CONSULTANCY_SLUG,
        defaults={"name": "Synthetic peers", "contributes_to_benchmarks": True},
    )[0]


# Sector: typical overall score. The spread between sectors is what makes peers matter.
SECTORS = {
    "Retail": 52,
    "Financial services": 58,
    "Healthcare": 44,
    "Public sector": 38,
    "Telecom": 55,
    "Energy": 46,
    "Logistics": 42,
    "Software": 61,
}
SIZE_BANDS = [band for band, _label in Organisation.SizeBand.choices]
SIZE_SHARES = [0.2, 0.35, 0.3, 0.15]
BATCH = 2000


class Command(BaseCommand):
    help = "Fill the database with synthetic completed scans (for benchmarks and load tests)."

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=2000)
        parser.add_argument("--scans", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=2026, help="random seed (2026)")
        parser.add_argument(
            "--delete", action="store_true", help="remove the synthetic organisations and stop"
        )

    def handle(self, *args, organisations, scans, seed, delete, **options):
        if delete:
            removed = delete_synthetic()
            self.stdout.write(f"Removed {removed} synthetic organisations and their scans.")
            return
        if organisations < 1 or scans < organisations:
            raise CommandError("Give at least one organisation and at least one scan for each.")
        if organisations > 100_000 or scans > 1_000_000:
            raise CommandError("At most 100,000 organisations and 1,000,000 scans.")
        content = Content.load()
        start = timezone.now()
        with transaction.atomic():
            made = seed_scans(content, organisations, scans, random.Random(seed))
        seconds = (timezone.now() - start).total_seconds()
        self.stdout.write(
            f"Made {organisations} organisations and {made} completed scans in {seconds:.1f} s."
        )


class Content:
    """The areas, pillars and levels the synthetic results are written in."""

    def __init__(self, areas, pillars, levels):
        self.areas, self.pillars, self.levels = areas, pillars, levels
        self.bounds = [engine.LevelBound(level.number, level.lower_bound) for level in levels]
        self.level_records = [
            record.Level(
                level.number, level.lower_bound, both(level, "name"), both(level, "description")
            )
            for level in levels
        ]

    @classmethod
    def load(cls) -> "Content":
        content = cls(
            list(Area.objects.all()), list(Pillar.objects.all()), list(MaturityLevel.objects.all())
        )
        if not (content.areas and content.pillars and content.levels):
            raise CommandError("Load the checklist content first: manage.py load_checklists")
        return content

    def section(self, obj, score: float, coverage: float) -> record.Section:
        level = engine.level_for(engine.Fraction(round(score * 10), 10), self.bounds)
        empty = {"nl": "", "en": ""}
        return record.Section(
            code=obj.code if obj else "",
            name=both(obj, "name") if obj else empty,
            description=both(obj, "description") if obj else empty,
            score=score,
            level=level,
            coverage=coverage,
            answered=0,
            scored=0,
            total=0,
        )


def seed_scans(content: Content, organisations: int, scans: int, rng: random.Random) -> int:
    sectors = list(SECTORS)
    consultancy = synthetic_consultancy()
    made_organisations = Organisation.objects.bulk_create(
        Organisation(
            consultancy=consultancy,
            name=f"{PREFIX}{sector} {number:05d}",
            sector=sector,
            size_band=rng.choices(SIZE_BANDS, SIZE_SHARES)[0],
        )
        for number in range(1, organisations + 1)
        for sector in [sectors[number % len(sectors)]]
    )
    # Every organisation one scan, the rest spread at random: some have many, most a few.
    owners = made_organisations + rng.choices(made_organisations, k=scans - organisations)
    now = timezone.now()
    plans = []  # (organisation, completed_at, order among its scans)
    by_organisation: dict[int, list] = {}
    for organisation in owners:
        by_organisation.setdefault(organisation.pk, []).append(organisation)
    for group in by_organisation.values():
        days = sorted(rng.sample(range(30, 3 * 365), len(group)), reverse=True)
        plans += [
            (organisation, now - timedelta(days=day), order)
            for order, (organisation, day) in enumerate(zip(group, days, strict=True))
        ]

    # organisation id -> its latest completion: those results are marked latest
    newest: dict[int, datetime] = {}
    for organisation, completed_at, _order in plans:
        newest[organisation.pk] = max(newest.get(organisation.pk, completed_at), completed_at)
    made = 0
    for start in range(0, len(plans), BATCH):
        batch = plans[start : start + BATCH]
        created = Scan.objects.bulk_create(
            Scan(
                organisation=organisation,
                title=f"CX-scan {completed_at:%Y-%m}",
                status=Scan.Status.COMPLETED,
                completed_at=completed_at,
            )
            for organisation, completed_at, _order in batch
        )
        records = [
            synthetic_results(content, organisation, order, completed_at, rng)
            for organisation, completed_at, order in batch
        ]
        stored = [
            Results(
                scan=scan,
                version=results.version,
                document=results.to_document(),
                completed_at=completed_at,
                is_latest=completed_at == newest[scan.organisation_id],
            )
            for scan, (_o, completed_at, _order), results in zip(
                created, batch, records, strict=True
            )
        ]
        insert_rows(Results, stored)
        insert_rows(
            SectionResult,
            [
                row
                for results_row, results in zip(stored, records, strict=True)
                for row in section_results(results_row, results)
            ],
        )
        made += len(created)
    return made


def insert_rows(model, objects) -> None:
    """INSERT the objects with one prepared statement run for many rows (executemany): about
    four times as fast as bulk_create, which writes out every row's values into its SQL."""
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key or field.remote_field
    ]
    fields = [field for field in fields if not isinstance(field, models.AutoField)]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    rows = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def synthetic_results(
    content: Content, organisation, order: int, completed_at, rng
) -> record.ScanResults:
    """Scores around the sector's typical level: the organisation's own lean, a little better
    with every later scan, and some noise per section."""
    lean = rng.gauss(0, 9)
    centre = SECTORS[organisation.sector] + lean + 3 * order

    def draw(spread):
        return max(0.0, min(100.0, round(rng.gauss(centre, spread), 1)))

    def coverage():
        return round(rng.choice([1.0, 1.0, 0.95, 0.9, 0.8, 0.6, 0.4]), 4)

    areas = [content.section(area, draw(8), coverage()) for area in content.areas]
    pillars = [content.section(pillar, draw(10), 1.0) for pillar in content.pillars]
    overall_score = round(sum(area.score or 0 for area in areas) / len(areas), 1)  # all scored
    overall = content.section(
        None, overall_score, round(sum(a.coverage for a in areas) / len(areas), 4)
    )
    return record.ScanResults(
        computed_at=completed_at.isoformat(),
        levels=content.level_records,
        overall=overall,
        areas=areas,
        pillars=pillars,
        items=[],
    )


def delete_synthetic() -> int:
    organisations = Organisation.objects.filter(name__startswith=PREFIX, consultants=None)
    count = organisations.count()
    with transaction.atomic():
        # Scans first: answers protect items, results hang off scans; all cascade from here.
        Scan.objects.filter(organisation__in=organisations).delete()
        organisations.delete()
    return count
