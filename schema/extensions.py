"""How every operation is prepared and how its errors are shown.

One schema extension does the per-request work that Strawberry's stock
extensions would spread over five objects (parser cache, validation cache,
token limit, extra rules, operation name): each extension a request carries
costs hook calls on every step. Masking needs no extension at all: it runs
in the schema's `process_errors`, which Strawberry calls with every error
list before the result goes out.
"""

import logging
from collections.abc import Iterator
from functools import lru_cache

from graphql import ASTValidationRule, GraphQLError, OperationDefinitionNode, parse
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionContext

from errors import OPERATION_NAME_REQUIRED, UNEXPECTED, ApiError
from outages import service_unavailable
from request_log import OPERATION_STATE_KEY
from schema.operation_log import loggable_operation_name

logger = logging.getLogger(__name__)

CACHE_SIZE = 512
# Shared by every request: a document is parsed, and validated, once.
cached_parse = lru_cache(maxsize=CACHE_SIZE)(parse)
cached_validate = lru_cache(maxsize=CACHE_SIZE)(validate_document)


class PreparedOperation(SchemaExtension):
    """Parse and validate through the caches, within limits; note the name.

    The token limit stops the parser itself, so an oversized document costs
    no more than reading `max_tokens` tokens; the parse cache keys on it too.
    A broken document is left unparsed: Strawberry parses it again and
    reports the syntax error the usual way, through `process_errors`.
    """

    def __init__(
        self, max_tokens: int, rules: tuple[type[ASTValidationRule], ...]
    ) -> None:
        self.max_tokens = max_tokens
        self.rules = rules

    def on_operation(self) -> Iterator[None]:
        """Set the limits, yield to the operation, then note its name."""
        context = self.execution_context
        context.parse_options["max_tokens"] = self.max_tokens
        context.validation_rules = context.validation_rules + self.rules
        yield
        request = getattr(context.context, "request", None)
        if request is not None and (name := loggable_operation_name(context)):
            setattr(request.state, OPERATION_STATE_KEY, name)

    def on_parse(self) -> Iterator[None]:
        """Parse through the cache; leave a broken document to Strawberry."""
        context = self.execution_context
        try:
            context.graphql_document = cached_parse(
                context.query, **context.parse_options
            )
        except GraphQLError:
            context.graphql_document = None
        yield

    def on_validate(self) -> Iterator[None]:
        """Validate through the cache, with the standard rules and the limits.

        A document of several operations also needs `operationName`: the
        GraphQL spec makes that a request error, where Strawberry would
        quietly run the first operation.
        """
        context = self.execution_context
        errors = cached_validate(
            context.schema._schema, context.graphql_document, context.validation_rules
        )
        if not errors and is_ambiguous(context):
            errors = [GraphQLError(OPERATION_NAME_REQUIRED)]
        context.pre_execution_errors = errors
        yield


def is_ambiguous(context: ExecutionContext) -> bool:
    """True when the document holds several operations and no name picks one."""
    if context._provided_operation_name is not None or not context.graphql_document:
        return False
    definitions = context.graphql_document.definitions
    operations = [d for d in definitions if isinstance(d, OperationDefinitionNode)]
    return len(operations) > 1


def is_query_error(error: GraphQLError) -> bool:
    """True for errors in the request itself: syntax, fields, variable values."""
    original = error.original_error
    # graphql-core reports a variable value it cannot coerce as a GraphQLError
    # wrapping another GraphQLError.
    return original is None or isinstance(
        original, StrawberryInputCoercionError | GraphQLError
    )


def is_expected(error: GraphQLError) -> bool:
    """True for our own errors and for errors in the query itself."""
    return is_query_error(error) or isinstance(error.original_error, ApiError)


def mask_errors(errors: list[GraphQLError], context: ExecutionContext | None) -> None:
    """Replace unexpected errors in place by `Unexpected error.`, logged once.

    Our own errors keep their message and code; errors in the query document
    (syntax, unknown fields, bad variables) are tagged BAD_USER_INPUT; a
    database out of reach becomes SERVICE_UNAVAILABLE, logged without a trace.
    """
    for index, error in enumerate(errors):
        if is_query_error(error):
            error.extensions = {"code": "BAD_USER_INPUT", **(error.extensions or {})}
        if not is_expected(error):
            errors[index] = masked_error(error, context)
        # Shown and logged: the traces are no longer needed, and graphql-core
        # keeps the error in a reference cycle that would hold their frames,
        # and every object those refer to, until the next full collection.
        error.__traceback__ = None
        if error.original_error is not None:
            error.original_error.__traceback__ = None


def masked_error(error: GraphQLError, context: ExecutionContext | None) -> GraphQLError:
    """The error the client sees instead: only the contract's code and the path."""
    if unavailable := service_unavailable(error.original_error):
        return GraphQLError(
            unavailable.message,
            nodes=error.nodes,
            path=error.path,
            extensions=unavailable.extensions,
        )
    request_id = request_id_of(context)
    logger.error(
        "Unexpected error in %s (request %s)",
        ".".join(map(str, error.path or [])) or "the operation",
        request_id,
        exc_info=error.original_error,
    )
    return GraphQLError(
        UNEXPECTED,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
    )


def request_id_of(context: ExecutionContext | None) -> str:
    """The id the request-logging middleware gave this request, if any."""
    request = getattr(context and context.context, "request", None)
    state = getattr(request, "state", None)
    return str(getattr(state, "request_id", "-"))
