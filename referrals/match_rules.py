"""How alike two referrals' children are, and the evidence a coordinator is shown.

Pure functions of plain values, like referrals/rules.py: the database scores the names
(pg_trgm's similarity, fuzzystrmatch's double metaphone) and these rules weigh what it found
(docs/architecture.md, "One child across referrals").
"""

from dataclasses import dataclass
from datetime import date, timedelta

# Below this a suggestion is noise: a common first name and the same birthday.
SHOW_FROM = 0.6
# How much each kind of birth-date agreement counts, beside a name's similarity (0 to 1).
NAME_WEIGHT = 0.6
SOUNDS_ALIKE = 0.05
DIFFERENT_NHS_NUMBERS = 0.5


class Born:
    """How a candidate's date of birth relates to the referral's."""

    SAME = "same"
    SWAPPED = "swapped"
    DAY_APART = "day"
    YEAR_APART = "year"
    OTHER = "other"


BORN_WEIGHT = {
    Born.SAME: 0.4,
    Born.SWAPPED: 0.3,
    Born.DAY_APART: 0.25,
    Born.YEAR_APART: 0.25,
    Born.OTHER: 0.0,
}
# Below this name similarity no birth date can lift a record to SHOW_FROM (scores are rounded
# to two places), so the database need not score it; only the same NHS number still counts.
LEAST_SIMILARITY = (SHOW_FROM - 0.005 - max(BORN_WEIGHT.values()) - SOUNDS_ALIKE) / NAME_WEIGHT

BORN_WORDS = {
    Born.SAME: "same date of birth",
    Born.SWAPPED: "day and month swapped in the date of birth",
    Born.DAY_APART: "date of birth a day apart",
    Born.YEAR_APART: "year of birth one apart",
    Born.OTHER: "different date of birth",
}


def _replace(born: date, **parts) -> date | None:
    try:
        return born.replace(**parts)
    except ValueError:  # 29 February in a year without one; a 13th "month"
        return None


def birth_date_variants(born: date) -> dict[date, str]:
    """The dates a mistyped date of birth is likely to be, each with how it differs.

    The day and month swapped (12/03 for 03/12), a day either side, the year either side.
    """
    variants = {
        born - timedelta(days=1): Born.DAY_APART,
        born + timedelta(days=1): Born.DAY_APART,
    }
    for year in (born.year - 1, born.year + 1):
        if other := _replace(born, year=year):
            variants[other] = Born.YEAR_APART
    if born.day != born.month and (swapped := _replace(born, day=born.month, month=born.day)):
        variants[swapped] = Born.SWAPPED
    variants[born] = Born.SAME
    return variants


@dataclass(frozen=True)
class Evidence:
    """Why a record may be the same child: a score from 0 to 1 and the reasons in words."""

    score: float
    reasons: tuple[str, ...]

    @property
    def shown(self) -> bool:
        return self.score >= SHOW_FROM

    def __str__(self) -> str:
        return ", ".join(self.reasons)


def same_name(one: str, other: str) -> bool:
    """Two names as typed are one: any case, spaces however many."""
    return " ".join(one.split()).casefold() == " ".join(other.split()).casefold()


def names_swapped(first: str, last: str, other_first: str, other_last: str) -> bool:
    """The first name given as the last and the last as the first (Rowe Kit for Kit Rowe)."""
    fold = str.casefold
    return fold(first) != fold(last) and (fold(first), fold(last)) == (
        fold(other_last),
        fold(other_first),
    )


def match_evidence(
    *,
    nhs_number: str,
    other_nhs_number: str,
    similarity: float,
    sounds_alike: bool,
    born: str,
    names_swapped: bool = False,
) -> Evidence:
    """Weigh what matched: the same NHS number settles it; otherwise the name and the birth
    date add up, and two different NHS numbers count against."""
    reasons = []
    if nhs_number and nhs_number == other_nhs_number:
        reasons.append("same NHS number")
        score = 1.0
    else:
        score = NAME_WEIGHT * similarity + BORN_WEIGHT[born]
        if nhs_number and other_nhs_number:
            reasons.append("different NHS numbers")
            score -= DIFFERENT_NHS_NUMBERS
    if names_swapped:
        reasons.append("first and last names swapped")
    elif similarity >= 0.999:
        reasons.append("same name")
    else:
        reasons.append(f"name {similarity:.2f} similar")
        if sounds_alike:
            reasons.append("surname sounds the same")
            score += SOUNDS_ALIKE
    reasons.append(BORN_WORDS[born])
    return Evidence(score=round(min(score, 1.0), 2), reasons=tuple(reasons))
