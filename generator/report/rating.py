"""The municipal rating: a score from 0 to 100 over the indicators, weights in rating.yaml.

The formula is documented in the comment of generator/catalog/rating.yaml, where a
methodologist edits the weights: each indicator becomes a share 0…1 (a number against the
best school of the report, yes/no as 1/0, hours as the share of grades whose minimum was
delivered), and the score is the weighted mean of the shares × 100.
"""

from __future__ import annotations

from pathlib import Path

from .. import catalog
from ..paths import catalog_file
from .rows import SchoolRow
from .table import indicator_entries

DEFAULT_RATING = catalog_file("rating.yaml")
HOURS_MET = "hours_minimum_met"


def rating_keys() -> list[str]:
    """What a weight may name: the indicators (indicators.yaml) and the hours share."""
    keys = [i.key for i in indicator_entries() if i.key != "hours"]
    return [*keys, HOURS_MET]


def load_weights(path: Path = DEFAULT_RATING) -> dict[str, float]:
    rating = catalog.parse_file(catalog.RatingFile, path, {"keys": rating_keys()})
    return dict(rating.weights)


def _hours_share(row: SchoolRow) -> float:
    graded = [h for h in row.hours if h.minimum > 0]
    if not graded:
        return 0.0
    return sum(h.delivered is not None and h.delivered >= h.minimum for h in graded) / len(graded)


def _raw(row: SchoolRow, key: str) -> float:
    if key == HOURS_MET:
        return _hours_share(row)
    value = row.indicators.get(key)
    if value is None or isinstance(value, str):
        return 0.0  # no data: not credited (rating.yaml)
    return float(value)


def rank(rows: list[SchoolRow], weights: dict[str, float]) -> list[SchoolRow]:
    """The rows with score and rank set (same order as given); invalid profiles get none."""
    scored = [r for r in rows if r.valid]
    best = {key: max((_raw(r, key) for r in scored), default=0.0) for key in weights}
    total = sum(weights.values())
    scores: dict[int, float] = {}
    for i, row in enumerate(rows):
        if not row.valid:
            continue
        acc = 0.0
        for key, weight in weights.items():
            share = _raw(row, key)
            if key != HOURS_MET and not isinstance(row.indicators.get(key), bool):
                share = share / best[key] if best[key] > 0 else 0.0
            acc += weight * min(1.0, share)
        scores[i] = round(100 * acc / total, 1)
    ordered = sorted(set(scores.values()), reverse=True)
    # Competition ranking: equal scores share a place, the next place skips («1, 1, 3»).
    places = {}
    position = 1
    for s in ordered:
        places[s] = position
        position += sum(v == s for v in scores.values())
    return [
        row.ranked(scores[i], places[scores[i]]) if i in scores else row
        for i, row in enumerate(rows)
    ]
