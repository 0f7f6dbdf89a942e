"""The statements of a scan page as HTML: each one a fieldset with its answer scale and note.

Built in Python rather than in the template: the Ecosystem page has 68 statements × 6 options,
and rendering those through template tags took most of the page's time (about 16 of 27 ms).
Labels are translated and escaped once per page, each statement's values once. The markup stays
lean because it repeats 68 times: the scale's look comes from `.scale` rules in app.css rather
than Bootstrap classes on every option, and the htmx attributes that are the same for every
statement sit once on the form (htmx inherits them), leaving only the URL and trigger here.
For the same reason the note's look (Bootstrap's small form control) comes from app.css.

Compact by default (issue 26): each option's label holds only its short label (0…4, N/A); its
meaning is written once per page, as CSS custom properties (`scale_style`) that app.css shows
after the short label (visibly where there is room, always in the accessible name): 408 spans
of text on the Ecosystem page were 13 KB. The note is folded in a `<details>` whose summary says
whether there is one. The same markup serves both views of the scan page (compact, table: a class
on the form) and the workshop phones.
"""

from dataclasses import dataclass
from datetime import date
from html import (
    escape,  # as django.utils.html.escape, without its lazy-string wrapper
    unescape,
)

from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from .models import Answer
from .scanning import NOT_APPLICABLE

# `keyup delay` saves a note while typing; `cx:retry` is scan.js sending one field again (a
# retry of a failed save, or a carried-over answer's Confirm).
AUTOSAVE = ' data-hx-post="{url}" data-hx-trigger="change, keyup delay:800ms, cx:retry"'

# Attribute values that are item codes (slugs), answer values or numbers go unquoted, which HTML
# allows for values without spaces, quotes, =, <, > or `: the scale alone repeats them 408 times.
ITEM = (
    '<fieldset class="{kind}" id="item-{code}"{autosave}>'
    "<legend>{statement}</legend>"
    "{carried}"
    "{guidance}"
    "<div class=scale>{scale}</div>"
    "<input type=hidden name=original-value-{code} value={original_choice}>"
    "{note_open}"
    "<textarea name=note-{code} id=note-{code} rows=2 aria-label={note_label}"
    " maxlength={max_length}{note_attributes}>{note}</textarea></details>"
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
# The note, folded: its summary says "Add a note" or, when there is one, "Note" (marked `on`).
# Open when the note was refused, so that the message and the text are in view.
NOTE_OPEN = "<details class={kind}{open}><summary>{summary}</summary>"
# The short label only; its meaning comes from `scale_style` (see the module's docstring).
OPTION = (
    "<input type=radio name=value-{code} id=value-{code}-{value} value={value}{state}>"
    "<label class=btn for=value-{code}-{value}>{short}</label>"
)
# What may not stand in an unquoted attribute value, written as character references instead.
UNQUOTABLE = str.maketrans({c: f"&#{ord(c)};" for c in " \t\n\f\r=`"})


def unquoted(value: str) -> str:
    """`value` escaped for an unquoted attribute value (an item code is a slug: unchanged)."""
    return escape(value).translate(UNQUOTABLE) or '""'


ERROR = '<div class="text-danger small mt-1" id="error-{code}">{message}</div>'
STATUS = "<div class=save-status role=status>{}</div>"
SAVED = STATUS  # grey, as scan.js's "Saving…" (app.css); a save's own answer is green


def scale_options() -> list[tuple[str, str, str]]:
    """(value, short label, long label) per answer, escaped, in the active language."""
    # str(): the labels are lazy; escape them (and translate them) once, not on every use.
    options = [(str(v), str(v), escape(str(label))) for v, label in Answer.Value.choices]
    options.append((NOT_APPLICABLE, escape(_("N/A")), escape(_("Not applicable"))))
    return options


def css_string(text: str) -> str:
    """`text` as a CSS string literal: anything but letters, digits and spaces as an escape, so
    that no translation can end the string, the rule or the <style> element."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def scale_style(options=None) -> SafeString:
    """The meanings of the scale's options as CSS custom properties (--s1 … --s6, in the order
    of `scale_options`), for a page's <head>: app.css shows them after the short labels. Each
    begins with a space, so the accessible name reads "0 Not in place", not "0Not in place"."""
    options = options or scale_options()
    properties = ";".join(
        f"--s{index}:{css_string(' ' + unescape(label))}"
        for index, (_value, _short, label) in enumerate(options, start=1)
    )
    return mark_safe(f"<style>.scale{{{properties}}}</style>")


def scale_key(options=None) -> list[tuple[str, str]]:
    """(short label, meaning) per answer, not escaped: the page's legend of the scale."""
    return [(unescape(short), unescape(label)) for _v, short, label in options or scale_options()]


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
        add_note_label: str | None = None,
        evidence_prefix: str | None = None,
    ):
        """`autosave_prefix` is the autosave URL without the item code; None when read-only.
        `note_label` names the text field (a workshop participant's "comment"), and the folded
        field's summary when there is a note; `add_note_label` the summary when there is none.
        `evidence_prefix` is the URL before "<code>/evidence/"; None: no evidence control (a
        workshop participant's page)."""
        self.autosave_prefix = autosave_prefix
        self.evidence_prefix = evidence_prefix
        self.markers: dict[tuple[str, int], str] = {}
        self.read_only = autosave_prefix is None
        self.options = scale_options()
        self.labels = {
            "note_label": unquoted(note_label or _("Note")),
            "max_length": note_max_length,
        }
        # Nothing to add on a read-only page (a completed scan): the summary names the field.
        self.note_summaries = {
            True: escape(note_label or _("Note")),
            False: escape(note_label or _("Note"))
            if self.read_only
            else escape(add_note_label or _("Add a note")),
        }
        # Short: it repeats on every statement (68 on the Ecosystem page); the keys' list says
        # what it holds ("what “fully in place” looks like").
        self.summary = escape(pgettext("statement", "Guidance"))
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
            kind="scan-item border-danger" if row.error else "scan-item",
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
            note_open=NOTE_OPEN.format(
                kind='"note on"' if row.note else "note",
                open=" open" if row.error else "",
                summary=self.note_summaries[bool(row.note)],
            ),
            note_attributes=note_attributes,
            note=escape(row.note),
            original_note=escape(row.original_note),
            error=error,
            evidence=self.evidence(code, row.confidence, row.evidence_count),
            status=self.saved if row.saved else self.not_saved,
            **self.labels,
        )
