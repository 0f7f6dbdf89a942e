"""The consultancy's identity in the browser: logo, name and accent in the header, the pages set
in the vendored typeface, at laptop and tablet width, with no serious axe finding."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.base import ContentFile

from branding.models import Branding
from tests.test_branding import image_bytes

from .test_scan_in_browser import log_in, make_scan


@pytest.mark.parametrize("viewport", [(1366, 768), (820, 1180)], ids=["laptop", "tablet"])
def test_the_header_carries_the_branding_and_pages_use_source_sans(app, page, viewport):
    live_server, alice = app
    branding = Branding(
        consultancy=alice.membership.consultancy, name="Kompas CX Advies", accent="#c2410c"
    )
    branding.logo = ContentFile(image_bytes("PNG"), name="logo.png")
    branding.save()
    scan = make_scan(alice)
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/scans/{scan.pk}/areas/purpose/")

    brand = page.locator("#brand")
    assert "Kompas CX Advies" in brand.inner_text()
    logo = brand.locator("img")
    assert logo.evaluate("img => img.complete && img.naturalWidth") == 300
    border = page.locator("header").evaluate("el => getComputedStyle(el).borderTopColor")
    assert border == "rgb(194, 65, 12)"
    page.evaluate("document.fonts.ready")
    assert page.evaluate("""() => [...document.fonts].some(
        font => font.family.replace(/"/g, '') === 'Source Sans 3' && font.status === 'loaded')""")
    assert "Source Sans 3" in page.locator("body").evaluate("el => getComputedStyle(el).fontFamily")
    # Nothing in the header runs off the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]

    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], results.generate_report()
