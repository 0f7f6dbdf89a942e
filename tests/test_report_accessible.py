"""The PDF report is tagged (PDF/UA-1): a screen reader gets the document's language and title,
headings in order, tables with header cells and every chart with a text alternative naming its
values. Read from the PDF's structure tree with pikepdf."""

import io
import itertools

import pikepdf
import pytest

from checklists.models import Item
from plans.models import ImprovementAction
from reports.report import render_report
from scoring import completion
from scoring.results import frozen_results
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged_scan(scan):
    scan.language = "en"
    scan.save()
    values = [4, 3, 2, 1, 0]
    items = Item.objects.active().filter(area__code__in=["purpose", "journey", "kpis"])
    factories.answer_items(scan, {item.code: values[i % 5] for i, item in enumerate(items)})
    ImprovementAction.objects.create(scan=scan, title="Map the returns journey", impact=5, effort=2)
    completion.complete(scan)
    return scan


def structure(pdf: bytes) -> tuple[pikepdf.Pdf, list[tuple[str, pikepdf.Dictionary]]]:
    """The PDF and its structure elements in reading order: (type, element)."""
    document = pikepdf.open(io.BytesIO(pdf))
    found: list[tuple[str, pikepdf.Dictionary]] = []

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.append((str(node.S)[1:], node))
            if "/K" in node:
                walk(node.K)

    walk(document.Root.StructTreeRoot.K)
    return document, found


@pytest.mark.parametrize("appendix", [True, False])
def test_the_report_is_tagged_with_language_title_headings_tables_and_figures(
    tagged_scan, appendix
):
    document, elements = structure(render_report(tagged_scan, "en", appendix=appendix))
    assert str(document.Root.Lang) == "en"
    assert "CX maturity report" in str(document.docinfo["/Title"])
    assert document.Root.MarkInfo.Marked
    kinds = [kind for kind, _element in elements]
    headings = [kind for kind in kinds if kind in ("H1", "H2", "H3")]
    assert headings[0] == "H1" and "H2" in headings
    # No heading skips a level on its way down (H1 → H3 without an H2 between).
    for before, after in itertools.pairwise(headings):
        assert int(after[1]) <= int(before[1]) + 1, (before, after)
    assert "Table" in kinds and "TH" in kinds and "TD" in kinds
    figures = [element for kind, element in elements if kind == "Figure"]
    assert len(figures) >= 3  # two radars and the matrix (and the logo, if any)
    assert all(str(figure.get("/Alt", "")).strip() for figure in figures)


def test_each_charts_text_alternative_names_every_value(tagged_scan):
    _document, elements = structure(render_report(tagged_scan, "en"))
    alts = [str(element.Alt) for kind, element in elements if kind == "Figure"]
    results = frozen_results(tagged_scan)
    areas = next(alt for alt in alts if alt.startswith("Areas"))
    for area in results.areas:
        assert area.name["en"] in areas
        assert (f"{area.score:.1f}" if area.score is not None else "–") in areas
    pillars = next(alt for alt in alts if alt.startswith("Pillars"))
    for pillar in results.pillars:
        assert pillar.name["en"] in pillars
    matrix = next(alt for alt in alts if "Map the returns journey" in alt)
    assert "impact 5" in matrix and "effort 2" in matrix
