"""Each consultancy's identity: one branding record per consultancy, edited in the admin (or by
its owner in the app), on its members' pages, its share links and its organisations' reports.

The logo is a PNG or JPEG of at most 1 MB, recognised by its content; it reaches the PDF renderer
only through the report's restricted fetcher. The report and the app use the vendored typeface.
"""

import io
from pathlib import Path

import pypdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from branding.models import Branding, branding_for
from reports import report
from reports.models import ShareLink, StoredReport
from reports.report import LOGO_URL, render_report
from reports.stored import ready_pdf
from tests import factories
from tests.helpers import (
    element,
    elements,
    flat,
    pdf_pages,
    pdfs_not_drawn,
    render_reports,
    text_of,
)

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/branding/branding/add/"


def image_bytes(kind: str, size=(300, 100), colour="#c2410c") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, kind)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def post_branding(client, logo=None, **fields):
    client.cookies["django_language"] = "en"  # the messages below are asserted in English
    data = {
        "consultancy": factories.default_consultancy().pk,
        "name": "Kompas CX Advies",
        "accent": "#c2410c",
        **fields,
    }
    if logo is not None:
        data["logo"] = logo
    return client.post(ADD_URL, data)


def stored_files(settings) -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / "branding"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def branded(settings):
    branding = Branding(
        consultancy=factories.default_consultancy(), name="Kompas CX Advies", accent="#c2410c"
    )
    branding.logo = ContentFile(image_bytes("PNG"), name="logo.png")
    branding.full_clean()
    branding.save()
    return branding


def test_staff_set_name_logo_and_accent_in_the_admin(admin_client, settings):
    response = post_branding(admin_client, upload("Our logo.JPG", image_bytes("PNG")))

    assert response.status_code == 302
    branding = Branding.objects.get()
    assert (branding.name, branding.accent) == ("Kompas CX Advies", "#c2410c")
    # Named by the server, after what the file is (a PNG), not what it was called.
    [name] = stored_files(settings)
    assert name.startswith("logo-") and name.endswith(".png")
    assert branding.logo.name == f"branding/{name}"


def test_the_admin_keeps_one_record_per_consultancy(admin_client, branded):
    response = admin_client.get("/admin/branding/branding/")
    assert response.status_code == 200 and "Kompas CX Advies" in response.text
    response = post_branding(admin_client, name="Second")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["consultancy"]
    assert admin_client.post(f"/admin/branding/branding/{branded.pk}/delete/").status_code == 403
    assert Branding.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "must be a PNG or JPEG",
        ),
        ("logo.png", image_bytes("GIF"), "must be a PNG or JPEG"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "must be a PNG or JPEG"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024), "at most 1024 KB"),
    ],
    ids=["svg", "gif", "broken-png", "over-1-mb"],
)
def test_a_logo_that_is_not_a_small_png_or_jpeg_is_refused(
    admin_client, settings, name, data, message
):
    response = post_branding(admin_client, upload(name, data))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Branding.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    "accent", ["red", "#12345g", "#c2410c;} body{display:none", "#fff", "#c2410\n"]
)
def test_an_accent_that_is_not_a_hex_colour_is_refused(admin_client, accent):
    response = post_branding(admin_client, accent=accent)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["accent"]
    assert not Branding.objects.exists()


def test_a_replaced_logo_is_removed_from_storage(
    admin_client, branded, settings, django_capture_on_commit_callbacks
):
    [old] = stored_files(settings)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/branding/branding/{branded.pk}/change/",
            {
                "name": branded.name,
                "accent": branded.accent,
                "logo": upload("new.jpg", image_bytes("JPEG")),
            },
        )
    assert response.status_code == 302
    [new] = stored_files(settings)
    assert new != old and new.endswith(".jpg")


def test_the_app_header_shows_the_name_logo_and_accent(client, consultant, branded):
    client.force_login(consultant)
    page = client.get(reverse("home")).content.decode()

    assert "Kompas CX Advies" in text_of(page, "brand")
    assert "--cx-accent: #c2410c" in page
    logo = element(page, "img", **{"class": "brand-logo"})
    assert logo["src"] == branded.logo_url

    response = client.get(logo["src"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response) == branded.logo.open("rb").read()


def test_only_the_current_logo_is_served(client, branded):
    assert client.get(reverse("branding:logo", args=["logo-other.png"])).status_code == 404
    assert client.post(branded.logo_url).status_code == 405


@pytest.mark.usefixtures("branded")
def test_pages_outside_a_consultancy_name_the_product(client):
    """The login page serves every consultancy: it cannot know whose visitor this is."""
    page = client.get(reverse("login")).content.decode()
    assert text_of(page, "brand") == "CX Maturity Scan"
    assert elements(page, "img", **{"class": "brand-logo"}) == []


def test_without_branding_the_header_names_the_product(client, consultant):
    client.force_login(consultant)
    page = client.get(reverse("home")).content.decode()
    assert "CX Maturity Scan" in page
    assert text_of(page, "brand") == "CX Maturity Scan"
    assert elements(page, "img", **{"class": "brand-logo"}) == []


def test_an_edit_reaches_the_pages_at_once(admin_client, consultant, branded):
    alice = Client()
    alice.force_login(consultant)
    assert "Kompas CX Advies" in alice.get(reverse("home")).content.decode()
    admin_client.post(
        f"/admin/branding/branding/{branded.pk}/change/",
        {"name": "Noord Klantadvies", "accent": "#0b3d91"},
    )
    page = alice.get(reverse("home")).content.decode()
    assert "Noord Klantadvies" in page and "Kompas CX Advies" not in page


def test_each_consultancy_sees_its_own_branding(client, consultant, branded):
    elders = factories.consultancy("Elders Advies")
    Branding.objects.create(consultancy=elders, name="Elders Advies", accent="#14532d")
    client.force_login(factories.user("dirk", consultancy=elders))
    page = client.get(reverse("home")).content.decode()
    assert text_of(page, "brand").startswith("Elders Advies")
    assert "--cx-accent: #14532d" in page and "Kompas" not in page
    assert elements(page, "img", **{"class": "brand-logo"}) == []
    client.force_login(consultant)
    assert "Kompas CX Advies" in text_of(client.get(reverse("home")).text, "brand")


def test_a_share_link_wears_the_consultancys_branding(client, consultant, completed_scan, branded):
    link = ShareLink.objects.create(scan=completed_scan, created_by=consultant)
    page = client.get(reverse("reports:shared_results", args=[link.token])).content.decode()
    assert "Kompas CX Advies" in text_of(page, "brand")
    assert "--cx-accent: #c2410c" in page


def test_the_report_wears_its_organisations_consultancys_branding(completed_scan, branded):
    elders = factories.consultancy("Elders Advies")
    Branding.objects.create(consultancy=elders, name="Elders Advies")
    theirs = factories.complete(
        factories.scan(factories.organisation("Zeta", consultancy=elders), title="Theirs")
    )
    cover = flat(pdf_pages(render_report(theirs, "en"))[0])
    assert flat("Elders Advies") in cover and "Kompas" not in cover
    assert flat("Kompas CX Advies") in flat(pdf_pages(render_report(completed_scan, "en"))[0])


def test_the_report_carries_the_name_and_logo_on_the_cover(completed_scan, branded):
    pdf = render_report(completed_scan, "en")

    pages = pdf_pages(pdf)
    assert flat("Kompas CX Advies") in flat(pages[0])
    assert flat("Kompas CX Advies") in flat(pages[1])  # the page header
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages[0].images) == 1
    assert len(reader.pages[1].images) == 1


def test_the_report_is_set_in_the_vendored_typeface(completed_scan):
    reader = pypdf.PdfReader(io.BytesIO(render_report(completed_scan, "en")))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(font.get_object()["/BaseFont"].split("+", 1)[-1])
    assert fonts and all(font.startswith("Source-Sans-3") for font in fonts), fonts


def test_the_logo_reaches_the_renderer_only_through_the_fetcher(completed_scan, branded):
    fetched = []
    original = report.StaticFilesOnly.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    report.StaticFilesOnly.fetch = spy
    try:
        render_report(completed_scan, "en")
    finally:
        report.StaticFilesOnly.fetch = original
    assert f"{LOGO_URL}/{branded.pk}" in fetched
    assert all(url.startswith((LOGO_URL, "file://")) for url in fetched)


def test_a_stored_logo_that_is_no_image_does_not_reach_the_report(completed_scan, branded):
    with branded.logo.open("wb") as stored:  # e.g. swapped on the disk behind the app's back
        stored.write(b'<svg xmlns="http://www.w3.org/2000/svg"/>')

    with pytest.raises(report.BlockedFetch):
        report.logo_response(str(branded.pk))
    pdf = render_report(completed_scan, "en")
    assert flat("Kompas CX Advies") in flat(pdf_pages(pdf)[0])
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images) == 0


def test_a_name_with_markup_is_printed_as_text(completed_scan, settings):
    Branding.objects.create(
        consultancy=completed_scan.organisation.consultancy,
        name='<img src="http://127.0.0.1:9/x.png">Acme',
    )

    pdf = render_report(completed_scan, "en")
    assert flat('<img src="http://127.0.0.1:9/x.png">Acme') in flat(pdf_pages(pdf)[0])


def test_a_branding_change_makes_the_stored_reports_out_of_date(
    client, consultant, completed_scan, branded
):
    with pdfs_not_drawn():  # only its being out of date after the change is read
        render_reports(completed_scan, ["nl"])
    assert ready_pdf(completed_scan, "nl") is not None

    branded.name = "Noord Klantadvies"
    branded.save()
    assert ready_pdf(completed_scan, "nl") is None
    assert not StoredReport.objects.filter(queued_at__isnull=False).exists()  # nothing queued yet
    # The next download queues the render (not the whole archive at once).
    client.force_login(consultant)
    url = reverse("reports:report", args=[completed_scan.pk]) + "?language=nl"
    assert client.get(url).status_code == 202
    assert StoredReport.objects.get(scan=completed_scan, language="nl").queued_at is not None
    render_reports(completed_scan, ["nl"])
    assert flat("Noord Klantadvies") in flat(pdf_pages(ready_pdf(completed_scan, "nl"))[0])


def test_a_consultancy_has_the_default_until_one_is_saved(db):
    for branding in (branding_for(factories.default_consultancy()), branding_for(None)):
        assert branding.pk is None and branding.accent == "#0b3d91" and not branding.name


def test_another_consultancys_branding_change_leaves_our_reports_current(completed_scan):
    with pdfs_not_drawn():  # only its being current is read
        render_reports(completed_scan, ["nl"])
    elders = factories.consultancy("Elders Advies")
    Branding.objects.create(consultancy=elders, name="Elders Advies")
    assert ready_pdf(completed_scan, "nl") is not None
