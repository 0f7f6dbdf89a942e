"""Factories: the people, clients, scans, answers and workshops tests and benches start from.

Plain functions, not factory_boy, because:
- the bench scripts (bench/) import them outside pytest, with no test-only package needed;
- what matters is built the way the project's own code builds it: a completed scan goes through
  `scoring.completion.complete`, a follow-up through `checklists.followups.start_follow_up`;
  a factory library's declarations would hide those calls behind post-generation hooks;
- many answers or votes are one `bulk_create` (one query), not one INSERT each.

Each function takes the fields a caller cares about as keywords and picks plain defaults for the
rest (the personas of tests/conftest.py: Alice, Bob, Charlie; the client Acme Retail). They need
a database with the checklist content loaded (tests/conftest.py loads it once; the benches call
`load_content`). Import them inside functions in bench scripts, after `django.setup()`.
"""

from collections.abc import Iterable, Mapping

from django.contrib.auth import get_user_model

from checklists.models import Answer, Area, Item, Organisation, Scan
from consultancies.models import Consultancy, Membership

# An answer as a test writes it: a value 0–4, "na" (not applicable), or None (a note only).
Choice = int | str | None
NOT_APPLICABLE = "na"


DEFAULT_CONSULTANCY = "kompas"


def consultancy(
    name: str = "Kompas CX Advies", *, slug: str | None = None, **fields
) -> Consultancy:
    """A consultancy (tenant); the default one is where users and organisations land unless a
    test names another. Made once per slug (get_or_create)."""
    slug = slug or (
        DEFAULT_CONSULTANCY if name == "Kompas CX Advies" else name.lower().replace(" ", "-")
    )
    fields.setdefault("contributes_to_benchmarks", True)
    return Consultancy.objects.get_or_create(slug=slug, defaults={"name": name, **fields})[0]


def member(
    username: str = "olivia",
    *,
    consultancy: Consultancy | None = None,
    role: str = Membership.Role.CONSULTANT,
    password: str = "password",
    **fields,
):
    """A user who is a member of `consultancy` (the default one when not given) in `role`."""
    fields.setdefault("email", f"{username}@example.com")
    created = get_user_model().objects.create_user(username, password=password, **fields)
    Membership.objects.create(
        user=created, consultancy=consultancy or default_consultancy(), role=role
    )
    return created


def owner(username: str = "olivia", *, consultancy: Consultancy | None = None, **fields):
    """A consultancy's owner: manages its members and settings, sees all its organisations."""
    return member(username, consultancy=consultancy, role=Membership.Role.OWNER, **fields)


def default_consultancy() -> Consultancy:
    return consultancy()


def user(
    username: str = "alice",
    *,
    password: str = "password",
    consultancy: Consultancy | None = None,
    **fields,
):
    """A consultant: an ordinary user with no staff rights, a member of `consultancy` (the
    default one when not given) (`email` defaults to the name's)."""
    return member(username, consultancy=consultancy, password=password, **fields)


def staff_user(username: str = "ada", *, password: str = "password", superuser: bool = True):
    """Platform staff: a superuser in no consultancy by default (the admin), or staff without
    every permission (a member of the default consultancy, who sees only what a consultant
    sees: is_staff opens the content admin, not client data)."""
    if superuser:
        return get_user_model().objects.create_superuser(
            username, f"{username}@example.com", password
        )
    return user(username, password=password, is_staff=True)


def organisation(
    name: str = "Acme Retail",
    *,
    consultants: Iterable = (),
    consultancy: Consultancy | None = None,
    **fields,
) -> Organisation:
    """A client organisation of `consultancy` (the default one) whose team are `consultants`."""
    created = Organisation.objects.create(
        name=name, consultancy=consultancy or default_consultancy(), **fields
    )
    consultants = list(consultants)
    if consultants:
        created.consultants.add(*consultants)
    return created


def scan(
    organisation: Organisation | None = None,
    *,
    title: str = "Scan 2026",
    created_by=None,
    status: str | None = None,
    **fields,
) -> Scan:
    """A scan of `organisation` (a new one with `created_by` on its team when not given).
    `status` is set after creation, as the first saved answer does (IN_PROGRESS)."""
    if organisation is None:
        organisation = Organisation.objects.create(
            name="Acme Retail", consultancy=default_consultancy()
        )
        if created_by is not None:
            organisation.consultants.add(created_by)
    created = Scan.objects.create(
        organisation=organisation, title=title, created_by=created_by, **fields
    )
    if status is not None:
        Scan.objects.filter(pk=created.pk).update(status=status)
        created.status = status
    return created


def answer_fields(choice: Choice) -> dict:
    """The model fields for one answer as a test writes it (4, "na", None)."""
    if choice == NOT_APPLICABLE:
        return {"value": None, "not_applicable": True}
    return {"value": choice, "not_applicable": False}


def answer(scan: Scan, item: Item | str, choice: Choice = None, **fields):
    """One answer (one INSERT, through `save`): `item` an Item or its code."""
    if isinstance(item, str):
        item = Item.objects.get(code=item)
    return Answer.objects.create(scan=scan, item=item, **answer_fields(choice), **fields)


def answer_items(
    scan: Scan,
    choices: Mapping[str, Choice] | None = None,
    *,
    area: str | None = None,
    items: Iterable[Item] | None = None,
    value: Choice = None,
    notes: Mapping[str, str] | None = None,
    **fields,
) -> list:
    """Answers in one query (bulk_create): `choices` by item code ({"purpose-01": 3, "eco-01":
    "na"}), or every active item of `area` (or of `items`, or of the checklist) at `value`.
    `notes` by item code; `fields` (note, answered_by, ...) go into every answer."""
    if choices is not None:
        by_code = Item.objects.in_bulk(list(choices), field_name="code")
        pairs = [(by_code[code], choice) for code, choice in choices.items()]
    else:
        if items is None:
            items = Item.objects.active().order_by("area__position", "position")
            if area is not None:
                items = items.filter(area__code=area)
        pairs = [(item, value) for item in items]
    if notes:
        return Answer.objects.bulk_create(
            Answer(scan=scan, item=item, **answer_fields(choice), note=notes.get(item.code, ""))
            for item, choice in pairs
        )
    return Answer.objects.bulk_create(
        Answer(scan=scan, item=item, **answer_fields(choice), **fields) for item, choice in pairs
    )


def varied_answers(
    scan: Scan, items: Iterable[Item], user=None, *, note: str = "Toelichting bij dit antwoord."
) -> list:
    """Varied answers to `items` (the benches' full scans): values 0–4, every tenth N/A, `note`
    on every third."""
    return Answer.objects.bulk_create(
        Answer(
            scan=scan,
            item=item,
            value=None if index % 10 == 9 else (index * 7) % 5,
            not_applicable=index % 10 == 9,
            note=note if index % 3 == 0 else "",
            answered_by=user,
        )
        for index, item in enumerate(items)
    )


def answered_scan(
    organisation: Organisation | None = None,
    choices: Mapping[str, Choice] | None = None,
    *,
    area: str | None = None,
    value: Choice = None,
    **fields,
) -> Scan:
    """A scan in progress with answers (see `answer_items`; every active item at `value` when
    neither `choices` nor `area` is given)."""
    made = scan(organisation, status=Scan.Status.IN_PROGRESS, **fields)
    answer_items(made, choices, area=area, value=value)
    return made


def complete(scan: Scan) -> Scan:
    """Complete `scan` as the button does (`scoring.completion.complete`): results frozen."""
    from scoring import completion

    completion.complete(scan)
    return scan


def completed_scan(
    organisation: Organisation | None = None,
    choices: Mapping[str, Choice] | None = None,
    **fields,
) -> Scan:
    """An answered scan, completed (its results frozen). With no answers given: purpose-01 at 3."""
    if choices is None and "area" not in fields:
        choices = {"purpose-01": 3}
    return complete(answered_scan(organisation, choices, **fields))


def follow_up(previous: Scan, *, title: str = "Follow-up", user=None, carry_over: bool = False):
    """The follow-up of a completed scan, started as the follow-up page does (same organisation
    and language; the answers carried over when `carry_over`)."""
    from checklists.followups import start_follow_up

    return start_follow_up(
        previous, title=title, carry_over=carry_over, user=user or previous.created_by
    )


def workshop(
    scan: Scan,
    *,
    areas: Iterable[str] = ("purpose",),
    created_by=None,
    participants: Iterable[str] | int = (),
    votes: Mapping[str, Iterable[Choice]] | None = None,
    **fields,
):
    """A workshop on `scan` over `areas` (codes), with `participants` (names, or a number of
    "Deelnemer n") and `votes` {item code: one choice per participant, in order} in one query."""
    from workshops.models import Workshop

    created = Workshop.objects.create(scan=scan, created_by=created_by or scan.created_by, **fields)
    created.areas.set(Area.objects.filter(code__in=list(areas)))
    if isinstance(participants, int):
        participants = [f"Deelnemer {n + 1}" for n in range(participants)]
    join(created, participants, votes)
    return created


def join(
    workshop,
    names: Iterable[str],
    votes: Mapping[str | Item, Iterable[Choice]] | None = None,
) -> list:
    """Participants `names` join `workshop` and vote: `votes` {item (or its code): one choice
    per participant, in order; None for no vote}. Two queries however big the room."""
    from workshops.models import Participant, Vote

    people = Participant.objects.bulk_create(
        Participant(workshop=workshop, name=name) for name in names
    )
    if votes:
        codes = [item for item in votes if isinstance(item, str)]
        by_code = Item.objects.in_bulk(codes, field_name="code") if codes else {}
        Vote.objects.bulk_create(
            Vote(
                participant=person,
                workshop=workshop,
                item=by_code[item] if isinstance(item, str) else item,
                **answer_fields(choice),
            )
            for item, choices in votes.items()
            for person, choice in zip(people, choices, strict=True)
            if choice is not None
        )
    return people
