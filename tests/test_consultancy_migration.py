"""An installation from before consultancies moves into one consultancy with nothing lost.

The database is migrated back to the state before the consultancies app (one branding record,
organisations with their consultants, staff and superusers), filled through that state's
models, then migrated forward again.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from branding.models import Branding
from checklists.access import organisations_for
from checklists.models import Organisation, Scan
from consultancies.models import Consultancy, Membership

BEFORE = [
    ("checklists", "0008_evidence"),
    ("branding", "0001_branding"),
    ("consultancies", None),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    reached = [(app, name) for app, name in targets if name is not None]  # None: unapplied
    return executor.loader.project_state(reached).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def fill(old, *, branding: bool):
    User = old.get_model("auth", "User")
    alice = User.objects.create(username="alice", is_active=True)
    User.objects.create(username="sam", is_staff=True, is_active=True)
    User.objects.create(username="root", is_staff=True, is_superuser=True, is_active=True)
    Organisation = old.get_model("checklists", "Organisation")
    acme = Organisation.objects.create(name="Acme Retail", sector="Retail")
    acme.consultants.add(alice)
    Organisation.objects.create(name="Beta Telecom")
    old.get_model("checklists", "Scan").objects.create(
        organisation=acme, title="Scan 2025", created_by=alice
    )
    if branding:
        old.get_model("branding", "Branding").objects.create(
            name="Kompas CX Advies", accent="#c2410c"
        )


@pytest.mark.django_db(transaction=True)
def test_everything_moves_into_one_consultancy_named_after_the_branding(client):
    fill(migrate(BEFORE), branding=True)

    migrate(latest())

    first = Consultancy.objects.get()
    assert (first.name, first.slug) == ("Kompas CX Advies", "kompas-cx-advies")
    assert first.contributes_to_benchmarks and not first.require_mfa
    assert Branding.objects.get().consultancy == first
    assert Branding.objects.get().accent == "#c2410c"
    assert sorted(Organisation.objects.values_list("name", "consultancy")) == [
        ("Acme Retail", first.pk),
        ("Beta Telecom", first.pk),
    ]
    assert list(
        Organisation.objects.get(name="Acme Retail").consultants.values_list("username", flat=True)
    ) == ["alice"]
    assert list(Scan.objects.values_list("title", "organisation__name")) == [
        ("Scan 2025", "Acme Retail")
    ]
    # Staff become owners, other accounts consultants; superusers stay platform staff.
    assert sorted(Membership.objects.values_list("user__username", "role")) == [
        ("alice", "consultant"),
        ("sam", "owner"),
    ]
    users = get_user_model().objects
    assert [o.name for o in organisations_for(users.get(username="alice"))] == ["Acme Retail"]
    assert organisations_for(users.get(username="sam")).count() == 2
    assert organisations_for(users.get(username="root")).count() == 2
    # And the pages read it: Alice's dashboard wears the branding and lists her client.
    client.force_login(users.get(username="alice"))
    page = client.get(reverse("home")).text
    assert "Kompas CX Advies" in page and "Acme Retail" in page and "Beta Telecom" not in page


@pytest.mark.django_db(transaction=True)
def test_without_a_branding_record_the_consultancy_gets_a_plain_name():
    fill(migrate(BEFORE), branding=False)

    migrate(latest())

    first = Consultancy.objects.get()
    assert (first.name, first.contributes_to_benchmarks) == ("Consultancy", True)
    assert Organisation.objects.filter(consultancy=first).count() == 2
    assert Membership.objects.filter(consultancy=first).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_new_installation_gets_no_consultancy_from_the_migration():
    migrate(BEFORE)
    migrate(latest())
    assert not Consultancy.objects.exists()
