"""Text bound for a spreadsheet (CSV or XLSX cells): a cell that could start a formula."""

import unicodedata

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """Starts with a formula trigger, also in a compatibility form: NFKC turns the fullwidth
    "＝" (U+FF1D) and the small "﹦" (U+FE66) into "=", and so on for + - @."""
    return bool(text) and unicodedata.normalize("NFKC", text[0]).startswith(FORMULA_STARTS)


def safe_cell(text: str) -> str:
    """`text` for a CSV cell: a leading apostrophe when it could start a formula."""
    return f"'{text}" if is_formula_like(text) else text
