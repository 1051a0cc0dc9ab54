"""The GraphQL over HTTP media types: which one a client gets, which one it may send.

A client gets `application/graphql-response+json` only when its `Accept` header
names it; wildcards and a missing header get the legacy `application/json`,
which older clients expect.
"""

from dataclasses import dataclass
from functools import lru_cache

from strawberry.http.parse_content_type import parse_content_type
from strawberry.types import ExecutionResult

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
JSON_RANGES = (JSON, "application/*", "*/*")
# Clients send the same few headers again and again; parsing one is a tenth
# of the cost of a small operation. Bounded, so odd headers cannot grow it.
HEADER_CACHE_SIZE = 256


@dataclass(frozen=True)
class MediaRange:
    """One entry of an `Accept` header: a media range and its quality."""

    media_type: str
    quality: float


def parse_accept(accept: str) -> list[MediaRange]:
    """The media ranges of an `Accept` header, in the order sent.

    Entries asking for a charset other than UTF-8, or with an unreadable
    quality, are left out.
    """
    ranges = []
    for entry in accept.split(","):
        media_type, params = parse_content_type(entry)
        if not media_type or params.get("charset", "utf-8").lower() != "utf-8":
            continue
        try:
            quality = float(params.get("q", "1"))
        except ValueError:
            continue
        ranges.append(MediaRange(media_type, quality))
    return ranges


def quality_of(ranges: list[MediaRange], names: tuple[str, ...]) -> float:
    """The quality of the most specific range in `names` the client sent, or 0."""
    for name in names:
        qualities = [entry.quality for entry in ranges if entry.media_type == name]
        if qualities:
            return max(qualities)
    return 0.0


@lru_cache(maxsize=HEADER_CACHE_SIZE)
def negotiate_media_type(accept: str | None) -> str | None:
    """The response media type for this `Accept` header; None if none fits."""
    if not accept or not accept.strip():
        return JSON
    ranges = parse_accept(accept)
    preferred = quality_of(ranges, (GRAPHQL_RESPONSE_JSON,))
    legacy = quality_of(ranges, JSON_RANGES)
    if preferred > 0 and preferred >= legacy:
        return GRAPHQL_RESPONSE_JSON
    if legacy > 0:
        return JSON
    return None


@lru_cache(maxsize=HEADER_CACHE_SIZE)
def is_json_content_type(content_type: str | None) -> bool:
    """True for `application/json`, with no charset or UTF-8."""
    media_type, params = parse_content_type(content_type or "")
    return media_type == JSON and params.get("charset", "utf-8").lower() == "utf-8"


def is_request_error(result: ExecutionResult) -> bool:
    """True when the operation failed before it ran: parsing, validation, variables.

    Such a result has no data and no error that points into the data; errors
    raised while running always carry a path.
    """
    if result.data is not None or not result.errors:
        return False
    return all(error.path is None for error in result.errors)


def graphql_response_status(body: object) -> int:
    """The status of an `application/graphql-response+json` body.

    200 when the operation ran (the body has `data`, even null); otherwise
    400, or 500/503 when the server itself failed before running it.
    """
    if not isinstance(body, dict) or "data" in body:
        return 200
    errors = body.get("errors") or []
    codes = [
        (error.get("extensions") or {}).get("code")
        for error in errors
        if isinstance(error, dict)
    ]
    if "SERVICE_UNAVAILABLE" in codes:
        return 503
    if "INTERNAL_SERVER_ERROR" in codes:
        return 500
    return 400
