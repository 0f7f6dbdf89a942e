"""The PDF report: what it says (extracted text), what it may fetch (nothing), and caching."""

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from checklists.models import Answer, Area, Item, MaturityLevel, Pillar
from reports.models import StoredReport
from reports.report import BlockedFetch, StaticFilesOnly, render_report, write_pdf
from scoring import completion
from scoring.results import frozen_results, results_for
from tests import factories
from tests.conftest import RecordingHandler
from tests.helpers import flat, pdf_pages, pdfs_not_drawn, render_reports, render_shared

pytestmark = pytest.mark.django_db

CREATED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NOTES = {
    "purpose-01": "Staat alleen op intranet; één keer per jaar besproken.",
    "kpis-02": "Geen KPI's voor retouren.",
}


@pytest.fixture
def report_scan(scan):
    values = [4, 3, 2, 1, 0]
    items = Item.objects.filter(area__code__in=["purpose", "kpis", "journey"])
    choices = {item.code: values[index % 5] for index, item in enumerate(items)}
    factories.answer_items(scan, choices, notes=NOTES)
    factories.answer(scan, "eco-buildings-05", "na")
    return factories.complete(scan)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_report_text_holds_everything_the_client_keeps(report_scan, language):
    text = pdf_pages(render_report(report_scan, language))
    whole = flat(" ".join(text))
    results = results_for(report_scan)
    # Cover, summary, profile, pillars, at least one page per area, method appendix.
    assert len(text) >= 9
    assert "Acme Retail" in text[0] and "Scan 2026" in text[0]
    assert ("Executive summary" if language == "en" else "Samenvatting") in text[1]
    assert ("Method" if language == "en" else "Methode") in text[-1]
    for section in results.areas + results.pillars:
        assert flat(section.name[language]) in whole
    levels = {level.number: level for level in results.levels}
    for area in results.areas:
        if area.level:
            assert flat(levels[area.level].name[language]) in whole
    for item in results.items:
        if item.value is not None or item.not_applicable:
            assert flat(item.statement[language]) in whole, item.code
    for note in NOTES.values():
        assert flat(note) in whole
    assert "2 / " in text[1]  # page numbers "n / total"


def test_report_renders_dutch_characters(report_scan):
    whole = " ".join(pdf_pages(render_report(report_scan, "nl")))
    assert "Geïntegreerd" in whole  # level 4, which the CX-strategie pillar reaches
    assert "één keer" in whole


def test_typed_html_and_urls_are_escaped_and_fetch_nothing(scan, recording_server):
    url = recording_server
    scan.organisation.name = f'<img src="{url}/organisation.png"> Evil B.V.'
    scan.organisation.save()
    scan.title = f'<link rel="stylesheet" href="{url}/title.css">'
    scan.save()
    Item.objects.filter(code="purpose-01").update(
        statement_nl=f'<img src="{url}/statement.png"> Purpose'
    )
    Area.objects.filter(code="purpose").update(name_nl=f"<b>Purpose</b><img src={url}/area.png>")
    Pillar.objects.filter(code="strategy").update(name_nl=f"Strategie <img src={url}/pillar.png>")
    MaturityLevel.objects.filter(number=1).update(name_nl=f'<img src="{url}/level.png">')
    factories.answer(
        scan,
        "purpose-01",
        0,
        note=(
            f'<div style="background: url({url}/note-css.png)">x</div>'
            f'<a href="file:///etc/passwd">passwd</a><iframe src="{url}/frame"></iframe>'
            f"<style>@import url({url}/import.css);</style>"
        ),
    )
    pdf = render_report(scan, "nl")
    assert RecordingHandler.requests == []
    whole = " ".join(pdf_pages(pdf))
    assert "<img src=" in whole  # shown as text, not loaded
    assert "url(" in whole


def test_fetcher_allows_only_our_static_files(settings):
    fetcher = StaticFilesOnly()
    for url in [
        "http://127.0.0.1:9/x.png",
        "https://example.com/a.css",
        "file:///etc/passwd",
        f"file://{settings.BASE_DIR}/cxscan/settings.py",
        "data:text/css,body{}",
    ]:
        with pytest.raises(BlockedFetch):
            fetcher.fetch(url)
    css = settings.BASE_DIR / "static" / "css" / "report.css"
    response = fetcher.fetch(f"file://{css}")
    assert b"@page" in response.read()
    response.close()


@pytest.fixture
def static_dir_with_a_way_out(settings, tmp_path):
    """A second static folder holding a symlink to a file outside it; the outside files carry
    markers that would show in a PDF that loaded them (a stylesheet's content, an SVG's text)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.css").write_text('body::after { content: "LEAKED-CSS" }')
    (outside / "secret.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40">'
        '<text x="5" y="30" font-size="20">LEAKED-SVG</text></svg>'
    )
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "own.css").write_text('body::before { content: "OWN-CSS" }')
    (static / "css" / "link.css").symlink_to(outside / "secret.css")
    (static / "css" / "link.svg").symlink_to(outside / "secret.svg")
    settings.STATICFILES_DIRS = [settings.BASE_DIR / "static", static]
    return static


def ways_out(static, name: str) -> list[str]:
    """URLs that name a file inside the static folder but mean `name` outside it."""
    return [
        f"file://{static}/%2e%2e/outside/{name}",
        f"file://{static}/%2E%2E/outside/{name}",
        f"file://{static}/css/..%2f..%2foutside/{name}",
        f"file://{static}/css/%2e%2e%2f%2e%2e%2foutside/{name}",
        f"file://{static}/%252e%252e/outside/{name}",
        f"file://{static}/css/link.{name.rsplit('.', 1)[1]}",
        f"file://{static}/css\\..\\..\\outside\\{name}",
        f"file://{static}/css/own.css?/../../../outside/{name}",
        f"file://{static}/css/own.css#/../../../outside/{name}",
        f"file://{static}/css/own.css%00/../../../outside/{name}",
        f"file://example.com{static}/css/own.css",
    ]


def test_fetcher_refuses_encoded_and_linked_ways_out_of_the_static_folder(
    settings, static_dir_with_a_way_out
):
    fetcher = StaticFilesOnly()
    depth = len((settings.BASE_DIR / "static").parts) - 1
    passwd = f"file://{settings.BASE_DIR}/static/{'%2e%2e/' * depth}etc/passwd"
    not_utf8 = f"file://{static_dir_with_a_way_out}/css/own%ff.css"
    for url in [passwd, not_utf8, *ways_out(static_dir_with_a_way_out, "secret.css")]:
        with pytest.raises(BlockedFetch):
            fetcher.fetch(url)
    for url in [
        f"file://{static_dir_with_a_way_out}/css/own.css",
        f"file://localhost{static_dir_with_a_way_out}/css/own.css",
        f"file://{static_dir_with_a_way_out}/css/%6Fwn.css",
    ]:
        response = fetcher.fetch(url)
        assert b"OWN-CSS" in response.read()
        response.close()


def test_a_pdf_never_embeds_a_file_from_outside_the_static_folder(static_dir_with_a_way_out):
    static = static_dir_with_a_way_out
    css, svg = ways_out(static, "secret.css"), ways_out(static, "secret.svg")
    html = "".join(
        [
            f'<link rel="stylesheet" href="file://{static}/css/own.css">',
            *(f'<link rel="stylesheet" href="{url}">' for url in css),
            "<style>",
            *(f'@import url("{url}");' for url in css),
            "</style><p>Report</p>",
            *(f'<img src="{url}">' for url in svg),
        ]
    )
    text = " ".join(pdf_pages(write_pdf(html)))
    assert "OWN-CSS" in text  # our own static files still load
    assert "LEAKED" not in text


def test_completed_report_is_stored_and_frozen(client, consultant, report_scan):
    client.force_login(consultant)
    url = reverse("reports:report", args=[report_scan.pk])
    assert client.get(url).status_code == 202  # the worker has not rendered it yet
    render_reports(report_scan, ["nl"])
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert StoredReport.objects.filter(scan=report_scan).count() == 2  # one per language
    Item.objects.filter(code="purpose-01").update(statement_nl="Na afronding gewijzigd")
    second = client.get(url)
    assert second.content == first.content
    assert "Na afronding gewijzigd" not in " ".join(pdf_pages(second.content))

    completion.reopen(report_scan)
    completion.complete(report_scan)
    assert client.get(url).status_code == 202  # never the report of the earlier completion
    render_reports(report_scan, ["nl"])
    third = client.get(url)
    assert third.content != first.content
    assert "Na afronding gewijzigd" in " ".join(pdf_pages(third.content))


def test_outsider_cannot_download_the_report(client, outsider, report_scan):
    client.force_login(outsider)
    assert client.get(reverse("reports:report", args=[report_scan.pk])).status_code == 404


def test_render_report_command(report_scan, tmp_path):
    output = tmp_path / "report.pdf"
    call_command("render_report", str(report_scan.pk), "--output", str(output), "--language", "en")
    assert "Executive summary" in " ".join(pdf_pages(output.read_bytes()))


# Share links


@pytest.fixture
def share_link(client, consultant, report_scan):
    client.force_login(consultant)
    client.post(reverse("reports:share_link_create", args=[report_scan.pk]))
    client.logout()
    return report_scan.share_links.get()


def shared_url(link):
    return reverse("reports:shared_results", args=[link.token])


@pytest.fixture
def clock():
    """The clock stands still at CREATED until the test moves it."""
    with time_machine.travel(CREATED, tick=False) as traveller:
        yield traveller


def test_share_link_is_created_for_30_days(clock, share_link, consultant):
    assert share_link.created_by == consultant
    assert share_link.created_at == CREATED
    assert share_link.expires_at == CREATED + timedelta(days=30)


def test_share_link_opens_results_and_report_without_login(client, share_link):
    response = client.get(shared_url(share_link))
    assert response.status_code == 200
    assert "Acme Retail" in response.text
    assert reverse("checklists:scan", args=[share_link.scan.pk]) not in response.text
    assert "share-links" not in response.text  # no way to make or revoke links
    render_shared(share_link, ["nl"])
    report = client.get(reverse("reports:shared_report", args=[share_link.token]))
    assert report.status_code == 200 and report.content.startswith(b"%PDF")


def test_expired_revoked_and_tampered_links_give_404(clock, client, consultant, share_link):
    token = share_link.token
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("reports:shared_results", args=[tampered])).status_code == 404
    assert client.get(reverse("reports:shared_report", args=[tampered])).status_code == 404

    # The last second of the 30 days still opens; the first second after does not.
    clock.move_to(CREATED + timedelta(days=30, seconds=-1))
    assert client.get(shared_url(share_link)).status_code == 200
    clock.move_to(CREATED + timedelta(days=30, seconds=1))
    assert client.get(shared_url(share_link)).status_code == 404
    assert client.get(reverse("reports:shared_report", args=[token])).status_code == 404

    # A new link, revoked on the day it was made.
    client.force_login(consultant)
    client.post(reverse("reports:share_link_create", args=[share_link.scan.pk]))
    fresh = share_link.scan.share_links.exclude(pk=share_link.pk).get()
    client.logout()
    assert client.get(shared_url(fresh)).status_code == 200
    client.force_login(consultant)
    client.post(reverse("reports:share_link_revoke", args=[fresh.scan.pk, fresh.pk]))
    client.logout()
    assert client.get(shared_url(fresh)).status_code == 404
    assert client.get(reverse("reports:shared_report", args=[fresh.token])).status_code == 404


def test_share_link_opens_nothing_else(client, share_link, organisation):
    client.get(shared_url(share_link))
    scan = share_link.scan
    for url in [
        reverse("checklists:scan_area", args=[scan.pk, "purpose"]),
        reverse("scoring:results", args=[scan.pk]),
        reverse("reports:report", args=[scan.pk]),
        reverse("checklists:organisation", args=[organisation.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(
        reverse("checklists:autosave", args=[scan.pk, "purpose-01"]), {"value-purpose-01": "4"}
    )
    assert response.status_code == 401
    assert not scan.answers.filter(item__code="purpose-01", value=4).exists()
    assert client.post(shared_url(share_link)).status_code == 405


def test_outsider_cannot_make_or_revoke_links(client, outsider, share_link):
    client.force_login(outsider)
    scan = share_link.scan
    assert client.post(reverse("reports:share_link_create", args=[scan.pk])).status_code == 404
    url = reverse("reports:share_link_revoke", args=[scan.pk, share_link.pk])
    assert client.post(url).status_code == 404
    share_link.refresh_from_db()
    assert share_link.revoked_at is None


def test_share_key_fits_its_column(share_link):
    assert len(share_link.key) <= share_link._meta.get_field("key").max_length


def test_reopened_scan_shares_its_last_completion_and_renders_nothing(
    client, consultant, share_link, monkeypatch
):
    scan = share_link.scan
    render_shared(share_link, ["nl"])
    first = client.get(reverse("reports:shared_report", args=[share_link.token]))
    assert first.status_code == 200
    frozen_level = client.get(shared_url(share_link)).context["results"].overall

    completion.reopen(scan)
    # After reopening, the live answers move on.
    Answer.objects.filter(scan=scan, not_applicable=False).update(value=4)

    # The stored report and results of the last completion; nothing is rendered.
    def no_render(html):
        raise AssertionError("a share link rendered a report")

    monkeypatch.setattr("reports.report.write_pdf", no_render)
    page = client.get(shared_url(share_link))
    assert page.status_code == 200
    assert page.context["results"].overall == frozen_level
    assert "De adviseur werkt de scan bij" in page.text
    for _ in range(3):
        again = client.get(reverse("reports:shared_report", args=[share_link.token]))
        assert again.content == first.content


def test_share_link_report_is_rendered_again_from_frozen_results_after_a_plan_change(
    client, consultant, share_link, monkeypatch
):
    scan = share_link.scan
    with pdfs_not_drawn():  # the consultant's report: only its going out of date is read
        render_reports(scan, ["nl"])
    completion.reopen(scan)
    Answer.objects.filter(scan=scan, not_applicable=False).update(value=4)
    client.force_login(consultant)
    client.post(
        reverse("plans:action_create", args=[scan.pk]),
        {"title": "Journey map", "impact": 4, "effort": 2, "status": "planned"},
    )
    client.logout()
    stored = StoredReport.objects.get(scan=scan, language="nl")
    assert not stored.is_ready  # the plan changed the report

    # The manager waits for the worker: their request renders nothing.
    def no_render(html):
        raise AssertionError("a share link rendered a report")

    with monkeypatch.context() as patched:
        patched.setattr("reports.stored.write_pdf", no_render)
        waiting = client.get(reverse("reports:shared_report", args=[share_link.token]))
    assert waiting.status_code == 202 and "wordt voorbereid" in waiting.text
    render_shared(share_link, ["nl"])  # the worker renders the link's report
    report = client.get(reverse("reports:shared_report", args=[share_link.token]))
    text = " ".join(pdf_pages(report.content))
    assert "Journey map" in text
    overall = frozen_results(scan).overall.score
    live = results_for(scan).overall.score
    assert live != overall

    def dutch(score):  # the report is Dutch: a decimal comma
        return f"Score {score:.1f} / 100".replace(".", ",")

    assert dutch(overall) in text and dutch(live) not in text


def test_a_scan_never_completed_has_nothing_to_share(client, consultant, scan):
    client.force_login(consultant)
    response = client.post(reverse("reports:share_link_create", args=[scan.pk]), follow=True)
    assert "Rond de scan eerst af" in response.text
    assert not scan.share_links.exists()
    link = scan.share_links.create(created_by=consultant)  # e.g. made before this rule
    client.logout()
    assert client.get(shared_url(link)).status_code == 404
    assert client.get(reverse("reports:shared_report", args=[link.token])).status_code == 404


def test_radar_svg_is_well_formed_and_escapes_names(report_scan):
    from xml.etree import ElementTree

    from django.template.loader import render_to_string
    from django.utils import translation

    from reports.svg import radar

    results = results_for(report_scan)
    areas = [replace(results.areas[0], name={"nl": "<b>Doel & waarde</b>", "en": "x"})]
    areas += results.areas[1:]
    with translation.override("nl"):  # a decimal comma must never reach a coordinate
        markup = render_to_string(
            "reports/radar.svg", {"chart": radar(areas, results.levels, "nl", "Gebieden")}
        )
    svg = ElementTree.fromstring(markup)
    # A label's lines are its <tspan>s.
    texts = [" ".join(text.itertext()) for text in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "<b>Doel & waarde</b>" in texts  # shown as typed, never drawn as markup
    assert "<b>" not in markup
    polygons = [p.get("points") for p in svg.iter("{http://www.w3.org/2000/svg}polygon")]
    assert all(re.fullmatch(r"(-?\d+\.\d,-?\d+\.\d ?)+", points) for points in polygons)
    assert radar(areas[:2], results.levels, "nl", "Twee") is None  # no radar on two axes
