"""Template filters for results documents: a text in the active language, percentages, scores."""

from django import template

from checklists.models import active_content_language
from scoring.charts import one_decimal

register = template.Library()


@register.filter
def tr(texts):
    """A {"nl": ..., "en": ...} text from a results document, in the active language."""
    if not isinstance(texts, dict):
        return texts
    return texts.get(active_content_language()) or texts.get("nl", "")


@register.filter
def percent(fraction):
    return f"{round(100 * (fraction or 0))}%"


@register.filter
def score(value):
    """A score with one decimal in the active language's notation; "–" for none."""
    return "–" if value is None else one_decimal(value)
