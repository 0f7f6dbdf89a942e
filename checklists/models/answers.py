"""A scan's answers and the evidence files that back them."""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .content import Item
from .organisations import Scan


class AnswerQuerySet(models.QuerySet):
    def answered(self):
        """Answers with a value or marked not applicable: what counts towards coverage."""
        return self.filter(models.Q(value__isnull=False) | models.Q(not_applicable=True))

    def unconfirmed(self):
        """Answers carried over from the previous scan that nobody has confirmed or changed."""
        return self.filter(carried_over_from__isnull=False)


class Answer(models.Model):
    """One item scored in one scan: a value 0–4, or not applicable, and an optional note.

    A row may hold only a note (typed before a value was chosen): it is kept, and counts as
    unanswered until it has a value or is marked not applicable.
    """

    class Value(models.IntegerChoices):
        NOT_IN_PLACE = 0, _("Not in place")
        # Not "Ad hoc": that is the name of maturity level 1, and all-1 answers score level 2.
        OCCASIONAL = 1, _("Occasional")
        PARTLY = 2, _("Partly in place")
        LARGELY = 3, _("Largely in place")
        FULLY = 4, _("Fully embedded and improved")

    class Confidence(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    NOTE_MAX_LENGTH = 2000
    EVIDENCE_MAX_LENGTH = 2000
    EVIDENCE_LINK_MAX_LENGTH = 500
    NOT_APPLICABLE = "na"  # how forms, exports and the scan page write "not applicable"

    scan = models.ForeignKey(
        Scan, on_delete=models.CASCADE, related_name="answers", verbose_name=_("scan")
    )
    # PROTECT: an item that has answers can be deactivated, never deleted.
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="answers", verbose_name=_("item")
    )
    value = models.PositiveSmallIntegerField(
        _("value"), choices=Value.choices, null=True, blank=True
    )
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    note = models.TextField(_("note"), blank=True, max_length=NOTE_MAX_LENGTH)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    carried_over_from = models.DateField(
        _("carried over from"),
        null=True,
        blank=True,
        help_text=_(
            "Set when the answer was copied from the previous scan (the date it was completed);"
            " cleared when the consultant confirms or changes the answer."
        ),
    )

    confidence = models.CharField(
        _("confidence"),
        max_length=6,
        choices=Confidence.choices,
        blank=True,
        help_text=_("How sure the consultant is of this answer; empty when not said."),
    )
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        max_length=EVIDENCE_MAX_LENGTH,
        help_text=_("What backs the answer: a document, a figure, an observation."),
    )
    evidence_link = models.URLField(
        _("evidence link"),
        blank=True,
        max_length=EVIDENCE_LINK_MAX_LENGTH,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The address of a document that backs the answer (http or https)."),
    )

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["scan", "item"], name="one_answer_per_scan_item"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__lte=4),
                name="answer_value_0_to_4",
            ),
            models.CheckConstraint(
                condition=models.Q(not_applicable=False) | models.Q(value__isnull=True),
                name="answer_value_or_not_applicable",
            ),
        ]

    def __str__(self):
        return f"{self.scan_id}/{self.item_id}: {self.choice}"

    @property
    def choice(self) -> str:
        """The answer as the scan form posts it: "0"–"4", "na", or "" when not yet scored."""
        return self.choice_for(self.value, self.not_applicable)

    @classmethod
    def choice_for(cls, value: int | None, not_applicable: bool) -> str:
        """`choice` from the two fields, for code that reads them without making an Answer."""
        if not_applicable:
            return cls.NOT_APPLICABLE
        return "" if value is None else str(value)


def evidence_path(instance: "EvidenceFile", filename: str) -> str:
    """A name chosen by the server: the scan's folder, a random name, the extension of the
    type recognised from the content (the caller passes a name ending in it)."""
    suffix = PurePosixPath(filename).suffix
    return f"evidence/{instance.answer.scan_id}/{secrets.token_hex(12)}{suffix}"


class EvidenceFile(models.Model):
    """A file that backs an answer. Stored through Django's storage API under a server-chosen
    name; served only by a view that checks the user may see the scan, always as a download."""

    MAX_BYTES = 10 * 1024 * 1024
    SCAN_QUOTA_BYTES = 50 * 1024 * 1024

    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="evidence_files", verbose_name=_("answer")
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    name = models.CharField(
        _("file name"), max_length=200, help_text=_("The name the file was uploaded with.")
    )
    size = models.PositiveIntegerField(_("size in bytes"))
    content_type = models.CharField(_("type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.name


class AnswerChange(models.Model):
    """One change to an answer (its value, note, confidence, evidence text or link): who made
    it, when, and what it was before and after. Written in the same transaction as the answer
    (`checklists.scanning.save_answers`, `checklists.evidence.save_evidence`), so the history
    never misses a save nor shows one that was rolled back.

    A note typed in one go is saved every few keystrokes; changes by the same person within
    `MERGE_SECONDS` of each other become one row (its "old" stays, its "new" moves on), so the
    history reads as the consultant changed it, not as the autosave sent it.
    """

    MERGE_SECONDS = 120

    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="changes", verbose_name=_("answer")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    # Kept when the account is deleted: the history still says who it was.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    at = models.DateTimeField(_("changed at"))
    # As `Answer.choice`: "0"–"4", "na", or "" (not scored).
    old_choice = models.CharField(_("old answer"), max_length=2, blank=True)
    new_choice = models.CharField(_("new answer"), max_length=2, blank=True)
    old_note = models.TextField(_("old note"), blank=True)
    new_note = models.TextField(_("new note"), blank=True)
    old_confidence = models.CharField(_("old confidence"), max_length=6, blank=True)
    new_confidence = models.CharField(_("new confidence"), max_length=6, blank=True)
    old_evidence = models.TextField(_("old evidence"), blank=True)
    new_evidence = models.TextField(_("new evidence"), blank=True)
    old_evidence_link = models.CharField(
        _("old evidence link"), max_length=Answer.EVIDENCE_LINK_MAX_LENGTH, blank=True
    )
    new_evidence_link = models.CharField(
        _("new evidence link"), max_length=Answer.EVIDENCE_LINK_MAX_LENGTH, blank=True
    )

    # What a change records of an answer, as `state` reads it: the stored fields are old_<name>
    # and new_<name>. Evidence files are not in it: each file keeps who uploaded it and when.
    FIELDS = ("choice", "note", "confidence", "evidence", "evidence_link")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("answer change")
        verbose_name_plural = _("answer changes")
        indexes = [models.Index(fields=["answer", "-at"], name="answer_change_latest")]

    def __str__(self):
        return f"{self.answer_id}: {self.old_choice or '–'} → {self.new_choice or '–'}"

    @classmethod
    def state(cls, answer: Answer) -> dict[str, str]:
        """The answer's recorded fields as they are now."""
        return {name: getattr(answer, name) for name in cls.FIELDS}

    def old_state(self) -> dict[str, str]:
        return {name: getattr(self, f"old_{name}") for name in self.FIELDS}

    @staticmethod
    def confidence_label(confidence: str) -> str:
        return str(Answer.Confidence(confidence).label) if confidence else "–"

    @property
    def old_confidence_label(self) -> str:
        return self.confidence_label(self.old_confidence)

    @property
    def new_confidence_label(self) -> str:
        return self.confidence_label(self.new_confidence)

    @property
    def confidence_changed(self) -> bool:
        return self.old_confidence != self.new_confidence

    @property
    def evidence_changed(self) -> bool:
        return self.old_evidence != self.new_evidence

    @property
    def evidence_link_changed(self) -> bool:
        return self.old_evidence_link != self.new_evidence_link

    @staticmethod
    def choice_label(choice: str) -> str:
        """A stored choice as the history shows it: "3 Largely in place", "N/A", "–"."""
        if not choice:
            return "–"
        if choice == Answer.NOT_APPLICABLE:
            return str(_("N/A"))
        return f"{choice} {Answer.Value(int(choice)).label}"

    @property
    def old_label(self) -> str:
        return self.choice_label(self.old_choice)

    @property
    def new_label(self) -> str:
        return self.choice_label(self.new_choice)

    @property
    def choice_changed(self) -> bool:
        return self.old_choice != self.new_choice

    @property
    def note_changed(self) -> bool:
        return self.old_note != self.new_note
