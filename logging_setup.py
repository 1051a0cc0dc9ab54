"""Log output: one console line for people, or one JSON object per line for machines.

Only `server.py` calls `configure_logging`; every other module just logs to
`logging.getLogger(__name__)`.
"""

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Literal

HANDLER_NAME = "marketplace-api"
CONSOLE_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
# Their debug lines carry SQL parameters: emails and password hashes.
PARAMETER_LOGGERS = ("aiosqlite", "asyncpg")
# Alembic says "Context impl SQLiteImpl." before every command; only its
# warnings are worth an operator's attention.
QUIET_LOGGERS = ("alembic",)

# Attributes every LogRecord has; anything else on a record came from `extra=`.
# uvicorn's `color_message` is the message again, with terminal escapes.
STANDARD_ATTRIBUTES = frozenset(
    logging.LogRecord("", 0, "", 0, "", None, None).__dict__
) | {"message", "asctime", "taskName", "color_message"}

# The id of the request being served, set by the request log middleware.
current_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


class AddRequestId(logging.Filter):
    """Tags each record logged while serving a request with that request's id."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add `request_id` unless the record has one; never drops a record."""
        if not hasattr(record, "request_id"):
            request_id = current_request_id.get()
            if request_id is not None:
                record.request_id = request_id
        return True


class StderrHandler(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is at the time of each record.

    A handler that kept the stream it was made with would go on writing to a
    stream that was since replaced (and perhaps closed).
    """

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> object:
        """The current standard error."""
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        """Ignore the stream given at construction."""


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object, with `extra=` fields as keys."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a single line of JSON."""
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(extra_fields(record))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def extra_fields(record: logging.LogRecord) -> dict[str, object]:
    """The fields a caller attached to the record with `extra=`."""
    return {
        key: value
        for key, value in record.__dict__.items()
        if key not in STANDARD_ATTRIBUTES and not key.startswith("_")
    }


def configure_logging(*, level: str, log_format: Literal["console", "json"]) -> None:
    """Send every log record to stderr in `log_format`; safe to call again.

    Only our own handler is added or updated, so handlers that others put on
    the root logger (a test runner's, for instance) are left alone.
    """
    root = logging.getLogger()
    handler = next((h for h in root.handlers if h.get_name() == HANDLER_NAME), None)
    if handler is None:
        handler = StderrHandler()
        handler.set_name(HANDLER_NAME)
        handler.addFilter(AddRequestId())
        root.addHandler(handler)

    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(CONSOLE_FORMAT))
    root.setLevel(level.upper())
    for name in PARAMETER_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
