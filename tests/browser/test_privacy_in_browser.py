"""The organisation's data in a browser: the export page follows the worker until the ZIP is
ready and downloads it; the danger zone erases only after the organisation's name is typed."""

import zipfile

import pytest

from checklists.models import Organisation
from privacy import exporter
from privacy.models import OrganisationExport
from tests import factories
from tests.browser.axe import serious_violations
from tests.browser.test_scan_in_browser import log_in

from .test_html_valid import vnu_errors

pytestmark = pytest.mark.browser


def test_export_is_followed_until_ready_then_downloaded(app, page, tmp_path):
    live_server, alice = app
    organisation = factories.organisation("Acme Retail", consultants=[alice])
    factories.answered_scan(organisation, {"purpose-01": 3}, created_by=alice)
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}{organisation.get_absolute_url()}")
    found = serious_violations(page)
    page.get_by_role("button", name="Alle gegevens exporteren").click()
    status = page.locator("#export-status")
    status.get_by_text("De export wordt voorbereid.").wait_for()
    found += serious_violations(page)
    # The worker makes the ZIP (tasks wait in the dummy backend here): the page sees it alone.
    export = OrganisationExport.objects.get(organisation=organisation)
    exporter.make_export(export.pk)
    download_link = status.get_by_role("link", name="ZIP downloaden")
    download_link.wait_for()
    with page.expect_download() as download:
        download_link.click()
    saved = tmp_path / "export.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        assert "organisation.json" in archive.namelist()
    assert found == []


def test_the_danger_zone_erases_after_the_name_is_typed(app, page):
    live_server, alice = app
    organisation = factories.organisation("Acme Retail", consultants=[alice])
    factories.answered_scan(organisation, {"purpose-01": 3}, created_by=alice)
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}{organisation.get_absolute_url()}")
    page.get_by_role("link", name="Organisatie wissen").click()
    found = serious_violations(page)
    page.get_by_label("Typ de naam van de organisatie ter bevestiging").fill("Acme")
    page.locator("#erase-form button[type=submit]").click()
    page.get_by_text("Dat is niet de naam van de organisatie. Er is niets gewist.").wait_for()
    found += serious_violations(page)
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    page.get_by_label("Typ de naam van de organisatie ter bevestiging").fill("Acme Retail")
    page.locator("#erase-form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_text("Organisatie ‘Acme Retail’ en al haar gegevens zijn gewist.").wait_for()
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert found == []


def test_the_header_with_my_data_fits_a_phone(app, page):
    live_server, _alice = app
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url)
    page.get_by_role("link", name="Mijn gegevens").click()
    page.get_by_role("heading", name="Mijn gegevens", exact=True).wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []


def test_the_privacy_pages_are_valid_html(app, page, tmp_path):
    live_server, alice = app
    organisation = factories.organisation("Acme Retail", consultants=[alice])
    factories.answered_scan(organisation, {"purpose-01": 3}, created_by=alice)
    ready = OrganisationExport.objects.create(organisation=organisation, requested_by=alice)
    exporter.make_export(ready.pk)
    waiting = OrganisationExport.objects.create(organisation=organisation, requested_by=alice)
    log_in(page, live_server.url)
    base = f"{live_server.url}/organisations/{organisation.pk}"
    pages = {}
    for name, url in {
        "organisation": f"{base}/",
        "erase": f"{base}/erase/",
        "export-ready": f"{base}/exports/{ready.pk}/",
        "export-waiting": f"{base}/exports/{waiting.pk}/",
        "account": f"{live_server.url}/account/data/",
    }.items():
        page.goto(url)
        pages[name] = page.content()
    page.goto(f"{base}/erase/")
    page.fill("#id_name", "Acme")
    page.locator("#erase-form button[type=submit]").click()
    page.get_by_text("Dat is niet de naam van de organisatie.").wait_for()
    pages["erase-refused"] = page.content()
    assert vnu_errors(pages, tmp_path) == []
