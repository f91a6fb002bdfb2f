"""Pitfall cards (content/pitfall_cards.json): a case, the pitfall it hides, and why. A card
naming an engine warning takes its pitfall text from the engine's rules."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pathway.model.scenario import Scenario
from pathway.sources import rule_texts
from pathway.sources.errors import ContentError
from pathway.sources.source import load_source
from pathway.sources.study_content import PITFALLS_FILE, read_json, reference_numbers
from pathway.study.bank import _list, _strings, _text


@dataclass(frozen=True)
class PitfallCard:
    id: str
    title: str
    case: str
    pitfall: str
    why: str
    sources: tuple[str, ...]
    scenario: dict[str, Any]
    warning: str | None = None
    refs: tuple[str, ...] = ()


def parse_pitfall_cards(
    raw: object,
    name: str = "content/pitfall_cards.json",
    source_ids: Iterable[str] | None = None,
    ref_numbers: Iterable[str] | None = None,
) -> tuple[PitfallCard, ...]:
    """Validate pitfall cards. A card naming an engine warning takes its pitfall text from it."""
    source_ids = set(source_ids if source_ids is not None else load_source().sentences)
    ref_numbers = set(ref_numbers if ref_numbers is not None else reference_numbers())
    if not isinstance(raw, list) or not raw:
        raise ContentError(f"{name}: expected a non-empty list of cards")
    cards: list[PitfallCard] = []
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise ContentError(f"{name} card {index}: expected an object")
        where = f"{name} card '{item.get('id', index)}'"
        for key in ("id", "title", "case", "why", "scenario"):
            if not item.get(key):
                raise ContentError(f"{where}: missing {key}")
        for key in ("id", "title", "case", "why", "pitfall"):
            if key in item:
                _text(item, key, where)
        _strings(item.get("sources", []), where, "sources")
        if not isinstance(item["scenario"], dict):
            raise ContentError(f"{where}: scenario must be an object")
        if any(card.id == item["id"] for card in cards):
            raise ContentError(f"{where}: the id is used twice")
        warning = item.get("warning")
        if warning is not None and warning not in rule_texts.WARNINGS:
            raise ContentError(f"{where}: warning '{warning}' is not one of the engine's")
        if warning is None and not item.get("pitfall"):
            raise ContentError(f"{where}: needs a warning id or its own pitfall text")
        try:
            Scenario(**item["scenario"])
        except (TypeError, ValueError) as exc:
            raise ContentError(f"{where}: scenario is not valid ({exc})") from None
        pitfall, warning_sources = rule_texts.WARNINGS[warning] if warning else (item["pitfall"], ())
        sources = tuple(dict.fromkeys([*item.get("sources", []), *warning_sources]))
        for sid in sources:
            if sid not in source_ids:
                raise ContentError(f"{where}: source sentence {sid} does not exist")
        refs = tuple(str(r) for r in _list(item.get("refs", []), where, "refs"))
        for ref in refs:
            if ref not in ref_numbers:
                raise ContentError(f"{where}: reference [{ref}] is not in data/references.csv")
        cited = set(re.findall(r"\[(\d+)\]", item["why"]))
        if cited - set(refs):
            raise ContentError(
                f"{where}: the text cites [{', '.join(sorted(cited - set(refs)))}] but refs does not"
            )
        cards.append(
            PitfallCard(
                id=item["id"],
                title=item["title"],
                case=item["case"],
                pitfall=pitfall,
                why=item["why"],
                sources=sources,
                scenario=dict(item["scenario"]),
                warning=warning,
                refs=refs,
            )
        )
    return tuple(cards)


def load_pitfall_cards(path: Path = PITFALLS_FILE) -> tuple[PitfallCard, ...]:
    return parse_pitfall_cards(*read_json(path))
