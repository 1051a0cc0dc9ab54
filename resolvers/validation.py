"""Cleaning and checking what clients type in; field names are snake_case."""

import re

from errors import (
    EMAIL_INVALID,
    PASSWORD_TOO_LONG,
    PASSWORD_TOO_SHORT,
    PHONE_INVALID,
    TEXT_BLANK,
    TEXT_HAS_NUL,
    TEXT_TOO_LONG,
    InvalidInputError,
)

# Control characters are refused: PostgreSQL cannot store NUL in text at all.
EMAIL_PATTERN = re.compile(
    r"^[^@\s\x00-\x1f\x7f]{1,64}@[^@\s.\x00-\x1f\x7f]+(\.[^@\s.\x00-\x1f\x7f]+)+$"
)
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 ().-]{3,30}$")
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
MAX_NAME_LENGTH = 150


def clean_email(value: str) -> str:
    """The email without surrounding spaces; InvalidInputError if malformed."""
    email = value.strip()
    if len(email) > 254 or not EMAIL_PATTERN.match(email):
        raise InvalidInputError(EMAIL_INVALID, field="email")
    return email


def check_password(value: str) -> str:
    """The password as given, when its length is acceptable."""
    if len(value) < MIN_PASSWORD_LENGTH:
        message = PASSWORD_TOO_SHORT.format(minimum=MIN_PASSWORD_LENGTH)
        raise InvalidInputError(message, field="password")
    if len(value) > MAX_PASSWORD_LENGTH:
        message = PASSWORD_TOO_LONG.format(maximum=MAX_PASSWORD_LENGTH)
        raise InvalidInputError(message, field="password")
    return value


def clean_text(
    value: str, *, field: str, maximum: int = MAX_NAME_LENGTH, required: bool = False
) -> str:
    """`value` stripped of surrounding spaces, within `maximum` characters."""
    text = value.strip()
    if required and not text:
        raise InvalidInputError(TEXT_BLANK, field=field)
    if "\x00" in text:
        raise InvalidInputError(TEXT_HAS_NUL, field=field)
    if len(text) > maximum:
        raise InvalidInputError(TEXT_TOO_LONG.format(maximum=maximum), field=field)
    return text


def clean_phone(value: str | None) -> str | None:
    """The phone number, or None for an empty one; InvalidInputError if malformed."""
    if value is None or not value.strip():
        return None
    phone = value.strip()
    digits = sum(character.isdigit() for character in phone)
    if not PHONE_PATTERN.match(phone) or not 5 <= digits <= 20:
        raise InvalidInputError(PHONE_INVALID, field="phone")
    return phone
