"""Evidence and confidence per answer: checking and saving them, and the files behind them.

Evidence is saved under the same rules as the answers (`scanning`): only while the scan is open,
under the scan's lock, and an answer row is created when there is none (a row may hold only
evidence). Files are recognised from their content (`filetypes`), stored through the storage
API under a name the server chooses, and counted against the scan's quota under the scan's lock,
so two uploads at once cannot pass it together. The stored file goes when its row goes, also by
cascade (`delete_stored_file`), once the deletion is committed.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cxscan.numbers import megabytes

from . import filetypes
from .models import Answer, AnswerChange, EvidenceFile, Item, Scan
from .scanning import (
    AnswerRefused,
    answer_for_update,
    check_open,
    limited_text,
    lock,
    record_change,
)

NAME_MAX_LENGTH = cast(int, EvidenceFile._meta.get_field("name").max_length)  # a CharField's
# Control characters (C0, DEL, C1) and the Unicode format characters that can disguise a name
# (e.g. the right-to-left override that turns "gpj.exe" around).
UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class EvidenceChange:
    """What was posted: None for a field that was not posted (left as it is)."""

    confidence: str | None = None
    evidence: str | None = None
    evidence_link: str | None = None


def parse_confidence(raw: str | None) -> str | None:
    if raw is None:
        return None
    raw = raw.strip().lower()
    if raw and raw not in Answer.Confidence.values:
        raise AnswerRefused(_("Choose a confidence of low, medium or high, or none."))
    return raw


def parse_evidence(raw: str | None) -> str | None:
    return limited_text(
        raw,
        Answer.EVIDENCE_MAX_LENGTH,
        _("The evidence is %(length)d characters long; at most %(max)d fit. Nothing was saved."),
    )


# A scheme at the start ("https:", "ftp:", "javascript:"), but not a host with a port ("host:8080").
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)


def with_scheme(address: str) -> str:
    """The address with https:// in front when it has no scheme ("confluence.example.nl/cx"),
    as Django's URLField assumes in forms; an address with another scheme is left to be
    refused."""
    if SCHEME.match(address):
        return address
    return "https:" + address if address.startswith("//") else "https://" + address


def parse_link(raw: str | None) -> str | None:
    """An http(s) address, as the model's validators accept it; "" clears the link. Without a
    scheme, https:// is put in front (the view says so)."""
    if raw is None:
        return None
    raw = raw.strip()
    if not raw:
        return ""
    raw = with_scheme(raw)
    if len(raw) > Answer.EVIDENCE_LINK_MAX_LENGTH:
        raise AnswerRefused(
            _("The link is %(length)d characters long; at most %(max)d fit. Nothing was saved.")
            % {"length": len(raw), "max": Answer.EVIDENCE_LINK_MAX_LENGTH}
        )
    field = Answer._meta.get_field("evidence_link")
    try:
        field.run_validators(raw)
    except ValidationError:
        raise AnswerRefused(
            _("The link must be a web address starting with http:// or https://.")
        ) from None
    return raw


def check_item(item: Item) -> None:
    if not item.is_active:
        raise AnswerRefused(_("This statement is no longer part of the scan."), status=404)


def save_evidence(scan: Scan, item: Item, change: EvidenceChange, *, user) -> Answer:
    """Check every posted field, then write them all or nothing."""
    check_open(scan)
    check_item(item)
    fields = {
        "confidence": parse_confidence(change.confidence),
        "evidence": parse_evidence(change.evidence),
        "evidence_link": parse_link(change.evidence_link),
    }
    fields = {name: value for name, value in fields.items() if value is not None}
    with transaction.atomic():
        current = lock(scan)
        check_open(current)  # completed by another request since this one began
        answer = answer_for_update(scan, item)
        before = AnswerChange.state(answer)
        for name, value in fields.items():
            setattr(answer, name, value)
        answer.save()
        record_change(answer, before, user=user, at=timezone.now())
        touch(scan, current)
    return answer


def touch(scan: Scan, current: Scan) -> None:
    """The scan changed now; a draft is in progress from its first evidence on."""
    now = timezone.now()
    if current.status == Scan.Status.DRAFT:
        current.status = Scan.Status.IN_PROGRESS
    Scan.objects.filter(pk=scan.pk).update(status=current.status, updated_at=now)
    scan.status, scan.updated_at = current.status, now


def clean_name(raw: str | None) -> str:
    """The uploaded name as it may be shown and offered again on download: without folders,
    control and format characters, at most 200 characters (the extension kept)."""
    name = unicodedata.normalize("NFC", raw or "")
    name = UNSAFE_IN_NAME.sub("", name)
    name = re.split(r"[\\/]", name)[-1].strip().lstrip(".")
    if len(name) > NAME_MAX_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = f"{stem[: NAME_MAX_LENGTH - len(extension) - 1]}.{extension}"
        else:
            name = name[:NAME_MAX_LENGTH]
    return name or _("file")


def download_name(name: str, content_type: str) -> str:
    """The name a stored file is downloaded under: the uploaded name with the extension of the
    type recognised from its content, so that what the browser saves opens as that type.

    "report.html" holding a PDF downloads as "report.pdf", "a.pdf.html" as "a.pdf", "Jaarverslag"
    as "Jaarverslag.pdf"; "photo.jpeg" and "Rapport.PDF" keep theirs. The uploaded name stays
    what the page shows, as text. A last part of digits only ("v1.2") is not taken for an
    extension.
    """
    kind = filetypes.BY_CONTENT_TYPE.get(content_type)
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or extension.isdigit():
        stem, extension = name, ""
    if kind is None:  # not a type we accept (any more): no extension a program would act on
        return stem
    if f".{extension}".lower() in kind.extensions:
        return name
    if stem.lower().endswith(kind.extensions):
        return stem
    return f"{stem}{kind.extension}"


def quota_used(scan: Scan) -> int:
    return EvidenceFile.objects.filter(answer__scan=scan).aggregate(n=Sum("size"))["n"] or 0


def add_file(scan: Scan, item: Item, upload, *, user) -> EvidenceFile:
    """Store an uploaded file as evidence for the scan's answer to `item`.

    Refused (nothing stored, neither row nor file) when the scan is completed, there is no file
    or an empty one, it is larger than 10 MB, its content is not an accepted type, it is an
    Office document that unpacks to too much or links elsewhere (`filetypes`), or the scan's
    files would pass 50 MB together.
    """
    check_open(scan)
    check_item(item)
    if upload is None:
        raise AnswerRefused(_("Choose a file to upload."))
    if not upload.size:
        raise AnswerRefused(_("The file is empty."))
    if upload.size > EvidenceFile.MAX_BYTES:
        raise AnswerRefused(
            _("The file is %(size)s MB; at most %(max)s MB per file fit.")
            % {"size": megabytes(upload.size), "max": megabytes(EvidenceFile.MAX_BYTES)},
            status=413,
        )
    try:
        kind = filetypes.recognise(upload)
    except filetypes.Refused as refused:
        raise AnswerRefused(refused.message, status=refused.status) from None
    if kind is None:
        accepted = ", ".join(kind.label for kind in filetypes.ACCEPTED)
        raise AnswerRefused(
            _("This file is not one of the accepted types (%(types)s).") % {"types": accepted},
            status=415,
        )
    stored = None
    try:
        with transaction.atomic():
            current = lock(scan)
            check_open(current)
            used = quota_used(scan)
            if used + upload.size > EvidenceFile.SCAN_QUOTA_BYTES:
                raise AnswerRefused(
                    _(
                        "This scan's files would take %(total)s MB together; at most %(max)s MB"
                        " fit. Delete a file first."
                    )
                    % {
                        "total": megabytes(used + upload.size),
                        "max": megabytes(EvidenceFile.SCAN_QUOTA_BYTES),
                    },
                    status=413,
                )
            answer = answer_for_update(scan, item)
            evidence = EvidenceFile(
                answer=answer,
                name=clean_name(upload.name),
                size=upload.size,
                content_type=kind.content_type,
                uploaded_by=user,
            )
            # The storage names the file: `evidence_path` and the recognised type's extension.
            evidence.file.save(f"upload{kind.extension}", upload, save=False)
            stored = evidence.file.name
            evidence.save()
            touch(scan, current)
    except BaseException:
        if stored:  # the row was not committed: its file must not stay behind
            evidence.file.storage.delete(stored)
        raise
    return evidence


def delete_file(scan: Scan, evidence: EvidenceFile) -> None:
    """Delete an evidence file of an open scan: the row now, the stored file on commit."""
    check_open(scan)
    with transaction.atomic():
        current = lock(scan)
        check_open(current)
        evidence.delete()
        touch(scan, current)


def delete_stored_file(sender, instance: EvidenceFile, **kwargs) -> None:
    """post_delete: the stored file goes once the row's deletion is committed, however the row
    went (its answer, scan or organisation deleted too). Never before: a rollback keeps both."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
