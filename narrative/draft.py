"""“Draft from the results”: a first version of the executive summary and of every area's
commentary, written from the presentation by sentence templates (gettext, so Dutch and English),
for the consultant to make their own. Nothing here asks a remote service.

Call `draft` inside `translation.override(scan.language)`, with a presentation made in that
language: every sentence, name and number is then in the scan's language.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cxscan.numbers import fixed, one_decimal
from plans.plan import PlanPart
from scoring.compare import SectionChange
from scoring.presentation import Presentation, SectionRow
from scoring.record import ItemResult, Section
from workshops.room import WorkshopPart

from .models import NarrativeText

Kind = NarrativeText.Kind
SHOWN = 3  # statements per list in an area's commentary


def draft(p: Presentation) -> dict[str, str]:
    """The texts by key ("summary", "area:<code>"), in the Markdown subset."""
    actions = actions_by_item(p)
    texts = {Kind.SUMMARY.value: summary(p, actions)}
    for row in p.areas:
        texts[f"{Kind.AREA}:{row.section.code}"] = area_commentary(p, row, actions)
    return texts


def actions_by_item(p: Presentation) -> dict[str, str]:
    """The plan's action titles by the statement code each addresses (the first one per code)."""
    plan = p.parts.get(PlanPart.key)
    found: dict[str, str] = {}
    if isinstance(plan, PlanPart):
        for action in plan.actions:
            if action.item is not None:
                found.setdefault(action.item.code, action.title)
    return found


def name(p: Presentation, texts: dict[str, str]) -> str:
    return texts.get(p.language) or texts.get("nl", "")


def scored(rows: list[SectionRow]) -> list[Section]:
    return [row.section for row in rows if row.section.score is not None]


def extremes(rows: list[SectionRow]) -> tuple[Section, Section] | None:
    """The strongest and the weakest section (the first on a tie), when their scores differ."""
    sections = scored(rows)
    if len(sections) < 2:
        return None
    strongest = max(sections, key=lambda section: section.score or 0)
    weakest = min(sections, key=lambda section: section.score or 0)
    return None if strongest.score == weakest.score else (strongest, weakest)


def score(section: Section) -> str:
    return one_decimal(section.score)


def statement(p: Presentation, item: ItemResult) -> str:
    """The statement without its closing full stop: a score in brackets follows it."""
    return name(p, item.statement).rstrip().rstrip(".")


def gap_line(p: Presentation, item: ItemResult, actions: dict[str, str]) -> str:
    values = {"statement": statement(p, item), "value": item.value}
    if item.code in actions:
        return _("%(statement)s (scored %(value)s of 4); the action “%(action)s” addresses it.") % {
            **values,
            "action": actions[item.code],
        }
    return _("%(statement)s (scored %(value)s of 4); no action in the plan yet.") % values


def bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def summary(p: Presentation, actions: dict[str, str]) -> str:
    paragraphs = [opening(p)]
    areas, pillars = extremes(p.areas), extremes(p.pillars)
    if areas or pillars:
        sentences = []
        if areas:
            sentences.append(
                _(
                    "The strongest area is **%(strong)s** (%(high)s); the weakest is "
                    "**%(weak)s** (%(low)s)."
                )
                % {
                    "strong": name(p, areas[0].name),
                    "high": score(areas[0]),
                    "weak": name(p, areas[1].name),
                    "low": score(areas[1]),
                }
            )
        if pillars:
            sentences.append(
                _(
                    "Of the CXPA pillars, **%(strong)s** scores highest (%(high)s) and "
                    "**%(weak)s** lowest (%(low)s)."
                )
                % {
                    "strong": name(p, pillars[0].name),
                    "high": score(pillars[0]),
                    "weak": name(p, pillars[1].name),
                    "low": score(pillars[1]),
                }
            )
        paragraphs.append(" ".join(sentences))
    change = p.progress.overall if p.progress else None
    if change is not None and change.score_change is not None:
        paragraphs.append(overall_progress(p, change))
    if p.gaps:
        heading = (
            _("The biggest gaps, and what the plan does about them:")
            if actions
            else _("The biggest gaps:")
        )
        lines = [gap_line(p, item, actions) for item in p.gaps]
        paragraphs.append(f"{heading}\n{bullets(lines)}")
    else:
        paragraphs.append(_("No statement scores 2 or lower: there is no clear gap."))
    others = other_focus(p, {item.code for item in p.gaps})
    if others:
        paragraphs.append(
            _("Also in the focus of the improvement plan: %(titles)s.")
            % {"titles": ", ".join(_("“%(title)s”") % {"title": title} for title in others)}
        )
    disagreement = workshop_sentence(p)
    if disagreement:
        paragraphs.append(disagreement)
    return "\n\n".join(paragraphs)


def opening(p: Presentation) -> str:
    organisation = p.scan.organisation.name
    if p.overall_level is None or p.results.overall.score is None:
        sentence = _(
            "%(organisation)s has no overall maturity level yet: too few statements are "
            "answered to give one."
        ) % {"organisation": organisation}
    else:
        sentence = _(
            "%(organisation)s is at maturity level %(number)s, %(level)s, with an overall score "
            "of %(score)s out of 100 (%(basis)s)."
        ) % {
            "organisation": organisation,
            "number": p.overall_level.number,
            "level": name(p, p.overall_level.name),
            "score": score(p.results.overall),
            "basis": p.overall_basis,
        }
    if p.indicative_count:
        sentence += " " + ngettext(
            "%(count)d level is indicative: it rests on fewer than %(threshold)s%% of its "
            "statements answered.",
            "%(count)d levels are indicative: they rest on fewer than %(threshold)s%% of their "
            "statements answered.",
            p.indicative_count,
        ) % {"count": p.indicative_count, "threshold": fixed(p.min_coverage, 0)}
    return sentence


def overall_progress(p: Presentation, change: SectionChange) -> str:
    assert change.before is not None and change.after is not None
    values = {
        "date": p.progress_since,
        "change": one_decimal(abs(change.score_change or 0)),
        "before": score(change.before),
        "after": score(change.after),
    }
    if (change.score_change or 0) > 0:
        return (
            _(
                "Since the previous scan of %(date)s the overall score rose by %(change)s "
                "points, from %(before)s to %(after)s."
            )
            % values
        )
    if (change.score_change or 0) < 0:
        return (
            _(
                "Since the previous scan of %(date)s the overall score fell by %(change)s "
                "points, from %(before)s to %(after)s."
            )
            % values
        )
    return (
        _("Since the previous scan of %(date)s the overall score is unchanged: %(after)s.") % values
    )


def other_focus(p: Presentation, mentioned: set[str]) -> list[str]:
    """The titles of the plan's actions in focus that no gap above named."""
    plan = p.parts.get(PlanPart.key)
    if not isinstance(plan, PlanPart):
        return []
    return [
        action.title
        for action in plan.focus
        if action.item is None or action.item.code not in mentioned
    ]


def workshop_sentence(p: Presentation, area_code: str | None = None) -> str:
    """Where the workshop's room disagreed most (or, for one area, how often and on what)."""
    workshop = p.parts.get(WorkshopPart.key)
    if not isinstance(workshop, WorkshopPart) or workshop.workshop is None:
        return ""
    areas = [area for area in workshop.summary if area.disagreed]
    if area_code is not None:
        found = next((area for area in areas if area.area.code == area_code), None)
        if found is None:
            return ""
        return _(
            "In the workshop the team disagreed on %(count)d of the %(voted)d statements voted "
            "on, among them: “%(statement)s”."
        ) % {
            "count": len(found.disagreed),
            "voted": found.voted,
            "statement": found.disagreed[0].item.statement.rstrip().rstrip("."),
        }
    if not areas:
        return ""
    most = max(areas, key=lambda area: area.discuss_share)
    return _(
        "In the workshop the team disagreed most on **%(area)s**: on %(count)d of the "
        "%(voted)d statements voted on."
    ) % {"area": most.area.name, "count": len(most.disagreed), "voted": most.voted}


def area_items(p: Presentation, code: str) -> tuple[list[ItemResult], list[ItemResult]]:
    """The area's strengths (3 or 4) and gaps (2 or lower), as the results rank them: by value,
    heavier weight first, then by code."""
    items = [item for item in p.results.items if item.area == code and item.value is not None]
    strong = sorted(
        (item for item in items if (item.value or 0) >= 3),
        key=lambda item: (-(item.value or 0), -item.weight, item.code),
    )
    weak = sorted(
        (item for item in items if (item.value or 0) <= 2),
        key=lambda item: (item.value or 0, -item.weight, item.code),
    )
    return strong[:SHOWN], weak[:SHOWN]


def area_commentary(p: Presentation, row: SectionRow, actions: dict[str, str]) -> str:
    section = row.section
    if section.score is None or row.level is None:
        first = _("This area has no score yet: none of its statements is scored.")
    else:
        # The area's name heads its commentary in every output: the text does not repeat it.
        first = _("This area scores %(score)s out of 100: level %(number)s, %(level)s.") % {
            "score": score(section),
            "number": row.level.number,
            "level": name(p, row.level.name),
        }
    sentences = [first]
    found = extremes(p.areas)
    if found and found[0].code == section.code:
        sentences.append(_("It is the strongest of the areas."))
    elif found and found[1].code == section.code:
        sentences.append(_("It is the weakest of the areas."))
    if section.score is not None and section.indicative:
        sentences.append(
            _("This level is indicative: only %(coverage)s%% of its statements are answered.")
            % {"coverage": fixed(100 * section.coverage, 0)}
        )
    change = next(
        (c for c in (p.progress.areas if p.progress else []) if c.code == section.code), None
    )
    if change is not None and change.score_change is not None:
        if change.score_change > 0:
            sentences.append(
                _("Since the previous scan its score rose by %(change)s points.")
                % {"change": one_decimal(change.score_change)}
            )
        elif change.score_change < 0:
            sentences.append(
                _("Since the previous scan its score fell by %(change)s points.")
                % {"change": one_decimal(-change.score_change)}
            )
        else:
            sentences.append(_("Since the previous scan its score is unchanged."))
    paragraphs = [" ".join(sentences)]
    strong, weak = area_items(p, section.code)
    if strong:
        lines = [
            _("%(statement)s (scored %(value)s of 4)")
            % {"statement": statement(p, item), "value": item.value}
            for item in strong
        ]
        paragraphs.append(f"{_('What goes well:')}\n{bullets(lines)}")
    if weak:
        lines = [gap_line(p, item, actions) for item in weak]
        paragraphs.append(f"{_('Where it falls short:')}\n{bullets(lines)}")
    disagreement = workshop_sentence(p, section.code)
    if disagreement:
        paragraphs.append(disagreement)
    return "\n\n".join(paragraphs)
