"""The statements of a scan page as HTML: each one a fieldset with its answer scale and note.

Built in Python rather than in the template: the Ecosystem page has 68 statements × 6 options,
and rendering those through template tags took most of the page's time (about 16 of 27 ms).
Labels are translated and escaped once per page, each statement's values once. The markup stays
lean because it repeats 68 times: the scale's look comes from `.scale` rules in app.css rather
than Bootstrap classes on every option, and the htmx attributes that are the same for every
statement sit once on the form (htmx inherits them), leaving only the URL and trigger here.
For the same reason the note's look (Bootstrap's small form control) comes from app.css.
"""

from dataclasses import dataclass
from datetime import date
from html import escape  # as django.utils.html.escape, without its lazy-string wrapper

from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Answer
from .scanning import NOT_APPLICABLE

# `keyup delay` saves a note while typing; `cx:retry` is scan.js sending one field again (a
# retry of a failed save, or a carried-over answer's Confirm).
AUTOSAVE = ' data-hx-post="{url}" data-hx-trigger="change, keyup delay:800ms, cx:retry"'

# Attribute values that are item codes (slugs), answer values or numbers go unquoted, which HTML
# allows for values without spaces, quotes, =, <, > or `: the scale alone repeats them 408 times.
ITEM = (
    '<fieldset class="scan-item card{invalid}" id="item-{code}"{autosave}>'
    "<legend>{statement}</legend>"
    "{carried}"
    "{guidance}"
    '<div class=scale role=radiogroup aria-label="{score}">{scale}</div>'
    "<input type=hidden name=original-value-{code} value={original_choice}>"
    "<label for=note-{code}>{note_label}</label>"
    "<textarea name=note-{code} id=note-{code} rows=1"
    " maxlength={max_length}{note_attributes}>{note}</textarea>"
    '<input type=hidden name=original-note-{code} value="{original_note}">'
    "{error}"
    "{evidence}"
    "{status}"
    "</fieldset>"
)
# The statement's evidence control: a link to its evidence page, which scan.js opens as a panel
# in a dialog instead (fetched only when asked for). Its text says what is there.
EVIDENCE = "<a class={kind} href={prefix}{code}/evidence/>{text}</a>"
# An answer carried over from the previous scan: its date, and the button that confirms it. The
# button submits the page form without JavaScript; scan.js sends it through autosave instead.
CARRIED = "<p class=carried id=carried-{code}>{text}{button}</p>"
CONFIRM = " <button name=confirm value={code}>{label}</button>"
GUIDANCE = "<details class=guidance><summary>{summary}</summary><p>{text}</p></details>"
# The value is the label's own text (bold, from app.css); the words in the span.
OPTION = (
    "<input type=radio name=value-{code} id=value-{code}-{value} value={value}{state}>"
    "<label class=btn for=value-{code}-{value}>{short} <span>{label}</span></label>"
)
# What may not stand in an unquoted attribute value, written as character references instead.
UNQUOTABLE = str.maketrans({c: f"&#{ord(c)};" for c in " \t\n\f\r=`"})


def unquoted(value: str) -> str:
    """`value` escaped for an unquoted attribute value (an item code is a slug: unchanged)."""
    return escape(value).translate(UNQUOTABLE) or '""'


ERROR = '<div class="text-danger small mt-1" id="error-{code}">{message}</div>'
STATUS = "<div class=save-status role=status>{}</div>"
SAVED = '<div class="save-status text-body-secondary" role=status>{}</div>'


def scale_options() -> list[tuple[str, str, str]]:
    """(value, short label, long label) per answer, escaped, in the active language."""
    # str(): the labels are lazy; escape them (and translate them) once, not on every use.
    options = [(str(v), str(v), escape(str(label))) for v, label in Answer.Value.choices]
    options.append((NOT_APPLICABLE, escape(_("N/A")), escape(_("Not applicable"))))
    return options


def scale_html(code: str, choice: str, options, *, disabled: bool = False) -> str:
    """The radio buttons of one statement; `code` is escaped already."""
    off = " disabled" if disabled else ""
    return "".join(
        OPTION.format(
            code=code,
            value=value,
            state=(" checked" if choice == value else "") + off,
            short=short,
            label=label,
        )
        for value, short, label in options
    )


@dataclass(slots=True)
class ItemRow:
    """A statement as the page shows it: what is saved, or what was typed if saving failed."""

    code: str
    statement: str
    guidance: str
    choice: str
    note: str
    original_choice: str  # what the page was loaded with: the no-JS save writes only changes
    original_note: str
    saved: bool  # the scan has an answer row for it (a value, a note or both)
    error: str = ""
    carried_from: date | None = None  # carried over from the previous scan, not yet confirmed
    confidence: str = ""  # "low", "medium", "high" or "" (not said)
    evidence_count: int = 0  # evidence text, link and files: how many of them there are


def evidence_marker(confidence: str, count: int) -> str:
    """What a statement's evidence control says (not escaped): "Evidence", or with what it
    holds, e.g. "Evidence: 2 items (low confidence)". The count names what it counts and the
    confidence stands apart, so neither reads like a score ("Evidence: 3, medium" did)."""
    if not confidence and not count:
        return _("Evidence")
    items = ngettext("%(count)d item", "%(count)d items", count) % {"count": count}
    if not confidence:
        return _("Evidence: %(items)s") % {"items": items}
    level = str(Answer.Confidence(confidence).label).lower()
    if not count:
        return _("Evidence (%(level)s confidence)") % {"level": level}
    return _("Evidence: %(items)s (%(level)s confidence)") % {"items": items, "level": level}


class ItemRenderer:
    """Renders the statements of one page; holds what is the same for all of them."""

    def __init__(
        self,
        *,
        autosave_prefix: str | None,
        note_max_length: int,
        note_label: str | None = None,
        evidence_prefix: str | None = None,
    ):
        """`autosave_prefix` is the autosave URL without the item code; None when read-only.
        `note_label` names the text field (a workshop participant's "comment").
        `evidence_prefix` is the URL before "<code>/evidence/"; None: no evidence control (a
        workshop participant's page)."""
        self.autosave_prefix = autosave_prefix
        self.evidence_prefix = evidence_prefix
        self.markers: dict[tuple[str, int], str] = {}
        self.read_only = autosave_prefix is None
        self.options = scale_options()
        self.labels = {
            "score": escape(_("Score")),
            "note_label": escape(note_label or _("Note")),
            "max_length": note_max_length,
        }
        self.summary = escape(_("What “fully in place” looks like"))
        self.saved = SAVED.format(escape(_("Saved")))
        self.not_saved = STATUS.format("")
        self.confirm = escape(_("confirm"))
        self.carried_texts: dict[date, str] = {}  # one date for a whole follow-up, usually

    def carried(self, code: str, carried_from: date | None) -> str:
        if carried_from is None:
            return ""
        text = self.carried_texts.get(carried_from)
        if text is None:
            when = date_format(carried_from, "DATE_FORMAT")
            if self.read_only:
                text = _("From %(date)s, not confirmed") % {"date": when}
            else:
                text = _("From %(date)s —") % {"date": when}
            text = self.carried_texts[carried_from] = escape(text)
        button = "" if self.read_only else CONFIRM.format(code=code, label=self.confirm)
        return CARRIED.format(code=code, text=text, button=button)

    def evidence(self, code: str, confidence: str, count: int) -> str:
        if self.evidence_prefix is None:
            return ""
        text = self.markers.get((confidence, count))
        if text is None:
            text = self.markers[confidence, count] = escape(evidence_marker(confidence, count))
        kind = '"ev on"' if confidence or count else "ev"
        return EVIDENCE.format(kind=kind, prefix=self.evidence_prefix, code=code, text=text)

    def render(self, rows: list[ItemRow]) -> SafeString:
        return mark_safe("".join(self.item(row) for row in rows))

    def item(self, row: ItemRow) -> str:
        code = unquoted(row.code)
        note_attributes = " readonly" if self.read_only else ""
        error = ""
        if row.error:
            note_attributes += f' aria-invalid="true" aria-describedby="error-{code}"'
            error = ERROR.format(code=code, message=escape(row.error))
        return ITEM.format(
            code=code,
            invalid=" border-danger" if row.error else "",
            autosave=""
            if self.read_only
            else AUTOSAVE.format(url=f"{self.autosave_prefix}{code}/"),
            statement=escape(row.statement),
            carried=self.carried(code, row.carried_from),
            guidance=GUIDANCE.format(summary=self.summary, text=escape(row.guidance))
            if row.guidance
            else "",
            scale=scale_html(code, row.choice, self.options, disabled=self.read_only),
            original_choice=unquoted(row.original_choice),
            note_attributes=note_attributes,
            note=escape(row.note),
            original_note=escape(row.original_note),
            error=error,
            evidence=self.evidence(code, row.confidence, row.evidence_count),
            status=self.saved if row.saved else self.not_saved,
            **self.labels,
        )
