"""Dutch is the default language, English the second; UI and content follow the choice."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_home_is_dutch_by_default(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert '<html lang="nl">' in response.text
    assert "Hoe klantgericht is je organisatie?" in response.text  # UI, from the catalogue
    assert "Ecosysteem" in response.text  # content, from the _nl fields
    assert "Klantgedreven" in response.text


def test_home_in_english(client):
    response = client.get(reverse("home"), headers={"accept-language": "en"})
    assert '<html lang="en">' in response.text
    assert "How customer-centred is your organisation?" in response.text
    assert "Ecosystem" in response.text
    assert "Customer-driven" in response.text


def test_language_switch_in_the_header_changes_the_language(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert "How customer-centred is your organisation?" in response.text
    response = client.post(reverse("set_language"), {"language": "nl", "next": "/"}, follow=True)
    assert "Hoe klantgericht is je organisatie?" in response.text


def test_login_page_in_both_languages(client):
    assert "Inloggen" in client.get(reverse("login")).text
    english = client.get(reverse("login"), headers={"accept-language": "en"}).text
    assert "Log in" in english


def test_home_lists_areas_and_pillars_in_method_order(client):
    text = client.get(reverse("home"), headers={"accept-language": "en"}).text
    areas = ["Purpose", "Customer journey", "Ecosystem", "CX metrics and improvement"]
    assert [text.index(name) for name in areas] == sorted(text.index(name) for name in areas)
    pillars = ["CX strategy", "Customer-centric culture", "Organisational adoption", "CX metrics,"]
    assert [text.index(name) for name in pillars] == sorted(text.index(name) for name in pillars)


# --- The scripts' messages: the JavaScript catalogue, in the language asked for ---


def js_catalogue(client, query=""):
    """The translations that /jsi18n/ hands to gettext() in the browser (msgid -> msgstr)."""
    response = client.get(reverse("javascript-catalog") + query)
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
    found = re.search(r"const newcatalog = (\{.*?\});\n", response.text, re.DOTALL)
    return json.loads(found.group(1)) if found else {}


def test_javascript_catalogue_in_dutch(client):
    catalogue = js_catalogue(client, "?lang=nl")
    assert catalogue["Saving…"] == "Opslaan…"
    retrying = catalogue["Not saved: trying again in %s s…"]
    assert retrying == "Niet opgeslagen: opnieuw proberen over %s s…"


def test_javascript_catalogue_in_english_leaves_the_english_messages(client):
    # English is the source language: no translations, so gettext() returns the message itself,
    # even for a visitor whose own language is Dutch.
    catalogue = js_catalogue(client, "?lang=en")
    assert "Saving…" not in catalogue
    assert "Opslaan…" not in json.dumps(catalogue, ensure_ascii=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    assert "Saving…" not in js_catalogue(client, "?lang=en")


@pytest.mark.parametrize("query", ["", "?lang=xx", "?lang="])
def test_javascript_catalogue_defaults_to_the_default_language(client, query):
    assert js_catalogue(client, query)["Saving…"] == "Opslaan…"  # LANGUAGE_CODE is nl


@pytest.mark.parametrize("language", ["nl", "en"])
def test_scan_page_loads_the_catalogue_in_the_page_language(client, consultant, scan, language):
    """The scripts speak the page's language: the scan's, until the user switches in the header."""
    scan.language = language
    scan.save()
    client.force_login(consultant)
    url = reverse("checklists:scan_area", args=[scan.pk, "purpose"])
    page = client.get(url).text
    catalogue = f'<script src="{reverse("javascript-catalog")}?lang={language}"></script>'
    assert catalogue in page
    assert page.index(catalogue) < page.index("js/scan.js")  # gettext() exists when scan.js runs
    other = "en" if language == "nl" else "nl"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = other  # switched in the header
    switched = client.get(url).text
    assert f'<script src="{reverse("javascript-catalog")}?lang={other}"></script>' in switched


# --- No user-facing text written into the scripts ---

JS_DIR = Path(settings.BASE_DIR) / "static" / "js"
# A literal directly inside gettext(...) and friends (also the later arguments of ngettext).
TRANSLATED = re.compile(r"\b(?:n|p|np)?gettext\s*\(\s*(?:(['\"])(?:\\.|(?!\1).)*\1\s*,\s*)*$")
CLASS_LIST = re.compile(r"\s*[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\s+[a-z][a-z0-9]*(?:-[a-z0-9]+)*)*\s*")


def string_literals(source):
    """(offset, text) of every string literal; skips comments and regular expression literals."""
    found, i, previous = [], 0, ""
    while i < len(source):
        char, pair = source[i], source[i : i + 2]
        if pair == "//":
            i = source.find("\n", i)
            i = len(source) if i < 0 else i
        elif pair == "/*":
            i = source.index("*/", i) + 2
        elif char == "/" and (not previous or previous in "(,=:[!&|?{};+-*%<>~^"):
            i += 1  # a regular expression literal
            in_class = False
            while source[i] != "/" or in_class:
                in_class = (in_class or source[i] == "[") and source[i] != "]"
                i += 2 if source[i] == "\\" else 1
            i += 1
            previous = "/"
        elif char in "'\"`":
            start, i = i, i + 1
            while source[i] != char:
                i += 2 if source[i] == "\\" else 1
            found.append((start, source[start + 1 : i]))
            i += 1
            previous = char
        else:
            if not char.isspace():
                previous = char
            i += 1
    return found


# Names of keys as a KeyboardEvent's `key` gives them ("Arrow" as the start of ArrowUp etc.).
KEY_NAMES = {"Enter", "Escape", "Tab", "Home", "End", "Arrow", "ArrowUp", "ArrowDown"}
KEY_NAMES |= {"ArrowLeft", "ArrowRight", "PageUp", "PageDown", "Backspace", "Delete"}


def looks_like_text(literal):
    """Words a person reads, not a selector, class list, event or header name."""
    if literal == "use strict" or CLASS_LIST.fullmatch(literal) or literal in KEY_NAMES:
        return False
    return bool(
        re.search(r"[^\x00-\x7f]", literal)  # "…", "é": never in our selectors
        or re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}", literal)  # two words
        or re.fullmatch(r"[A-Z][a-z]+[.!?…]?", literal)  # "Saved"
    )


def untranslated_texts(source):
    return [
        text
        for offset, text in string_literals(source)
        if looks_like_text(text) and not TRANSLATED.search(source[:offset])
    ]


def test_the_text_check_finds_text_and_passes_code():
    code = """
      "use strict";
      var a = gettext("Saving…"), b = ngettext("One answer", "%s answers", n);
      var c = document.cookie.match(/(?:^|;\\s*)csrftoken="([^;]+)/);  // "Not text" in a comment
      el.className = "save-status small mt-1" + " text-danger fw-semibold";
      el.querySelector('input[name="' + name + '"]:checked');
      headers["X-CSRFToken"] = token; document.addEventListener("htmx:configRequest", f);
      if (event.key === "Enter" || event.key.indexOf("Arrow") === 0) { save(); }
    """
    assert untranslated_texts(code) == []
    bad = """
      var t = lang === "nl" ? { saving: "Opslaan…" } : { saving: "Saving" };
      alert("Not saved yet");
    """
    assert untranslated_texts(bad) == ["Opslaan…", "Saving", "Not saved yet"]


@pytest.mark.parametrize("path", sorted(JS_DIR.glob("*.js")), ids=lambda path: path.name)
def test_scripts_take_their_text_from_the_catalogue(path):
    assert untranslated_texts(path.read_text(encoding="utf-8")) == [], (
        f"{path.name}: user-facing text must go through gettext() (the JavaScript catalogue)"
    )


# --- Dutch says "je", never the formal "u" ---

CATALOGUES = sorted((Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES").glob("*.po"))
FORMAL = re.compile(r"\b(u|uw|uzelf)\b", re.IGNORECASE)


def msgstrs(text):
    """Each translation of a .po file, its quoted lines joined."""
    for block in re.finditer(r'^msgstr(?:\[\d+\])? ((?:"(?:[^"\\]|\\.)*"\s*)+)', text, re.M):
        yield "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block.group(1)))


def formal_translations(text):
    return [translation for translation in msgstrs(text) if FORMAL.search(translation)]


def test_the_formal_check_finds_u_and_uw_and_passes_je():
    po = (
        'msgid "a"\nmsgstr "Hoe zeker bent u?"\n\nmsgid "b"\nmsgstr ""\n"Met uw "\n"token"\n\n'
        'msgid "c"\nmsgstr "Je hebt uitleg; zie de URL."\n'
    )
    assert formal_translations(po) == ["Hoe zeker bent u?", "Met uw token"]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.name)
def test_dutch_says_je_not_u(path):
    assert CATALOGUES
    assert formal_translations(path.read_text(encoding="utf-8")) == []


# Django's own admin and auth sentences that a consultant or an admin meets: their Dutch says
# "u"; our catalogue (first in LOCALE_PATHS) says "je".
DJANGO_FORMAL = [
    "You don’t have permission to view or edit anything.",
    "After you’ve created a user, you’ll be able to edit more user options.",
    "Deleting the selected %(objects_name)s would result in deleting related objects, but your "
    "account doesn't have permission to delete the following types of objects:",
    "Are you sure you want to delete the selected %(objects_name)s? All of the following objects "
    "and their related items will be deleted:",
    "You are authenticated as %(username)s, but are not authorized to access this page. Would "
    "you like to login to a different account?",
    "Your password was changed.",
    "Please enter your old password, for security’s sake, and then enter your new password twice "
    "so we can verify you typed it in correctly.",
    "Your password has been set.  You may go ahead and log in now.",
    "Designates whether this user should be treated as active. Unselect this instead of deleting "
    "accounts.",
]


@pytest.mark.parametrize("message", DJANGO_FORMAL, ids=lambda message: message[:30])
def test_djangos_admin_sentences_say_je_in_dutch(message):
    with translation.override("nl"):
        dutch = translation.gettext(message)
    assert dutch != message  # translated
    assert not FORMAL.search(dutch), dutch
