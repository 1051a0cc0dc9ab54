"""Tells the request log which GraphQL operation a request ran."""

import re
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from request_log import OPERATION_STATE_KEY

# A GraphQL name; anything else a client sent as `operationName` is not logged.
OPERATION_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")


class RecordOperationName(SchemaExtension):
    """Puts the operation's name into `request.state` for the request log line."""

    def on_operation(self) -> Iterator[None]:
        """Yield to the operation, then note the name it ran under."""
        yield
        context = self.execution_context
        name = context.operation_name
        request = getattr(context.context, "request", None)
        if request is not None and name and OPERATION_NAME.fullmatch(name):
            setattr(request.state, OPERATION_STATE_KEY, name)
