"""The XLSX and CSV exports: what they hold (read back with openpyxl and csv, checked against
the database), their language, the formula-injection guard, and who may download them."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from checklists.models import Answer, EvidenceFile, Item, Organisation
from plans.models import ImprovementAction, KpiBaseline
from scoring import completion
from scoring.results import results_for
from tests import factories
from tests.helpers import elements

pytestmark = pytest.mark.django_db

DANGEROUS = ["=1+1", "+31 6 1234", "-2 points", "@SUM(A1:A9)", "\tcmd|' /C calc'!A0", "\rx"]
# The fullwidth and small forms of = + - @ (Unicode compatibility forms of the same characters).
DANGEROUS += ["＝1+1", "＋31 6 1234", "－2 points", "＠SUM(A1:A9)", "﹦1+1", "﹢1", "﹣1", "﹫x"]


def nl(text):
    """A header as the Dutch catalogue has it (new strings stay English until translated)."""
    with translation.override("nl"):
        return translation.gettext(text)


def xlsx_url(scan):
    return reverse("reports:export_xlsx", args=[scan.pk])


def csv_url(scan):
    return reverse("reports:export_csv", args=[scan.pk])


def workbook(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def records(sheet):
    """The rows of a sheet as dicts keyed by the header row (up to the first empty row)."""
    rows = sheet.iter_rows(values_only=True)
    header = next(rows)
    found = []
    for row in rows:
        if all(value is None for value in row):
            break
        found.append(dict(zip(header, row, strict=True)))
    return found


def csv_rows(response, delimiter=";"):
    """The rows of a CSV export; Dutch scans are separated by semicolons (Dutch Excel's list
    separator), English ones by commas."""
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=delimiter))


@pytest.fixture
def answered_scan(scan):
    """Purpose scored 0–4 in turn with notes, one N/A, evidence on two answers."""
    for index, item in enumerate(Item.objects.active().filter(area__code="purpose")):
        factories.answer(scan, item, index % 5, note=f"Notitie {item.code}")
    factories.answer(scan, "eco-01", "na")
    answer = Answer.objects.get(scan=scan, item__code="purpose-01")
    answer.confidence = Answer.Confidence.LOW
    answer.evidence = "Jaarverslag 2025, p. 4"
    answer.evidence_link = "https://example.com/jaarverslag.pdf"
    answer.save()
    for name in ("jaarverslag.pdf", "survey.xlsx"):
        EvidenceFile.objects.create(
            answer=answer, file=f"evidence/{scan.pk}/{name}", name=name, size=10, content_type="x"
        )
    return scan


def test_answers_sheet_holds_every_statement_with_its_answer_and_evidence(
    client, consultant, answered_scan
):
    client.force_login(consultant)
    book = workbook(client.get(xlsx_url(answered_scan)))
    assert book.sheetnames == [nl("Answers"), nl("Scores"), nl("Plan"), nl("KPIs"), nl("Scan")]
    rows = records(book.worksheets[0])
    items = Item.objects.active().select_related("area", "pillar", "topic")
    codes = [item.code for item in results_for(answered_scan).items]
    assert [row[nl("Code")] for row in rows] == codes
    by_code = {row[nl("Code")]: row for row in rows}
    for answer in answered_scan.answers.select_related("item__area", "item__pillar"):
        row = by_code[answer.item.code]
        assert row["Stelling"] == answer.item.statement_nl
        assert row["Gebied"] == answer.item.area.name_nl
        assert row["Pijler"] == answer.item.pillar.name_nl
        assert row["Antwoord"] == answer.value  # a number, not text
        assert (row["Niet van toepassing"] is not None) == answer.not_applicable
        assert (row["Notitie"] or "") == answer.note
    first = by_code["purpose-01"]
    assert first["Antwoord"] == 0 and isinstance(first["Antwoord"], int)
    assert first[nl("Evidence")] == "Jaarverslag 2025, p. 4"
    assert first[nl("Evidence link")] == "https://example.com/jaarverslag.pdf"
    assert first[nl("Evidence files")].split("\n") == ["jaarverslag.pdf", "survey.xlsx"]
    assert first[nl("Confidence")] == nl("Low")
    unanswered = by_code[items.filter(area__code="kpis").first().code]
    assert unanswered["Antwoord"] is None and unanswered["Notitie"] is None
    topic_item = items.filter(topic__isnull=False).first()
    assert by_code[topic_item.code][nl("Topic")] == topic_item.topic.name_nl


def test_english_scan_exports_english_headers_names_and_statements(
    client, consultant, answered_scan
):
    answered_scan.language = "en"
    answered_scan.save()
    client.force_login(consultant)
    book = workbook(client.get(xlsx_url(answered_scan)))
    assert book.sheetnames == ["Answers", "Scores", "Plan", "KPIs", "Scan"]
    rows = {row["Code"]: row for row in records(book["Answers"])}
    item = Item.objects.get(code="purpose-01")
    assert rows["purpose-01"]["Statement"] == item.statement_en
    assert rows["purpose-01"]["Area"] == item.area.name_en
    assert rows["purpose-01"]["Confidence"] == "Low"
    assert rows["eco-01"]["Not applicable"] == "yes"
    rows = csv_rows(client.get(csv_url(answered_scan)), delimiter=",")
    assert rows[0][:6] == ["Area", "Topic", "Pillar", "Code", "Statement", "Answer"]


def test_scores_sheet_matches_the_results_page(client, consultant, answered_scan):
    client.force_login(consultant)
    book = workbook(client.get(xlsx_url(answered_scan)))
    results = results_for(answered_scan)
    rows = records(book[nl("Scores")])
    assert len(rows) == 1 + len(results.areas) + len(results.pillars)
    expected = [results.overall, *results.areas, *results.pillars]
    for row, section in zip(rows, expected, strict=True):
        assert row[nl("Code")] == (section.code or None)
        assert row["Score"] == section.score
        assert row["Niveau"] == section.level
        level = results.level(section.level)
        assert row[nl("Level name")] == (level.name["nl"] if level else None)
        assert row["Dekking"] == pytest.approx(section.coverage)
    purpose = next(row for row in rows if row[nl("Code")] == "purpose")
    assert purpose["Score"] == results.areas[0].score
    assert isinstance(purpose["Score"], float)  # a number, not "42,5" as text
    assert book[nl("Scores")]["G2"].number_format == "0%"


def test_indicative_flag_marks_sections_with_few_answers(client, consultant, answered_scan):
    client.force_login(consultant)
    answered_scan.language = "en"
    answered_scan.save()
    rows = records(workbook(client.get(xlsx_url(answered_scan)))["Scores"])
    results = results_for(answered_scan)
    for row, section in zip(rows, [results.overall, *results.areas, *results.pillars], strict=True):
        assert (row["Indicative"] == "yes") == (section.indicative and section.level is not None)
    assert any(row["Indicative"] == "yes" for row in rows)  # the pillars have few answers


def test_plan_and_kpi_sheets_hold_the_plan_and_the_baseline(client, consultant, answered_scan):
    answered_scan.language = "en"
    answered_scan.save()
    ImprovementAction.objects.create(
        scan=answered_scan,
        item=Item.objects.get(code="purpose-01"),
        title="Share the purpose",
        impact=5,
        effort=2,
        owner="HR",
        due_date=date(2027, 3, 1),
    )
    KpiBaseline.objects.create(
        scan=answered_scan,
        nps_counts=[1, 0, 0, 0, 0, 0, 1, 0, 2, 3, 3],
        nps_period="Q3 2026",
        nps_source="Survey",
        ces_counts=[0, 1, 0, 1, 0, 0, 0],
        orders_with_contact=25,
        orders=100,
        roi_returns=150000,
        roi_investment=100000,
    )
    client.force_login(consultant)
    book = workbook(client.get(xlsx_url(answered_scan)))
    (action,) = records(book["Plan"])
    assert action["Title"] == "Share the purpose"
    assert action["Code"] == "purpose-01"
    assert (action["Impact"], action["Effort"], action["Owner"]) == (5, 2, "HR")
    assert action["Due date"].date() == date(2027, 3, 1)
    assert action["Quadrant"] == "quick wins"
    kpis = {row["KPI"]: row for row in records(book["KPIs"])}
    nps = kpis["Net Promoter Score (NPS)"]
    assert nps["Value"] == 40  # (6 promoters − 2 detractors) / 10 responses
    assert (nps["Period"], nps["Source"]) == ("Q3 2026", "Survey")
    assert kpis["Contact ratio"]["Value"] == 25.0
    assert kpis["Customer Effort Score (CES) (lower is better)"]["Value"] == 3.0  # 2 and 4
    assert kpis["Return on investment (ROI)"]["Value"] == 50.0
    # Below the KPIs, what the form stored: (input, answer, count or amount).
    stored = [row[:3] for row in book["KPIs"].iter_rows(values_only=True) if row[0]]
    assert stored[len(kpis) + 1] == ("Stored input", "Answer", "Number")
    counts = [row for row in stored if row[0] == "NPS answers 0–10"]
    assert [row[1:] for row in counts] == list(enumerate([1, 0, 0, 0, 0, 0, 1, 0, 2, 3, 3]))
    assert ("orders", None, 100) in stored
    assert ("investment", None, 100000) in stored


def test_completed_scan_exports_the_frozen_results(client, consultant, answered_scan):
    completion.complete(answered_scan)
    item = Item.objects.get(code="purpose-01")
    item.statement_nl = "Later herschreven."
    item.weight = 3
    item.save()
    client.force_login(consultant)
    book = workbook(client.get(xlsx_url(answered_scan)))
    answers = {row[nl("Code")]: row for row in records(book.worksheets[0])}
    assert answers["purpose-01"]["Stelling"] != "Later herschreven."
    frozen = answered_scan.frozen_results.document
    purpose = next(row for row in records(book[nl("Scores")]) if row[nl("Code")] == "purpose")
    assert purpose["Score"] == next(a for a in frozen["areas"] if a["code"] == "purpose")["score"]


def test_csv_holds_the_answers_with_a_bom_and_dutch_headers(client, consultant, answered_scan):
    client.force_login(consultant)
    response = client.get(csv_url(answered_scan))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="acme-retail-scan-2026.csv"'
    header, *rows = csv_rows(response)
    assert header[:6] == ["Gebied", nl("Topic"), "Pijler", nl("Code"), "Stelling", "Antwoord"]
    by_code = {row[3]: dict(zip(header, row, strict=True)) for row in rows}
    assert len(rows) == len(results_for(answered_scan).items)
    for answer in answered_scan.answers.select_related("item"):
        row = by_code[answer.item.code]
        assert row["Antwoord"] == ("" if answer.value is None else str(answer.value))
        assert row["Notitie"] == answer.note
    assert by_code["purpose-01"][nl("Evidence files")] == "jaarverslag.pdf\nsurvey.xlsx"


def test_xlsx_file_name_is_an_ascii_slug_and_the_sheet_looks_right(client, consultant, scan):
    scan.organisation.name = "Café Ünïcode & Zn."
    scan.organisation.save()
    client.force_login(consultant)
    response = client.get(xlsx_url(scan))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="cafe-unicode-zn-scan-2026.xlsx"'
    )
    book = workbook(response)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
    answers = book.worksheets[0]
    assert answers.column_dimensions["E"].width >= 40  # the statements
    assert answers.column_dimensions["D"].width < 25  # the codes


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_like_text_is_written_as_text(client, consultant, scan, text):
    scan.organisation.name = text
    scan.organisation.save()
    factories.answer(scan, "purpose-01", 2, note=text, evidence=text)
    client.force_login(consultant)
    book = workbook(client.get(xlsx_url(scan)))
    shown = text.replace("\r", "\n")  # XML keeps no bare carriage return: Excel writes \n too
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    answer = next(row for row in book.worksheets[0].iter_rows() if row[3].value == "purpose-01")
    cells = [cell for cell in answer if cell.value == shown]
    assert len(cells) == 2  # note and evidence
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    organisation = next(row for row in book[nl("Scan")].iter_rows() if row[1].value == shown)
    assert organisation[1].quotePrefix

    rows = csv_rows(client.get(csv_url(scan)))
    row = next(row for row in rows if row[3] == "purpose-01")
    assert row.count(f"'{text}") == 2


def test_plain_text_gets_no_prefix(client, consultant, scan):
    factories.answer(scan, "purpose-01", 2, note="5 - ok = fine")
    client.force_login(consultant)
    rows = csv_rows(client.get(csv_url(scan)))
    assert "5 - ok = fine" in next(row for row in rows if row[3] == "purpose-01")


def test_a_scan_in_progress_exports_what_is_answered_and_the_live_scores(client, consultant, scan):
    factories.answer(scan, "journey-01", 4)
    client.force_login(consultant)
    book = workbook(client.get(xlsx_url(scan)))
    answered = [row for row in records(book.worksheets[0]) if row["Antwoord"] is not None]
    assert [(row[nl("Code")], row["Antwoord"]) for row in answered] == [("journey-01", 4)]
    journey = next(row for row in records(book[nl("Scores")]) if row[nl("Code")] == "journey")
    assert journey["Score"] == results_for(scan).areas[1].score == 100.0
    assert journey["Niveau"] == 5


def test_control_characters_in_a_note_do_not_break_the_workbook(client, consultant, scan):
    factories.answer(scan, "purpose-01", 1, note="bel\x07 mij\x0b")
    client.force_login(consultant)
    book = workbook(client.get(xlsx_url(scan)))
    row = next(row for row in records(book.worksheets[0]) if row[nl("Code")] == "purpose-01")
    assert row["Notitie"] == "bel mij"


def test_results_page_links_the_exports(client, consultant, scan):
    client.force_login(consultant)
    html = client.get(reverse("scoring:results", args=[scan.pk])).text
    assert elements(html, "a", href=xlsx_url(scan))
    assert elements(html, "a", href=csv_url(scan))


def test_colleague_and_staff_may_download(client, colleague, admin_user, scan):
    for user in (colleague, admin_user):
        client.force_login(user)
        assert client.get(xlsx_url(scan)).status_code == 200
        assert client.get(csv_url(scan)).status_code == 200


def test_shared_page_has_no_export_links(client, consultant, answered_scan):
    from reports.models import ShareLink

    completion.complete(answered_scan)
    link = ShareLink.objects.create(scan=answered_scan, created_by=consultant)
    html = client.get(reverse("reports:shared_results", args=[link.token])).text
    assert not elements(html, "a", href=xlsx_url(answered_scan))
    assert Organisation.objects.count() == 1
