"""A number with its noun in the right form: «1 год», «3 года», «5 лет», «21 час»."""

from __future__ import annotations


def plural(n: int, one: str, few: str, many: str) -> str:
    """«n one» for 1, 21, 31 …; «n few» for 2–4, 22–24 …; «n many» otherwise (11–14 too)."""
    if n % 10 == 1 and n % 100 != 11:
        word = one
    elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        word = few
    else:
        word = many
    return f"{n} {word}"
