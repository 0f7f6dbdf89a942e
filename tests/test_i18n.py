"""Dutch is the default language, English the second; UI and content follow the choice."""

import pytest
from django.urls import reverse

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
