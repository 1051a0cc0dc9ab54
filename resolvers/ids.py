"""Turning the ids clients send into primary keys."""

from errors import NotFoundError

# Primary keys are 32-bit integers; a larger number cannot name a row, and
# PostgreSQL would refuse it as a parameter instead of simply finding nothing.
MAX_ID = 2**31 - 1


def parse_id(value: object) -> int:
    """The primary key `value` spells; NotFoundError when it cannot be one."""
    text = str(value)
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_ID:
        raise NotFoundError()
    return int(text)
