"""data/source_vs_evidence.csv: where the source pathway and the published evidence agree or
not, one claim a row, each checked against the source's sentence ids and the references."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pathway.sources.errors import EvidenceError
from pathway.sources.evidence import REFERENCES_FILE, Col, _parse, _rel, data_dir, load_references

# ---------------------------------------------------------------------------------------
# Source vs evidence

SOURCE_VS_EVIDENCE_FILE = "source_vs_evidence.csv"

VERDICTS = (
    "agrees",
    "partly agrees",
    "differs",
    "indirect evidence only",
    "not confirmed by a primary source",
    "no published figure found",
)
COMPARISON_COLUMNS = (
    Col("claim_id"),
    Col("source_ids"),
    Col("topic"),
    Col("source_says"),
    Col("published"),
    Col("refs"),
    Col("verdict", "choice", choices=VERDICTS),
    Col("reason"),
)


@dataclass(frozen=True)
class Comparison:
    """One numeric claim of the source beside what the published figures say."""

    claim_id: str
    source_ids: tuple[str, ...]
    topic: str
    source_says: str
    published: str
    refs: tuple[int, ...]
    verdict: str
    reason: str  # why this verdict, argued from the figures


def load_source_vs_evidence(
    source_ids: set[str] | frozenset[str], directory: Path | str | None = None
) -> list[Comparison]:
    """data/source_vs_evidence.csv; every source id and ref must exist."""
    base = data_dir(directory)
    references = load_references(base)
    path = base / SOURCE_VS_EVIDENCE_FILE
    name = _rel(path)
    out: list[Comparison] = []
    seen: set[str] = set()
    for number, v in _parse(path, COMPARISON_COLUMNS):
        where = f"{name} row {number}"
        if v["claim_id"] in seen:
            raise EvidenceError(f"{where}: claim_id {v['claim_id']} appears twice")
        seen.add(v["claim_id"])
        sids = tuple(s.strip() for s in v["source_ids"].split(";"))
        for sid in sids:
            if sid not in source_ids:
                raise EvidenceError(f"{where}: source sentence {sid} is not in the source pathway")
        refs: list[int] = []
        for piece in v["refs"].split(";"):
            try:
                ref = int(piece.strip())
            except ValueError:
                raise EvidenceError(
                    f"{where}: refs must be numbers separated by ';', not '{piece}'"
                ) from None
            if ref not in references:
                raise EvidenceError(f"{where}: ref {ref} is not in data/{REFERENCES_FILE}")
            refs.append(ref)
        out.append(
            Comparison(
                v["claim_id"],
                sids,
                v["topic"],
                v["source_says"],
                v["published"],
                tuple(refs),
                v["verdict"],
                v["reason"],
            )
        )
    return out
