"""Which GraphQL operation name the request log may show."""

import re

from strawberry.types import ExecutionContext

# A GraphQL name; anything else a client sent as `operationName` is not logged.
OPERATION_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")


def loggable_operation_name(context: ExecutionContext) -> str | None:
    """The name the operation ran under, when it is a GraphQL name; else None."""
    name = context.operation_name
    return name if name and OPERATION_NAME.fullmatch(name) else None
