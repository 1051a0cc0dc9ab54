"""Reading the JSON clients send, refusing text that is not valid Unicode."""

import json

ESCAPE = "\\u"


def loads_json_text(raw: str | bytes) -> object:
    """The decoded JSON value; json.JSONDecodeError also for half a surrogate pair.

    JSON lets a string escape a lone UTF-16 surrogate (`"\\ud800"`), which
    decodes to a Python string that cannot be encoded as UTF-8: no database,
    password hash or response could take it, so it is refused here as bad JSON.
    """
    value = json.loads(raw)
    escape = ESCAPE if isinstance(raw, str) else ESCAPE.encode()
    if escape in raw and has_lone_surrogate(value):  # type: ignore[operator]
        raise json.JSONDecodeError("Lone surrogate in a string", "", 0)
    return value


def has_lone_surrogate(value: object) -> bool:
    """True when some string in the decoded value, key or not, is not valid UTF-8."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
