"""The checklists app's models, by concern: the checklist content, organisations and their
scans, answers and their evidence. Every public name is re-exported here, so
`from checklists.models import X` keeps working wherever X now lives."""

from .answers import Answer, AnswerChange, AnswerQuerySet, EvidenceFile, evidence_path
from .content import (
    CONTENT_LANGUAGES,
    Area,
    CodeManager,
    Content,
    Item,
    ItemManager,
    ItemQuerySet,
    MaturityLevel,
    MaturityLevelManager,
    Pillar,
    Section,
    Tip,
    Topic,
    active_content_language,
    level_bounds_errors,
    translated,
)
from .organisations import Organisation, Scan

__all__ = [
    "CONTENT_LANGUAGES",
    "Answer",
    "AnswerChange",
    "AnswerQuerySet",
    "Area",
    "CodeManager",
    "Content",
    "EvidenceFile",
    "Item",
    "ItemManager",
    "ItemQuerySet",
    "MaturityLevel",
    "MaturityLevelManager",
    "Organisation",
    "Pillar",
    "Scan",
    "Section",
    "Tip",
    "Topic",
    "active_content_language",
    "evidence_path",
    "level_bounds_errors",
    "translated",
]
