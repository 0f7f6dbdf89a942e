"""The consultant's words on the results: the executive summary and a commentary per area (and
pillar), written on the results page, shown read-only on the shared page, drafted from the
results, carried by the JSON export and the API, and marking stored reports out of date."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from checklists.models import Area, Item
from narrative.models import MAX_LENGTH, NarrativeText
from narrative.texts import narrative_part
from reports.models import ShareLink, StoredReport
from scoring.presentation import present
from tests import factories
from tests.helpers import element, pdfs_not_drawn, render_reports, text_of

pytestmark = pytest.mark.django_db

SUMMARY = "Acme is **on its way**.\n\n- Journeys are mapped\n- **NPS** is measured"


def summary_url(scan):
    return reverse("narrative:summary", args=[scan.pk])


def area_url(scan, code="purpose", kind="area"):
    return reverse("narrative:section", args=[scan.pk, kind, code])


def results_page(client, scan):
    return client.get(reverse("scoring:results", args=[scan.pk])).text


def texts(scan):
    return dict(NarrativeText.objects.filter(scan=scan).values_list("kind", "text"))


def htmx(client, url, data):
    return client.post(url, data, headers={"HX-Request": "true"})


@pytest.fixture
def answered(english_scan):
    """Alice's English scan with varied answers in every area, and an action on one gap."""
    items = Item.objects.active().order_by("area__position", "position")
    factories.varied_answers(english_scan, items)
    return english_scan


def weakest_area(scan):
    rows = [row for row in present(scan).areas if row.section.score is not None]
    return min(rows, key=lambda row: row.section.score).section


# --- writing and reading back ------------------------------------------------------------------


def test_a_summary_is_saved_with_who_and_when_and_shown_rendered(alice, consultant, english_scan):
    response = alice.post(summary_url(english_scan), {"text": SUMMARY})
    assert response.status_code == 302
    assert response["Location"].endswith("#narrative-summary")
    row = NarrativeText.objects.get(scan=english_scan)
    assert (row.kind, row.code, row.text) == ("summary", "", SUMMARY)
    assert (row.written_by, row.written_by_name) == (consultant, "alice")
    page = results_page(alice, english_scan)
    summary = text_of(page, "narrative-summary-section")
    assert "Acme is on its way." in summary and "Journeys are mapped" in summary
    assert "<strong>on its way</strong>" in page
    assert "<ul><li>Journeys are mapped</li><li><strong>NPS</strong> is measured</li></ul>" in page
    assert "Last written by alice" in summary


def test_an_area_commentary_is_shown_with_its_area(alice, english_scan):
    alice.post(area_url(english_scan, "purpose"), {"text": "Purpose is **clear**."})
    assert texts(english_scan) == {"area": "Purpose is **clear**."}
    page = results_page(alice, english_scan)
    areas = text_of(page, "narrative-areas")
    name = Area.objects.get(code="purpose").name_en
    assert f"{name} Purpose is clear." in areas
    # Every area has its place to write in, the pillars too: its editor comes when asked for
    # (a link to a page of its own, fetched into the results page with htmx).
    for area in Area.objects.all():
        assert page.count(f'id="narrative-area-{area.code}"') == 1
    link = element(page, "a", href=area_url(english_scan, "purpose"))
    assert link["data-hx-get"] == area_url(english_scan, "purpose")
    assert link["data-hx-target"] == "#narrative-area-purpose"
    assert 'id="narrative-area-purpose-text"' not in page
    fetched = alice.get(area_url(english_scan, "purpose"), headers={"HX-Request": "true"})
    assert "<html" not in fetched.text
    textarea = element(fetched.text, "textarea", id="narrative-area-purpose-text")
    assert "autofocus" in textarea and "Purpose is **clear**." in fetched.text
    assert "open" in element(fetched.text, "details")


def test_the_results_page_holds_one_editor_whatever_the_number_of_areas(alice, english_scan):
    page = results_page(alice, english_scan)
    assert page.count("<textarea") == 1  # the summary's; the others come when asked for


def test_a_pillar_commentary_is_saved(alice, english_scan):
    pillar = present(english_scan).pillars[0].section.code
    alice.post(area_url(english_scan, pillar, kind="pillar"), {"text": "Pillar words."})
    assert narrative_part(english_scan).pillars[pillar].source == "Pillar words."
    assert "Pillar words." in text_of(results_page(alice, english_scan), "narrative-pillars")


def test_saving_with_htmx_answers_the_editor_saying_saved(alice, english_scan):
    response = htmx(alice, summary_url(english_scan), {"text": "First words."})
    assert response.status_code == 200
    assert texts(english_scan) == {"summary": "First words."}
    assert '<div class="narrative-text"><p>First words.</p></div>' in response.text
    assert "Saved" in response.text
    assert "<html" not in response.text


def test_without_javascript_the_editor_has_a_page_of_its_own(alice, english_scan):
    alice.post(area_url(english_scan, "purpose"), {"text": "Purpose **now**."})
    response = alice.get(area_url(english_scan, "purpose"))
    assert response.status_code == 200
    form = element(response.text, "form", action=area_url(english_scan, "purpose"))
    assert form["method"] == "post"
    assert "Purpose **now**.</textarea>" in response.text
    assert "<strong>now</strong>" in response.text
    assert "Dashboard Acme Retail Results Purpose" in text_of(response.text, "main")
    assert "open" in element(response.text, "details")  # a boolean attribute


def test_an_unchanged_text_keeps_its_author(client, consultant, colleague, english_scan):
    client.force_login(consultant)
    client.post(summary_url(english_scan), {"text": "Words."})
    client.force_login(colleague)
    client.post(summary_url(english_scan), {"text": "Words.\r\n"})
    assert NarrativeText.objects.get().written_by == consultant
    client.post(summary_url(english_scan), {"text": "Other words."})
    assert NarrativeText.objects.get().written_by == colleague


def test_emptying_a_text_removes_it(alice, english_scan):
    alice.post(summary_url(english_scan), {"text": "Words."})
    alice.post(summary_url(english_scan), {"text": "  \r\n "})
    assert not NarrativeText.objects.exists()
    assert not narrative_part(english_scan)


def test_the_preview_renders_without_saving(alice, english_scan):
    response = alice.post(
        reverse("narrative:preview", args=[english_scan.pk]), {"text": "- **one**\n- two"}
    )
    assert response.status_code == 200
    assert "<ul><li><strong>one</strong></li><li>two</li></ul>" in response.text
    # Without JavaScript, the editor's Preview button: the page with the preview, nothing stored.
    response = alice.post(summary_url(english_scan), {"text": "**bold**", "preview": "1"})
    assert response.status_code == 200
    assert "<strong>bold</strong>" in response.text
    assert not NarrativeText.objects.exists()


def test_edits_after_completion_are_allowed_and_mark_stored_reports_out_of_date(
    alice, completed_scan
):
    with pdfs_not_drawn():
        render_reports(completed_scan)
    assert all(report.is_ready for report in StoredReport.objects.all())
    response = alice.post(summary_url(completed_scan), {"text": "After completion."})
    assert response.status_code == 302
    assert texts(completed_scan) == {"summary": "After completion."}
    assert StoredReport.objects.filter(scan=completed_scan).exists()
    assert not any(report.is_ready for report in StoredReport.objects.all())


# --- bad input ---------------------------------------------------------------------------------


def test_a_too_long_text_is_refused_and_nothing_changes(alice, english_scan):
    alice.post(summary_url(english_scan), {"text": "Kept."})
    response = alice.post(summary_url(english_scan), {"text": "x" * (MAX_LENGTH + 1)})
    assert response.status_code == 400
    assert "at most 10,000 characters long; this one has 10,001" in response.text
    assert texts(english_scan) == {"summary": "Kept."}
    response = htmx(alice, summary_url(english_scan), {"text": "x" * (MAX_LENGTH + 1)})
    assert "at most 10,000 characters" in response.text and "Saved" not in response.text
    assert texts(english_scan) == {"summary": "Kept."}


def test_a_script_is_stored_as_text_and_shown_as_text(alice, english_scan):
    attack = '<script>alert("x")</script> <img src=x onerror=alert(1)> [here](javascript:x)'
    alice.post(summary_url(english_scan), {"text": attack})
    page = results_page(alice, english_scan)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert 'href="javascript' not in page


def test_a_nul_byte_is_refused_and_nothing_changes(alice, english_scan):
    response = alice.post(summary_url(english_scan), {"text": "a\x00b"})
    assert response.status_code == 400
    assert not NarrativeText.objects.exists()


@pytest.mark.parametrize(
    ("kind", "code"), [("area", "no-such-area"), ("chapter", "purpose"), ("summary", "purpose")]
)
def test_an_unknown_place_is_404_and_nothing_changes(alice, english_scan, kind, code):
    response = alice.post(area_url(english_scan, code, kind=kind), {"text": "x"})
    assert response.status_code == 404
    assert not NarrativeText.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_wrong_methods_are_405(alice, english_scan, method):
    for url in (
        summary_url(english_scan),
        reverse("narrative:preview", args=[english_scan.pk]),
        reverse("narrative:draft", args=[english_scan.pk]),
    ):
        assert getattr(alice, method)(url).status_code == 405
    assert alice.get(reverse("narrative:draft", args=[english_scan.pk])).status_code == 405
    assert not NarrativeText.objects.exists()


# --- who may write and read --------------------------------------------------------------------


def test_a_colleague_on_the_organisation_may_write(client, colleague, english_scan):
    client.force_login(colleague)
    assert client.post(summary_url(english_scan), {"text": "Bob's."}).status_code == 302
    assert texts(english_scan) == {"summary": "Bob's."}


def test_a_consultant_not_on_the_organisation_gets_404(client, outsider, english_scan):
    client.force_login(outsider)
    for url in (summary_url(english_scan), area_url(english_scan)):
        assert client.get(url).status_code == 404
        assert client.post(url, {"text": "Taken over"}).status_code == 404
    draft = reverse("narrative:draft", args=[english_scan.pk])
    assert client.post(draft).status_code == 404
    assert not NarrativeText.objects.exists()


def test_the_shared_page_shows_the_texts_read_only(client, consultant, completed_scan):
    client.force_login(consultant)
    client.post(summary_url(completed_scan), {"text": SUMMARY})
    client.post(area_url(completed_scan), {"text": "Purpose is **clear**."})
    link = ShareLink.objects.create(scan=completed_scan, created_by=consultant)
    client.logout()
    page = client.get(reverse("reports:shared_results", args=[link.token])).text
    assert "<strong>on its way</strong>" in page and "<strong>clear</strong>" in page
    assert "<textarea" not in page
    assert reverse("narrative:draft", args=[completed_scan.pk]) not in page
    assert summary_url(completed_scan) not in page
    assert "alice" not in text_of(page, "narrative-summary-section")


def test_the_shared_page_without_texts_has_no_summary(client, consultant, completed_scan):
    link = ShareLink.objects.create(scan=completed_scan, created_by=consultant)
    page = client.get(reverse("reports:shared_results", args=[link.token])).text
    assert 'id="narrative-summary-section"' not in page


# --- the part every output reads ---------------------------------------------------------------


def test_the_part_reads_every_text_in_one_query(alice, english_scan, django_assert_num_queries):
    alice.post(summary_url(english_scan), {"text": "S"})
    alice.post(area_url(english_scan, "purpose"), {"text": "A"})
    with django_assert_num_queries(1):
        part = narrative_part(english_scan)
    assert part.summary.source == "S" and part.areas["purpose"].source == "A"
    assert part.summary.written_by == "alice"
    assert part.document() == {
        "narrative": {"summary": "S", "areas": {"purpose": "A"}, "pillars": {}}
    }


def test_the_json_export_and_the_api_carry_the_narrative(alice, consultant, english_scan):
    from api.models import ApiToken

    alice.post(summary_url(english_scan), {"text": SUMMARY})
    alice.post(area_url(english_scan, "purpose"), {"text": "Purpose."})
    expected = {"summary": SUMMARY, "areas": {"purpose": "Purpose."}, "pillars": {}}
    export = json.loads(alice.get(reverse("scoring:export_json", args=[english_scan.pk])).content)
    assert export["narrative"] == expected
    secret = ApiToken.issue(consultant, "Reporting")[1]
    response = alice.get(
        f"/api/v1/scans/{english_scan.pk}/results/",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 200
    assert response.json()["narrative"] == expected


def test_the_api_gives_empty_texts_when_nothing_is_written(alice, consultant, english_scan):
    from api.models import ApiToken

    secret = ApiToken.issue(consultant, "Reporting")[1]
    response = alice.get(
        f"/api/v1/scans/{english_scan.pk}/results/",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.json()["narrative"] == {"summary": "", "areas": {}, "pillars": {}}


def test_an_account_exports_its_texts_and_deleting_it_keeps_them_without_its_name(
    alice, consultant, english_scan
):
    from privacy.account import account_document

    alice.post(summary_url(english_scan), {"text": "Mine."})
    (row,) = account_document(consultant)["authored"]["narrative.narrativetext"]
    assert (row["text"], row["written_by"]) == ("Mine.", "alice")
    get_user_model().objects.filter(pk=consultant.pk).delete()
    row = NarrativeText.objects.get()
    assert (row.text, row.written_by, row.written_by_name) == ("Mine.", None, "")


# --- draft from the results --------------------------------------------------------------------


def draft(client, scan, **data):
    return client.post(reverse("narrative:draft", args=[scan.pk]), data)


def test_a_draft_in_english_names_the_weakest_area_a_gap_and_its_action(alice, answered):
    presentation = present(answered)
    gap = presentation.gaps[0]
    item = Item.objects.get(code=gap.code)
    answered.actions.create(item=item, title="Redesign the onboarding", impact=4, effort=2)
    response = draft(alice, answered)
    assert response.status_code == 302
    written = {row.key: row.text for row in NarrativeText.objects.filter(scan=answered)}
    assert set(written) == {"summary"} | {f"area:{row.section.code}" for row in presentation.areas}
    summary = written["summary"]
    weakest = weakest_area(answered)
    assert f"the weakest is **{weakest.name['en']}**" in summary
    assert "Acme Retail is at maturity level" in summary
    action = "the action “Redesign the onboarding” addresses it."
    assert f"{gap.statement['en'].rstrip('.')} (scored {gap.value} of 4); {action}" in summary
    assert "It is the weakest of the areas." in written[f"area:{weakest.code}"]
    assert NarrativeText.objects.filter(written_by_name="alice").count() == len(written)
    page = results_page(alice, answered)
    assert "Redesign the onboarding" in text_of(page, "narrative-summary-section")


def test_a_draft_of_a_dutch_scan_is_in_dutch(client, consultant, scan):
    factories.varied_answers(scan, Item.objects.active().order_by("area__position", "position"))
    gap = present(scan).gaps[0]
    scan.actions.create(
        item=Item.objects.get(code=gap.code), title="Klantreis herzien", impact=4, effort=2
    )
    client.force_login(consultant)
    client.cookies["django_language"] = "en"  # the reader's language is not the scan's
    draft(client, scan)
    summary = NarrativeText.objects.get(scan=scan, kind="summary").text
    weakest = weakest_area(scan)
    assert "Acme Retail zit op volwassenheidsniveau" in summary
    assert f"het zwakste is **{weakest.name['nl']}**" in summary
    action = "de actie ‘Klantreis herzien’ pakt dit aan."
    assert f"{gap.statement['nl'].rstrip('.')} (score {gap.value} van 4); {action}" in summary


def test_a_draft_asks_before_replacing_written_texts(alice, answered):
    alice.post(summary_url(answered), {"text": "My own summary."})
    response = draft(alice, answered)
    assert response.status_code == 200
    assert "Replace your texts?" in response.text
    assert text_of(response.text, "taken-texts").startswith("Executive summary")
    assert texts(answered) == {"summary": "My own summary."}  # asking changed nothing
    # Filling only the empty texts keeps the summary.
    draft(alice, answered, confirm="1")
    assert NarrativeText.objects.get(kind="summary").text == "My own summary."
    assert NarrativeText.objects.filter(kind="area").count() == len(present(answered).areas)
    # Replacing what was listed replaces it.
    draft(alice, answered, confirm="1", replace=["summary"])
    assert NarrativeText.objects.get(kind="summary").text.startswith("Acme Retail is at")


def test_a_confirmed_draft_keeps_a_text_written_after_the_question(
    client, consultant, colleague, answered
):
    client.force_login(consultant)
    client.post(summary_url(answered), {"text": "Alice's summary."})
    client.post(area_url(answered, "purpose"), {"text": "Bob's purpose."})
    # Alice confirmed replacing the summary only; the purpose text was not on her list.
    draft(client, answered, confirm="1", replace=["summary"])
    assert NarrativeText.objects.get(kind="area", code="purpose").text == "Bob's purpose."
    assert NarrativeText.objects.get(kind="summary").text.startswith("Acme Retail is at")


def test_a_draft_of_an_unanswered_scan_says_there_is_no_level_yet(alice, english_scan):
    assert draft(alice, english_scan).status_code == 302
    summary = NarrativeText.objects.get(kind="summary").text
    assert "Acme Retail has no overall maturity level yet" in summary
    with translation.override("en"):
        assert "has no score yet" in NarrativeText.objects.get(kind="area", code="purpose").text


# --- privacy -----------------------------------------------------------------------------------


def test_the_organisation_export_holds_the_texts_and_erasing_removes_them(alice, english_scan):
    from privacy.erase import erase_organisation
    from privacy.exporter import organisation_document

    alice.post(summary_url(english_scan), {"text": "Our **summary**."})
    alice.post(area_url(english_scan, "purpose"), {"text": "Purpose."})
    document, _files = organisation_document(english_scan.organisation)
    rows = document["records"]["narrative.narrativetext"]
    assert {(row["kind"], row["code"], row["text"], row["written_by"]) for row in rows} == {
        ("summary", "", "Our **summary**.", "alice"),
        ("area", "purpose", "Purpose.", "alice"),
    }
    assert document["results"][0]["document"]["narrative"]["summary"] == "Our **summary**."
    erase_organisation(english_scan.organisation, by="test")
    assert not NarrativeText.objects.exists()


def test_a_draft_tells_the_progress_since_the_previous_scan(alice, english_scan):
    factories.answer_items(english_scan, area="purpose", value=1)
    factories.complete(english_scan)
    follow_up = factories.follow_up(english_scan)
    factories.answer_items(follow_up, area="purpose", value=3)
    draft(alice, follow_up)
    written = {row.key: row.text for row in NarrativeText.objects.filter(scan=follow_up)}
    since = present(follow_up).progress_since
    assert (
        f"Since the previous scan of {since} the overall score rose by 50.0 points"
        in (written["summary"])
    )
    assert "Since the previous scan its score rose by 50.0 points." in written["area:purpose"]


def test_a_draft_says_where_the_workshop_disagreed(alice, english_scan):
    factories.answer_items(english_scan, area="purpose", value=2)
    factories.workshop(
        english_scan,
        participants=["Ann", "Bea"],
        votes={"purpose-01": [0, 4], "purpose-02": [2, 2]},
    )
    draft(alice, english_scan)
    written = {row.key: row.text for row in NarrativeText.objects.filter(scan=english_scan)}
    purpose = Area.objects.get(code="purpose")
    statement = Item.objects.get(code="purpose-01").statement_en.rstrip(".")
    assert (
        f"In the workshop the team disagreed most on **{purpose.name_en}**: on 1 of the 2 "
        "statements voted on." in written["summary"]
    )
    assert (
        f"disagreed on 1 of the 2 statements voted on, among them: “{statement}”."
        in (written["area:purpose"])
    )
