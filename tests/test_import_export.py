"""Items export to CSV and XLSX and import back; a bad row is reported and changes nothing."""

import csv
import io
import re

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from checklists.models import Item
from checklists.resources import ITEM_COLUMNS, ItemResource
from tests.helpers import elements

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CSV, XLSX = "0", "1"


def snapshot():
    return list(Item.objects.order_by("code").values_list(*ITEM_FIELDS))


# The resource's columns, with relations compared by their codes.
ITEM_FIELDS = [f"{c}__code" if c in {"area", "pillar", "topic"} else c for c in ITEM_COLUMNS]


def export(client, file_format):
    data = {"format": file_format, "resource": "0"}
    data |= {f"itemresource_{column}": "on" for column in ITEM_COLUMNS}
    response = client.post(reverse("admin:checklists_item_export"), data)
    assert response.status_code == 200
    return response.content


def import_file(client, name, content, file_format):
    """Upload a file (the dry run); if it is valid, confirm it. Returns the last response."""
    upload = SimpleUploadedFile(name, content)
    response = client.post(
        reverse("admin:checklists_item_import"),
        {"import_file": upload, "format": file_format, "resource": "0"},
    )
    assert response.status_code == 200
    if 'name="import_file_name"' not in response.text:
        return response
    hidden = {
        field["name"]: field.get("value") or ""
        for field in elements(response.text, "input", type="hidden")
    }
    confirm = {key: hidden.get(key, "") for key in ("import_file_name", "original_file_name")}
    confirm |= {"format": file_format, "resource": hidden.get("resource", "0")}
    return client.post(reverse("admin:checklists_item_process_import"), confirm, follow=True)


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


def csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def to_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ITEM_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_csv_export_holds_every_item_with_codes_for_relations(admin_client):
    rows = csv_rows(export(admin_client, CSV))
    assert len(rows) == Item.objects.count()
    first = next(row for row in rows if row["code"] == "eco-invoices-01")
    assert first["area"] == "ecosystem"
    assert first["topic"] == "eco-invoices"
    assert first["statement_nl"] == Item.objects.get(code="eco-invoices-01").statement_nl


def test_csv_round_trip_changes_nothing(admin_client):
    before = snapshot()
    response = import_file(admin_client, "items.csv", export(admin_client, CSV), CSV)
    assert "Import finished" in response.text
    assert snapshot() == before


def test_csv_import_updates_by_code_and_adds_new_items(admin_client):
    rows = csv_rows(export(admin_client, CSV))
    rows[0]["statement_en"] = "Changed in a spreadsheet"
    new = dict(rows[0], code="purpose-new", statement_en="A new statement", weight="2")
    response = import_file(admin_client, "items.csv", to_csv([rows[0], new]), CSV)
    assert "Import finished" in response.text
    assert Item.objects.get(code=rows[0]["code"]).statement_en == "Changed in a spreadsheet"
    assert Item.objects.get(code="purpose-new").weight == 2


def test_an_import_is_one_event_in_the_audit_trail_with_its_counts(admin_client):
    rows = csv_rows(export(admin_client, CSV))
    rows[0]["statement_en"] = "Changed in a spreadsheet"
    new = dict(rows[0], code="purpose-new", statement_en="A new statement", weight="2")
    import_file(admin_client, "items.csv", to_csv([rows[0], new, rows[1]]), CSV)
    event = AuditEvent.objects.get(action=AuditEvent.Action.CONTENT_EDITED)
    assert event.actor_label == "ada"
    assert event.details == {
        "change": "imported",
        "model": "item",
        "new": 1,
        "update": 1,
        "skip": 1,
    }


def test_activating_and_deactivating_items_in_the_admin_is_in_the_audit_trail(admin_client):
    items = list(Item.objects.order_by("pk")[:2])
    url = reverse("admin:checklists_item_changelist")
    selected = [item.pk for item in items]
    response = admin_client.post(url, {"action": "deactivate", "_selected_action": selected})
    assert response.status_code == 302
    events = AuditEvent.objects.filter(action=AuditEvent.Action.CONTENT_EDITED)
    assert sorted(int(event.object_id) for event in events) == selected
    assert {event.details["action"] for event in events} == {"deactivated"}
    # Activating one inactive and one active item records only the one that changed.
    Item.objects.filter(pk=items[1].pk).update(is_active=True)
    admin_client.post(url, {"action": "activate", "_selected_action": selected})
    activated = events.filter(details__action="activated")
    assert [int(event.object_id) for event in activated] == [items[0].pk]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"weight": "7"}, "Ensure this value is less than or equal to 3."),
        ({"pillar": "no-such-pillar"}, "Pillar matching query does not exist."),
        ({"topic": "eco-invoices"}, "This topic belongs to another area than the item."),
        ({"is_active": "maybe"}, "“maybe” is not a yes/no value"),
        ({"is_active": "null"}, "“null” is not a yes/no value"),
    ],
)
def test_bad_csv_row_is_reported_and_nothing_changes(admin_client, change, message):
    rows = csv_rows(export(admin_client, CSV))
    purpose = next(row for row in rows if row["code"] == "purpose-02")
    good_new = dict(purpose, code="purpose-new", statement_en="Would be new")
    changed_good = dict(purpose, statement_en="Would be changed")
    bad = dict(next(row for row in rows if row["code"] == "purpose-03"), **change)
    before = snapshot()

    response = import_file(admin_client, "items.csv", to_csv([good_new, changed_good, bad]), CSV)

    text = page_text(response)
    assert message in text
    # The report names the row: the third data row is the bad one. Validation errors come as a
    # table (its first column the row number), lookup errors as "Line number: N".
    assert re.search(r"Line number: 3 |is_active 3 \d", text), text[-600:]
    assert 'name="import_file_name"' not in response.text  # no way to confirm
    assert snapshot() == before


def test_file_with_a_code_twice_is_refused_naming_both_rows(admin_client):
    rows = csv_rows(export(admin_client, CSV))
    purpose = next(row for row in rows if row["code"] == "purpose-02")
    first = dict(purpose, statement_en="First version")
    good_new = dict(purpose, code="purpose-new", statement_en="Would be new")
    second = dict(purpose, statement_en="Second version")
    before = snapshot()

    response = import_file(admin_client, "items.csv", to_csv([first, good_new, second]), CSV)

    text = page_text(response)
    message = "The code “purpose-02” is on rows 1 and 3"
    assert text.count(message) == 2, text[-800:]  # on the first row and on the second
    assert re.search(r"is_active 1 1 code " + message, text), text[-800:]
    assert 'name="import_file_name"' not in response.text
    assert snapshot() == before


def rows_as_dataset(rows: list[dict]) -> tablib.Dataset:
    return tablib.Dataset(*[[row[c] for c in ITEM_COLUMNS] for row in rows], headers=ITEM_COLUMNS)


@pytest.mark.parametrize(
    "change",
    [{"is_active": "maybe"}, {"weight": "7"}, {"code": "purpose-02"}],
    ids=["unclear-boolean", "bad-weight", "duplicate-code"],
)
def test_resource_import_with_a_bad_row_rolls_back_the_good_rows(admin_client, change):
    """Not only the admin's dry run: importing for real keeps nothing of a file with a bad row."""
    rows = csv_rows(export(admin_client, CSV))
    purpose = next(row for row in rows if row["code"] == "purpose-02")
    changed_good = dict(purpose, statement_en="Would be changed")
    good_new = dict(purpose, code="purpose-new", statement_en="Would be new")
    bad = dict(next(row for row in rows if row["code"] == "purpose-03"), **change)
    before = snapshot()

    result = ItemResource().import_data(
        rows_as_dataset([changed_good, good_new, bad]), dry_run=False
    )

    assert result.has_validation_errors()
    assert [row.number for row in result.invalid_rows][-1] == 3
    assert snapshot() == before


@pytest.mark.parametrize(
    ("value", "active"),
    [
        ("1", True),
        ("0", False),
        ("TRUE", True),
        ("false", False),
        ("Yes", True),
        ("no", False),
        ("ja", True),
        ("Nee", False),
        (" waar ", True),
        ("ONWAAR", False),
    ],
)
def test_clear_yes_no_values_set_is_active(admin_client, value, active):
    Item.objects.filter(code="purpose-02").update(is_active=not active)
    rows = csv_rows(export(admin_client, CSV))
    row = dict(next(row for row in rows if row["code"] == "purpose-02"), is_active=value)

    result = ItemResource().import_data(rows_as_dataset([row]), dry_run=False)

    assert not result.has_validation_errors() and not result.has_errors()
    assert Item.objects.get(code="purpose-02").is_active is active


def test_empty_is_active_keeps_an_item_as_it_is_and_makes_a_new_item_active(admin_client):
    Item.objects.filter(code="purpose-02").update(is_active=False)
    rows = csv_rows(export(admin_client, CSV))
    existing = dict(next(row for row in rows if row["code"] == "purpose-02"), is_active="")
    existing["statement_en"] = "Changed, still inactive"
    new = dict(existing, code="purpose-new")

    response = import_file(admin_client, "items.csv", to_csv([existing, new]), CSV)

    assert "Import finished" in response.text
    kept = Item.objects.get(code="purpose-02")
    assert kept.statement_en == "Changed, still inactive" and kept.is_active is False
    assert Item.objects.get(code="purpose-new").is_active is True


def test_xlsx_round_trip_and_change(admin_client):
    content = export(admin_client, XLSX)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    assert header == list(ITEM_COLUMNS)
    assert sheet.max_row == Item.objects.count() + 1

    before = snapshot()
    response = import_file(admin_client, "items.xlsx", content, XLSX)
    assert "Import finished" in response.text
    assert snapshot() == before

    sheet.cell(row=2, column=header.index("statement_nl") + 1, value="Aangepast in Excel")
    code = sheet.cell(row=2, column=1).value
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    response = import_file(admin_client, "items.xlsx", buffer.getvalue(), XLSX)
    assert "Import finished" in response.text
    assert Item.objects.get(code=code).statement_nl == "Aangepast in Excel"


def test_consultants_cannot_import(consultant_client):
    response = consultant_client.get(reverse("admin:checklists_item_import"))
    assert response.status_code == 302


# --- large files ------------------------------------------------------------------------------


def xlsx_with(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(list(ITEM_COLUMNS))
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def changed_export(client, file_format) -> bytes:
    """Every item, with one statement changed: importing it would change the database."""
    rows = csv_rows(export(client, CSV))
    rows[0]["statement_en"] = "Would be changed"
    if file_format == CSV:
        return to_csv(rows)
    return xlsx_with([[row[column] for column in ITEM_COLUMNS] for row in rows])


def refused(response, message: str) -> None:
    text = page_text(response)
    assert message in text, text[-800:]
    assert 'name="import_file_name"' not in response.text  # no way to confirm
    assert "Import finished" not in text


@pytest.mark.parametrize(("name", "file_format"), [("items.csv", CSV), ("items.xlsx", XLSX)])
def test_a_file_over_the_size_limit_is_refused_with_a_message(
    admin_client, settings, name, file_format
):
    content = changed_export(admin_client, file_format)
    settings.CXSCAN_IMPORT_MAX_BYTES = len(content) - 1
    before = snapshot()

    response = import_file(admin_client, name, content, file_format)

    refused(response, "at most")
    refused(response, "can be imported at once. Split it into smaller files")
    assert snapshot() == before


@pytest.mark.parametrize(("name", "file_format"), [("items.csv", CSV), ("items.xlsx", XLSX)])
def test_a_file_over_the_row_limit_is_refused_with_a_message(
    admin_client, settings, name, file_format
):
    content = changed_export(admin_client, file_format)
    settings.CXSCAN_IMPORT_MAX_ROWS = Item.objects.count() - 1
    before = snapshot()

    response = import_file(admin_client, name, content, file_format)

    limit = Item.objects.count() - 1
    refused(response, f"This file has more than {limit} rows; at most {limit} can be imported")
    assert snapshot() == before


@pytest.mark.parametrize(("name", "file_format"), [("items.csv", CSV), ("items.xlsx", XLSX)])
def test_a_file_at_the_limits_imports_as_before(admin_client, settings, name, file_format):
    content = changed_export(admin_client, file_format)
    settings.CXSCAN_IMPORT_MAX_BYTES = len(content)
    settings.CXSCAN_IMPORT_MAX_ROWS = Item.objects.count()
    code = csv_rows(export(admin_client, CSV))[0]["code"]
    before = dict(snapshot_by_code())

    response = import_file(admin_client, name, content, file_format)

    assert "Import finished" in response.text
    after = dict(snapshot_by_code())
    assert after.pop(code)[ITEM_FIELDS.index("statement_en")] == "Would be changed"
    before.pop(code)
    assert after == before


def snapshot_by_code():
    return [(row[0], row) for row in snapshot()]


def test_an_xlsx_file_that_unpacks_to_far_more_than_it_weighs_is_refused(admin_client, settings):
    rows = csv_rows(export(admin_client, CSV))
    padded = [[row[column] for column in ITEM_COLUMNS] for row in rows[:40]]
    for row in padded:
        row[ITEM_COLUMNS.index("guidance_en")] = "x" * 30_000  # compresses to almost nothing
    content = xlsx_with(padded)
    settings.CXSCAN_IMPORT_MAX_BYTES = len(content)  # within the size limit as sent
    before = snapshot()

    response = import_file(admin_client, "items.xlsx", content, XLSX)

    refused(response, "This file unpacks to")
    assert snapshot() == before


def test_a_file_that_is_not_xlsx_is_refused_with_a_message(admin_client):
    response = import_file(admin_client, "items.xlsx", b"code,area\npurpose-01,purpose\n", XLSX)
    refused(response, "This is not an XLSX file.")


def test_the_confirm_step_refuses_a_file_over_a_limit_lowered_since_the_dry_run(
    admin_client, settings
):
    content = changed_export(admin_client, XLSX)
    upload = SimpleUploadedFile("items.xlsx", content)
    response = admin_client.post(
        reverse("admin:checklists_item_import"),
        {"import_file": upload, "format": XLSX, "resource": "0"},
    )
    hidden = {
        field["name"]: field.get("value") or ""
        for field in elements(response.text, "input", type="hidden")
    }
    settings.CXSCAN_IMPORT_MAX_ROWS = 10
    before = snapshot()

    response = admin_client.post(
        reverse("admin:checklists_item_process_import"),
        {
            "import_file_name": hidden["import_file_name"],
            "original_file_name": hidden["original_file_name"],
            "format": XLSX,
            "resource": "0",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "This file has more than 10 rows" in page_text(response)
    assert snapshot() == before


def test_the_refusal_is_in_dutch_on_a_dutch_admin(admin_client, settings):
    settings.LANGUAGE_CODE = "nl"
    settings.CXSCAN_IMPORT_MAX_ROWS = 1000
    rows = [["purpose-01", "purpose"]] * 1001

    response = import_file(admin_client, "items.xlsx", xlsx_with(rows), XLSX)

    refused(response, "Dit bestand heeft meer dan 1.000 rijen; er kunnen maximaal 1.000 tegelijk")


def test_the_import_page_states_the_limits(admin_client, settings):
    settings.CXSCAN_IMPORT_MAX_BYTES = 2 * 1024 * 1024
    settings.CXSCAN_IMPORT_MAX_ROWS = 1000
    response = admin_client.get(reverse("admin:checklists_item_import"))
    assert "At most 2.0 MB and 1,000 rows per file." in page_text(response)
