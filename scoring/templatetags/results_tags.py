"""Template filters for results documents: a text in the active language, percentages, scores."""

from django import template

from checklists.models import Answer, active_content_language
from scoring.radar import one_decimal

register = template.Library()


@register.filter
def tr(texts):
    """A {"nl": ..., "en": ...} text from a results document, in the active language."""
    if not isinstance(texts, dict):
        return texts
    return texts.get(active_content_language()) or texts.get("nl", "")


@register.filter
def confidence(value):
    """A confidence as the form names it ("Medium"); "" when none was given."""
    return Answer.Confidence(value).label if value in Answer.Confidence.values else ""


@register.filter
def percent(fraction):
    return f"{round(100 * (fraction or 0))}%"


@register.filter
def score(value):
    """A score with one decimal in the active language's notation; "–" for none."""
    return "–" if value is None else one_decimal(value)


@register.filter
def signed(value):
    """A change in score with its sign, one decimal, in the active language: +4,5 or −2,0."""
    if value is None:
        return "–"
    if value > 0:
        return f"+{one_decimal(value)}"
    if value < 0:
        return f"−{one_decimal(-value)}"
    return one_decimal(0)


@register.filter
def absolute(value):
    return abs(value) if value is not None else value
