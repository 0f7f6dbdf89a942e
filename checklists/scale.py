"""The answer scale of one scan item as HTML radio buttons.

Built in Python rather than in the template: the Ecosystem page has 68 items × 6 options, and
rendering those through template tags took most of the page's time. Labels are escaped once per
page, item codes once per item.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import Answer
from .scanning import NOT_APPLICABLE


def scale_options() -> list[tuple[str, str, str]]:
    """(value, short label, long label) per answer, escaped, in the active language."""
    options = [(str(value), str(value), escape(label)) for value, label in Answer.Value.choices]
    options.append((NOT_APPLICABLE, escape(_("N/A")), escape(_("Not applicable"))))
    return options


def scale_html(code: str, choice: str, options, *, disabled: bool = False) -> SafeString:
    code = escape(code)
    off = " disabled" if disabled else ""
    return mark_safe(
        "".join(
            f'<input type="radio" class="btn-check" name="value-{code}" id="value-{code}-{value}"'
            f' value="{value}" autocomplete="off"{" checked" if choice == value else ""}{off}>'
            f'<label class="btn btn-outline-primary scale-option" for="value-{code}-{value}">'
            f'<span class="scale-value">{short}</span><span class="scale-label">{label}</span>'
            "</label>"
            for value, short, label in options
        )
    )
