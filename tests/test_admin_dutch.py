"""Every admin page speaks Dutch with a Dutch UI: model and field names, Django 6.1's own new
strings, the packages' (axes, django-tasks-db) and the permissions' names, and messages that fit
"het" words ("De item … is met succes gewijzigd" was English and wrong)."""

import html
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django_tasks_db.models import DBTaskResult, get_date_max

from api.models import ApiToken
from checklists.models import Area, Item
from workshops.models import Workshop

from . import evidence_files as files

pytestmark = pytest.mark.django_db

# What the walk found in English on the Dutch admin before it was translated. Whole words or
# phrases, case-sensitive: the English content fields (statement_en, name_en) are meant to show.
ENGLISH = [
    "Items",
    "Selecteer item",
    "item toevoegen",
    "item wijzigen",
    "Access attempts",
    "access attempt",
    "Access failures",
    "access failure",
    "Access logs",
    "access log",
    "Attempt Time",
    "Locked Out",
    "Logout Time",
    "IP Address",
    "User Agent",
    "Username",
    "Meta Data",
    "HTTP Accept",
    "Access lock out",
    "Tasks Database Backend",
    "Task Results",
    "Task Result",
    "Task name",
    "priority",
    "queue name",
    "Search",
    "Pagination",
    "Filter by",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
    "Current item",
    "Created by",
    "Django-beheer",
    "Django-websitebeheer",
    "Uw wachtwoord",
    "Geselecteerde gebied",
    "Geselecteerde items",
]


def visible_text(page: str) -> str:
    """What a reader sees or hears: text, and the titles, labels and placeholders."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    said = re.findall(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"', page)
    buttons = re.findall(r'<input[^>]*type="(?:submit|button)"[^>]*value="([^"]*)"', page)
    text = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(" ".join([text, *said, *buttons]))


def messages_of(page: str) -> list[str]:
    """The admin's messages after a save, as read."""
    found = re.findall(r'<ul class="messagelist">(.*?)</ul>', page, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", part)).split()) for part in found]


def english_in(page: str) -> list[str]:
    text = visible_text(page)
    return [
        words for words in ENGLISH if re.search(rf"(?<![\w-]){re.escape(words)}(?![\w-])", text)
    ]


@pytest.fixture
def one_of_each(completed_scan, consultant, admin_user, client):
    """A row for every model in the admin, so that each has a change page to walk."""
    Group.objects.create(name="Consultants")
    who = {
        "username": "bob",
        "ip_address": "127.0.0.1",
        "user_agent": "Firefox",
        "http_accept": "text/html",
        "path_info": "/accounts/login/",
    }
    AccessAttempt.objects.create(**who, get_data="", post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(**who, locked_out=False)
    AccessLog.objects.create(**who)
    DBTaskResult.objects.create(
        task_path="reports.tasks.render_report_task",
        args_kwargs={"args": [completed_scan.pk, "nl"], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),  # "run as soon as possible"
        exception_class_path="",
        traceback="",
    )
    Workshop.objects.create(scan=completed_scan, created_by=consultant)
    ApiToken.issue(consultant, "Power BI")
    client.force_login(consultant)
    upload = SimpleUploadedFile("whiteboard.png", files.png(), content_type="image/png")
    url = reverse("checklists:evidence_upload", args=[completed_scan.pk, "purpose-01"])
    completed_scan.status = "in_progress"
    completed_scan.save()
    assert client.post(url, {"file": upload}, HTTP_HX_REQUEST="true").status_code == 200
    client.logout()
    client.force_login(admin_user)
    return client


def admin_pages():
    """Every changelist, add and change page of the admin (change: of the first row)."""
    for model in admin.site._registry:
        meta = model._meta
        row = model.objects.first()
        for view, args in [("changelist", []), ("add", []), ("change", [row.pk] if row else None)]:
            if args is None:
                continue
            try:
                yield reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)
            except NoReverseMatch:
                continue


def test_every_admin_page_is_dutch(one_of_each, settings):
    settings.LANGUAGE_CODE = "nl"
    client = one_of_each
    walked, found = [], {}
    for url in ["/admin/", *admin_pages()]:
        response = client.get(url, follow=True)
        if response.status_code == 403:  # no add page (axes, stored reports, tokens)
            continue
        assert response.status_code == 200, url
        walked.append(url)
        if english := english_in(response.text):
            found[url] = english
    assert found == {}
    changed = {url for url in walked if url.endswith("/change/")}
    assert len(walked) >= 45 and len(changed) >= 15


def test_the_english_check_finds_english_and_passes_dutch_and_content():
    assert english_in("<h1>Items</h1><input type=submit value=x aria-label='n'>") == ["Items"]
    assert english_in('<a title="Search stellingen">x</a>') == ["Search"]
    assert english_in("<td>Research shows we have customer-driven items</td>") == []


def test_changing_a_statement_says_so_in_dutch(client, admin_user, settings):
    settings.LANGUAGE_CODE = "nl"
    client.force_login(admin_user)
    item = Item.objects.get(code="purpose-02")
    data = {
        "code": item.code,
        "area": item.area_id,
        "topic": item.topic_id or "",
        "pillar": item.pillar_id,
        "weight": item.weight,
        "position": item.position,
        "is_active": "on",
        "statement_nl": item.statement_nl,
        "statement_en": item.statement_en,
        "guidance_nl": item.guidance_nl,
        "guidance_en": item.guidance_en,
    }
    url = reverse("admin:checklists_item_change", args=[item.pk])
    response = client.post(url, data, follow=True)
    assert messages_of(response.text) == [f"“{item}” (stelling) is gewijzigd."]


def test_a_het_word_gets_no_de_either(client, admin_user, settings):
    settings.LANGUAGE_CODE = "nl"
    client.force_login(admin_user)
    area = Area.objects.get(code="purpose")
    data = {
        "code": area.code,
        "position": area.position,
        "name_nl": area.name_nl,
        "name_en": area.name_en,
        "description_nl": area.description_nl,
        "description_en": area.description_en,
    }
    response = client.post(
        reverse("admin:checklists_area_change", args=[area.pk]), data, follow=True
    )
    assert messages_of(response.text) == [f"“{area}” (gebied) is gewijzigd."]


def test_permissions_are_named_in_dutch(client, admin_user, settings):
    settings.LANGUAGE_CODE = "nl"
    client.force_login(admin_user)
    page = html.unescape(client.get(reverse("admin:auth_group_add")).text)
    assert "Inhoud van de checklist | stelling | Mag stelling wijzigen" in page
    assert "Can change item" not in page


def test_the_password_rules_say_je(client, consultant):
    """Django's Dutch password rules say "Uw wachtwoord"; the site says "je" throughout."""
    client.force_login(consultant)
    page = html.unescape(client.get(reverse("password_change")).text)
    assert "Je wachtwoord moet minstens 8 tekens lang zijn." in page
    assert "Je wachtwoord mag niet volledig uit cijfers bestaan." in page
    assert "Uw " not in page
