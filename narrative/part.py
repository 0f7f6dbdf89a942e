"""The narrative's part of a scan's presentation (`scoring.presentation.Part`, key "narrative"):
what every output reads. `presentation.parts.get("narrative")` is None while nothing is written
(or this app's receiver is not connected); an output then leaves the consultant's words out."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from .markdown import Block, parse


@dataclass(frozen=True, slots=True)
class Text:
    """One text the consultant wrote, as stored (Markdown subset), with who wrote it and when."""

    source: str
    written_by: str = ""
    written_at: datetime | None = None

    @property
    def blocks(self) -> list[Block]:
        return parse(self.source)


@dataclass(frozen=True)
class NarrativePart:
    """The executive summary and the commentaries by area or pillar code (only the ones
    written: an empty text is left out)."""

    key: ClassVar[str] = "narrative"
    summary: Text | None = None
    areas: dict[str, Text] = field(default_factory=dict)
    pillars: dict[str, Text] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.summary or self.areas or self.pillars)

    def document(self) -> dict[str, Any]:
        """The JSON export's and the API's "narrative": the texts as written (Markdown subset)."""
        return {
            "narrative": {
                "summary": self.summary.source if self.summary else "",
                "areas": {code: text.source for code, text in self.areas.items()},
                "pillars": {code: text.source for code, text in self.pillars.items()},
            }
        }
