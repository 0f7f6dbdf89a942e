"""Running a scan: which items a page shows, saving answers, and progress per area."""

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from django.db import IntegrityError, connection, transaction
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from cxscan.numbers import rounded

from .models import (
    CONTENT_LANGUAGES,
    Answer,
    AnswerChange,
    Area,
    EvidenceFile,
    Item,
    Scan,
    Topic,
    active_content_language,
)

NOT_APPLICABLE = Answer.NOT_APPLICABLE
# An answer's evidence files, counted in the scan page's answers query by a correlated subquery
# written in SQL. The ORM's Count() made that query GROUP BY every column (three times as slow);
# an ORM Subquery() added about 0.8 ms to the Ecosystem page's query, this about 0.2 ms.
EVIDENCE_FILE_COUNT = RawSQL(
    f"SELECT COUNT(*) FROM {EvidenceFile._meta.db_table}"
    f" WHERE answer_id = {Answer._meta.db_table}.id",
    (),
    output_field=IntegerField(),
)
CHOICES = (*(str(value) for value in Answer.Value.values), NOT_APPLICABLE)


class AnswerRefused(Exception):
    """An answer that cannot be saved; `message` says why, for the person who typed it."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class AreaProgress:
    """How far an area is. An answer carried over from the previous scan and not yet confirmed
    or changed is "to confirm", not answered: nobody has looked at it in this scan yet."""

    area: Area
    answered: int
    total: int
    to_confirm: int = 0

    @property
    def open(self) -> bool:
        """Statements are left to answer or to confirm."""
        return self.answered < self.total

    @property
    def percent(self) -> int:
        return int(rounded(100 * self.answered / self.total, 0)) if self.total else 0


@dataclass
class ItemGroup:
    topic: Topic | None
    rows: list  # (item, answer or None)


def area_groups(scan: Scan, area: Area) -> list[ItemGroup]:
    """The active items of an area with this scan's answers, grouped under their topics.

    Two queries whatever the number of items: the items (with topics) and the answers.
    """
    items = list(
        Item.objects.active()
        .filter(area=area)
        .select_related("topic")
        .order_by("topic__position", "position", "code")
    )
    answers = {a.item_id: a for a in scan.answers.filter(item__in=[i.pk for i in items])}
    return [
        ItemGroup(topic, [(item, answers.get(item.pk)) for item in group])
        for topic, group in groupby(items, key=lambda item: item.topic)
    ]


@dataclass(slots=True)
class PageItem:
    """An item as the scan page lists it, with this scan's answer, in the active language.

    Plain values rather than model instances: building 68 items, their topics and answers as
    models took about a third of the Ecosystem page's time.
    """

    code: str
    statement: str
    guidance: str
    choice: str  # as the form posts it: "0"–"4", "na", or "" when not yet scored
    note: str
    has_answer: bool  # an answer row exists, if only with a note
    carried_from: date | None  # carried over from the previous scan (completed then), unconfirmed
    confidence: str  # "low", "medium", "high" or ""
    evidence_count: int  # evidence text, link and files, as many as there are


@dataclass
class PageGroup:
    topic_code: str  # "" for items without a topic
    topic_name: str
    items: list[PageItem]


def page_groups(scan: Scan, area: Area) -> list[PageGroup]:
    """What the scan page shows of an area: `area_groups` as plain values. Two queries (the
    answers with their evidence files counted)."""
    language = active_content_language()
    fallback = CONTENT_LANGUAGES[0]
    fields = ["pk", "code", "topic__code"]
    for name in ("statement", "guidance", "topic__name"):
        fields += [f"{name}_{language}", f"{name}_{fallback}"]
    rows = (
        Item.objects.active()
        .filter(area=area)
        .order_by("topic__position", "position", "code")
        .values_list(*fields)
    )
    answers = {
        item_id: (
            Answer.choice_for(value, not_applicable),
            note,
            carried_from,
            confidence,
            bool(evidence) + bool(link) + files,
        )
        for (
            item_id,
            value,
            not_applicable,
            note,
            carried_from,
            confidence,
            evidence,
            link,
            files,
        ) in scan.answers.filter(item__area=area, item__is_active=True)
        .annotate(files=EVIDENCE_FILE_COUNT)
        .values_list(
            "item_id",
            "value",
            "not_applicable",
            "note",
            "carried_over_from",
            "confidence",
            "evidence",
            "evidence_link",
            "files",
        )
    }
    groups: list[PageGroup] = []
    for (
        pk,
        code,
        topic_code,
        statement,
        statement_nl,
        guidance,
        guidance_nl,
        topic,
        topic_nl,
    ) in rows:
        answer = answers.get(pk)
        choice, note, carried_from, confidence, evidence_count = answer or ("", "", None, "", 0)
        if not groups or groups[-1].topic_code != (topic_code or ""):
            groups.append(PageGroup(topic_code or "", topic or topic_nl or "", []))
        groups[-1].items.append(
            PageItem(
                code,
                statement or statement_nl,
                guidance or guidance_nl or "",
                choice,
                note,
                answer is not None,
                carried_from,
                confidence,
                evidence_count,
            )
        )
    return groups


def progress(scan: Scan) -> list[AreaProgress]:
    """Answered, to confirm (carried over, unconfirmed) and total active items per area (N/A
    counts as answered). One query, in SQL (`PROGRESS_SQL`)."""
    # The counts are the raw query's extra columns, set on each area beside its fields.
    return [
        AreaProgress(area, area.answered, area.total, area.to_confirm)  # type: ignore[attr-defined]
        for area in Area.objects.raw(PROGRESS_SQL, [scan.pk])
    ]


# `progress` as one statement: every autosave answers with the progress, and the ORM took about
# 1.5 ms to build the same counts as two queries (areas with their items counted, and the
# answers per area), the query itself under 0.1 ms. "Answered" is `AnswerQuerySet.answered`
# (a value, or not applicable); tests/test_autosave_queries.py checks that the two agree.
PROGRESS_SQL = f"""
SELECT area.*, COUNT(item.id) AS total,
    COUNT(answer.id) - COUNT(answer.carried_over_from) AS answered,
    COUNT(answer.carried_over_from) AS to_confirm
FROM {Area._meta.db_table} area
LEFT JOIN {Item._meta.db_table} item ON item.area_id = area.id AND item.is_active
LEFT JOIN {Answer._meta.db_table} answer ON answer.item_id = item.id AND answer.scan_id = %s
    AND (answer.value IS NOT NULL OR answer.not_applicable)
GROUP BY area.id
ORDER BY area.position, area.code
"""


def progress_summary(scan: Scan) -> dict:
    """Progress per area and overall, as the stepper and progress bar show them."""
    areas = progress(scan)
    answered = sum(p.answered for p in areas)
    total = sum(p.total for p in areas)
    return {
        "progress": areas,
        "answered": answered,
        "to_confirm": sum(p.to_confirm for p in areas),
        "total": total,
        "percent": int(rounded(100 * answered / total, 0)) if total else 0,
    }


def unanswered_items(scan: Scan) -> list[Item]:
    """The active items without an answer (a value or N/A), carried over or not."""
    answered = scan.answers.answered()
    return list(
        Item.objects.active()
        .exclude(pk__in=answered.values("item_id"))
        .select_related("area", "topic")
        .order_by("area__position", "topic__position", "position")
    )


def unconfirmed_answers(scan: Scan):
    """The answers to active items carried over from the previous scan that nobody has
    confirmed or changed yet: the statements "to confirm"."""
    return scan.answers.answered().unconfirmed().filter(item__is_active=True)


def parse_choice(raw: str | None) -> str | None:
    """A posted answer value, checked against the scale. None when nothing was posted."""
    if raw is None:
        return None
    raw = raw.strip().lower()
    if raw not in CHOICES:
        raise AnswerRefused(
            _("“%(value)s” is not on the answer scale (0–4 or not applicable).") % {"value": raw}
        )
    return raw


def parse_note(raw: str | None) -> str | None:
    return limited_text(
        raw,
        Answer.NOTE_MAX_LENGTH,
        _("The note is %(length)d characters long; at most %(max)d fit. Nothing was saved."),
    )


def limited_text(raw: str | None, max_length: int, too_long: str) -> str | None:
    """Posted text (a note, evidence) as stored, or None when the field was not posted;
    `too_long` (with %(length)d and %(max)d) refuses it when it does not fit."""
    if raw is None:
        return None
    # Browsers count a line break as one character for maxlength but send it as \r\n. (NUL
    # bytes never get here: the middleware refuses every request that carries one.)
    raw = raw.replace("\r\n", "\n")
    if len(raw) > max_length:
        raise AnswerRefused(too_long % {"length": len(raw), "max": max_length})
    return raw


STATEMENT_SQL = f"SELECT * FROM {Item._meta.db_table} WHERE code = %s"


def statement(code: str) -> Item | None:
    """The statement (item) with this code, active or not, or None. Read fresh on every save
    (never from a cache: another process may just have deactivated it); in SQL, as the save's
    other statements (see `CLAIM_SQL`): `Item.objects.get` took 0.5 ms, this 0.2 ms."""
    return next(iter(Item.objects.raw(STATEMENT_SQL, [code])), None)


def check_open(scan: Scan) -> None:
    if scan.is_completed:
        raise completed_refusal()


def completed_refusal() -> AnswerRefused:
    return AnswerRefused(
        _("This scan is completed, so its answers can no longer change. Reopen it first."),
        status=409,
    )


def lock(scan: Scan) -> Scan:
    """The scan row, locked until the end of the transaction, as it is in the database now.

    Saving answers and completing both take this lock first, so a save either lands before the
    results are frozen (and is in them) or sees the completed scan and is refused
    (`save_answers` takes it with its conditional UPDATE of the scan, the same row lock).
    On PostgreSQL this is a row lock; SQLite begins every transaction IMMEDIATE (see settings),
    which serialises writers in the same way.
    """
    return Scan.objects.select_for_update(of=("self",)).get(pk=scan.pk)


@dataclass
class Change:
    """What was posted for one item: None for a field that was not posted (left as it is)."""

    item: Item
    choice: str | None = None
    note: str | None = None


def save_answer(scan: Scan, item: Item, *, choice: str | None, note: str | None, user) -> Answer:
    """Write what was posted for one item; fields that were not posted stay as they are.

    Only the posted fields are written, so two tabs (or two people) on the same scan never undo
    each other's answers to other items, or each other's note when one only changes the value.
    """
    return save_answers(scan, [Change(item, choice, note)], user=user)[0]


def save_answers(scan: Scan, changes: list[Change], *, user) -> list[Answer]:
    """Check every change, then write them all in one transaction, or none of them."""
    check_open(scan)
    checked = []
    for change in changes:
        if not change.item.is_active:
            raise AnswerRefused(_("This statement is no longer part of the scan."), status=404)
        choice, note = parse_choice(change.choice), parse_note(change.note)
        fields: dict[str, bool | int | str | None] = {}
        if choice is not None:
            fields["not_applicable"] = choice == NOT_APPLICABLE
            fields["value"] = None if choice == NOT_APPLICABLE else int(choice)
        if note is not None:
            fields["note"] = note
        checked.append((change.item, fields))
    with transaction.atomic():
        started = timezone.now()
        # `lock`'s row lock and the scan's status in one statement: the UPDATE locks the row
        # until the end of the transaction as SELECT ... FOR UPDATE does, so completing waits
        # for this save (or this save, for the completing). Its condition is evaluated on the
        # row as it is once the lock is held (on PostgreSQL, on the row a completing request
        # just committed), so a scan completed by another request since this one began
        # updates no row and the save is refused. A save makes a draft "in progress".
        if not _claim(scan, started):
            scan.status = Scan.Status.COMPLETED
            raise completed_refusal()
        scan.status, scan.updated_at = Scan.Status.IN_PROGRESS, started
        # Read with the lock held: saves to one answer get their times (and their order in its
        # history) in the order they were made.
        now = timezone.now()
        saved = []
        for item, fields in checked:
            # Saving the value or the note confirms a carried-over answer.
            values = {**fields, "answered_by": user, "carried_over_from": None}
            answer, created = locked_answer(scan, item, values)
            if created:  # with the values: it was empty before
                before = AnswerChange.state(Answer())
            else:
                before = AnswerChange.state(answer)
                for field, value in values.items():
                    setattr(answer, field, value)
                answer.updated_at = now
                _update(answer, [*values, "updated_at"])
            record_change(answer, before, user=user, at=now, first=created)
            saved.append(answer)
    return saved


def record_change(answer: Answer, before: dict[str, str], *, user, at, first: bool = False) -> None:
    """Add the change from `before` (`AnswerChange.state` read before the save) to the answer's
    history, in the caller's transaction. A change by the same person within
    `AnswerChange.MERGE_SECONDS` of their last one to this answer extends that row (a note is
    saved every few keystrokes); a row that ends where it began is removed. `first`: the
    answer was created in this transaction, so it has no history to read yet."""
    after = AnswerChange.state(answer)
    if after == before:
        return
    if not first and user is not None:
        merged = _merge_change(answer.pk, after, user_id=user.pk, at=at)
        if merged is not None:
            pk, old = merged
            if old == after:  # undone at once: no change left
                AnswerChange.objects.filter(pk=pk).delete()
            return
    AnswerChange.objects.create(
        answer=answer,
        user=user,
        username=user.get_username() if user is not None else "",
        at=at,
        **{f"old_{name}": value for name, value in before.items()},
        **{f"new_{name}": value for name, value in after.items()},
    )


# `record_change`'s merge as one statement: the answer's latest change, if it is this person's
# and recent, takes the new values and time, and says what it began with. Read and then
# updated through the ORM it was two queries and about 1 ms of an autosave's Python; here it is
# one (SQLite 3.35+ and PostgreSQL both return rows from an UPDATE).
MERGE_CHANGE_SQL = f"""
UPDATE {AnswerChange._meta.db_table}
SET at = %s, {", ".join(f"new_{name} = %s" for name in AnswerChange.FIELDS)}
WHERE id = (
    SELECT latest.id FROM {AnswerChange._meta.db_table} latest
    WHERE latest.answer_id = %s ORDER BY latest.at DESC, latest.id DESC LIMIT 1
) AND user_id = %s AND at >= %s
RETURNING id, {", ".join(f"old_{name}" for name in AnswerChange.FIELDS)}
"""


def _merge_change(
    answer_id: int, after: dict[str, str], *, user_id: int, at
) -> tuple[int, dict[str, str]] | None:
    """Merge `after` into the answer's latest change when `user_id` made it at most
    `AnswerChange.MERGE_SECONDS` before `at`: (its pk, its old state), or None (no such change,
    so nothing was written)."""
    adapt = connection.ops.adapt_datetimefield_value
    since = at - timedelta(seconds=AnswerChange.MERGE_SECONDS)
    with connection.cursor() as cursor:
        cursor.execute(
            MERGE_CHANGE_SQL,
            [
                adapt(at),
                *(after[name] for name in AnswerChange.FIELDS),
                answer_id,
                user_id,
                adapt(since),
            ],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return row[0], dict(zip(AnswerChange.FIELDS, row[1:], strict=True))


def confirm_answers(scan: Scan, items: list[Item], *, user) -> int:
    """Confirm carried-over answers as they are: the value and note stay, the mark goes.

    Returns how many were confirmed; items without a carried-over answer are left alone (no
    empty answer rows are made). Refused, like any save, once the scan is completed.
    """
    check_open(scan)
    if any(not item.is_active for item in items):
        raise AnswerRefused(_("This statement is no longer part of the scan."), status=404)
    with transaction.atomic():
        check_open(lock(scan))
        confirmed = (
            scan.answers.unconfirmed()
            .filter(item__in=items)
            .update(carried_over_from=None, answered_by=user, updated_at=timezone.now())
        )
        if confirmed:
            Scan.objects.filter(pk=scan.pk).update(updated_at=timezone.now())
    return confirmed


def answer_for_update(scan: Scan, item: Item) -> Answer:
    """The scan's answer to `item`, locked, created empty when there is none yet. Called with
    the scan's lock held (inside `lock`'s transaction)."""
    return locked_answer(scan, item)[0]


def locked_answer(scan: Scan, item: Item, values: dict | None = None) -> tuple[Answer, bool]:
    """`answer_for_update`, and whether this call created the answer (with `values`: an
    existing answer is returned as it is, for the caller to change)."""
    found = _locked(scan, item)
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            return Answer.objects.create(scan=scan, item=item, **(values or {})), True
    except IntegrityError:  # another request created it a moment ago
        return Answer.objects.select_for_update().get(scan=scan, item=item), False


# A save's statements on the scan and the answer, in SQL. Each took 0.4–1 ms of Python to build
# through the ORM (more than running it); every autosave runs them. Plain SQL that SQLite and
# PostgreSQL both run; values go through the fields' own conversion for the database.
CLAIM_SQL = (
    f"UPDATE {Scan._meta.db_table} SET status = %s, updated_at = %s WHERE id = %s AND status <> %s"
)
LOCKED_ANSWER_SQL = f"SELECT * FROM {Answer._meta.db_table} WHERE scan_id = %s AND item_id = %s"


def _claim(scan: Scan, at) -> bool:
    """Take the scan's row lock and make it "in progress" as of `at`, unless it is completed (in
    the database, once the lock is held): whether it was still open. See `save_answers`."""
    with connection.cursor() as cursor:
        cursor.execute(
            CLAIM_SQL,
            [
                Scan.Status.IN_PROGRESS.value,
                connection.ops.adapt_datetimefield_value(at),
                scan.pk,
                Scan.Status.COMPLETED.value,
            ],
        )
        return cursor.rowcount == 1


def _locked(scan: Scan, item: Item) -> Answer | None:
    """The scan's answer to `item`, locked until the end of the transaction (a row lock on
    PostgreSQL; SQLite's transaction holds the database's write lock), or None."""
    sql = LOCKED_ANSWER_SQL
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    return next(iter(Answer.objects.raw(sql, [scan.pk, item.pk])), None)


def _update(answer: Answer, names: list[str]) -> None:
    """Write the answer's fields named `names` (no other) as they are on the instance."""
    fields = [field for field in Answer._meta.concrete_fields if field.name in names]
    columns = ", ".join(f"{field.column} = %s" for field in fields)
    values = [
        field.get_db_prep_save(getattr(answer, field.attname), connection) for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Answer._meta.db_table} SET {columns} WHERE id = %s", [*values, answer.pk]
        )
