"""How a number is shown: one rounding rule for every page, chart, PDF and export.

Half away from zero (2.25 → 2.3, −2.25 → −2.3, 12.5 % → 13 %), as the KPIs have always promised,
in the active language's notation (12,5 in Dutch, 12.5 in English). A float is first read to
15 significant digits, its precision, so the noise of binary arithmetic does not drop a digit: a
value computed as 2.4499999999999997 is the 2.45 it stands for and shows as 2.5.

Not display rounding, and so not here: a score is floored to one decimal when it is worked out
(`scoring.results.display_score`), so a shown score never looks higher than its level allows.
This rule then shows that one decimal as it is.

Base module: it imports no app, so every app, the PDF and the exports may use it.
"""

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

from django.utils.formats import get_format, number_format

# Float noise sits in the 16th and 17th significant digits; 15 are exact.
_READ = Context(prec=15)
# Wide enough to round any number people are shown without running out of digits.
_ROUND = Context(prec=60, rounding=ROUND_HALF_UP)
NONE = "–"
Number = float | int | Decimal | Fraction
_STEPS = [Decimal(1).scaleb(-places) for places in range(10)]  # 1, 0.1, 0.01…


def rounded(value: Number, places: int = 1) -> Decimal:
    """`value` rounded half away from zero to `places` decimals (as a Decimal, exact)."""
    if isinstance(value, Fraction):
        number = _ROUND.divide(Decimal(value.numerator), Decimal(value.denominator))
    elif isinstance(value, float):
        number = _READ.create_decimal_from_float(value)
    else:
        number = Decimal(value)
    if not number.is_finite():
        return number
    step = _STEPS[places] if 0 <= places < len(_STEPS) else Decimal(1).scaleb(-places)
    result = _ROUND.quantize(number, step)
    return result if result else abs(result)  # −0.0 shows as 0.0


def fixed(value: Number | None, places: int = 1) -> str:
    """`value` as people read it: `places` decimals, half away from zero, in the active
    language's notation (50,3 in Dutch, 50.3 in English); "–" for none."""
    if value is None:
        return NONE
    shown = rounded(value, places)
    if not shown.is_finite():
        return str(shown)
    # As text: number_format takes it as it is, and sooner than a Decimal.
    return number_format(f"{shown:f}", decimal_pos=places)


def one_decimal(value: Number | None) -> str:
    """One decimal, half away from zero, in the active language's notation; "–" for none."""
    return fixed(value, 1)


def fixed_text(places: int = 1) -> Callable[[Number | None], str]:
    """`fixed` for a table of many numbers: the language's decimal separator is looked up once
    (number_format looks it up for every cell). No thousands separator: for scores and
    percentages, which stay below 1000."""
    separator = get_format("DECIMAL_SEPARATOR")
    # A table repeats few distinct scores: each is rounded once.
    shown: dict[Number, str] = {}

    def text(value: Number | None) -> str:
        if value is None:
            return NONE
        found = shown.get(value)
        if found is None:
            found = shown[value] = f"{rounded(value, places):f}".replace(".", separator)
        return found

    return text


def megabytes(size: int) -> str:
    """A file size in MB with at most one decimal: 10, 2,5 (Dutch) or 2.5 (English)."""
    shown = rounded(size / (1024 * 1024), 1)
    return fixed(shown, 0 if shown == shown.to_integral_value() else 1)
