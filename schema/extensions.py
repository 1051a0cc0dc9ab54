"""Schema extensions: error masking."""

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import MaskErrors, ParserCache

from errors import UNEXPECTED, ApiError
from outages import service_unavailable

logger = logging.getLogger(__name__)


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


class MaskUnexpectedErrors(MaskErrors):
    """Replace unexpected errors by `Unexpected error.`, logged once with the trace.

    Our own errors keep their message and code; errors in the query document
    (syntax, unknown fields, bad variables) are tagged BAD_USER_INPUT; a
    database out of reach becomes SERVICE_UNAVAILABLE, logged without a trace.
    """

    def __init__(self) -> None:
        super().__init__(should_mask_error=self.mask_and_tag, error_message=UNEXPECTED)

    def mask_and_tag(self, error: GraphQLError) -> bool:
        """Tag query errors with a code; say which errors to mask."""
        if is_query_error(error):
            error.extensions = {"code": "BAD_USER_INPUT", **(error.extensions or {})}
        return not is_expected(error)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        """The masked error, carrying only the contract's code and the path."""
        if unavailable := service_unavailable(error.original_error):
            return GraphQLError(
                unavailable.message,
                nodes=error.nodes,
                path=error.path,
                extensions=unavailable.extensions,
            )
        request_id = self.request_id()
        logger.error(
            "Unexpected error in %s (request %s)",
            ".".join(map(str, error.path or [])) or "the operation",
            request_id,
            exc_info=error.original_error,
        )
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
        return masked

    def request_id(self) -> str:
        """The id the request-logging middleware gave this request, if any."""
        context = self.execution_context.context
        request = getattr(context, "request", None)
        state = getattr(request, "state", None)
        return str(getattr(state, "request_id", "-"))


class SyntaxSafeParserCache(ParserCache):
    """Strawberry's parser cache, except that broken documents are parsed uncached.

    Strawberry's cache raises a syntax error from inside the parsing hook,
    outside Strawberry's own error handling: the other extensions never saw
    the result, so the error went out without its code. Leaving the document
    unset lets Strawberry parse it again and report the error the usual way.
    """

    def on_parse(self) -> Iterator[None]:
        """Parse through the cache; leave a broken document to Strawberry."""
        context = self.execution_context
        try:
            context.graphql_document = self.cached_parse_document(
                context.query, **context.parse_options
            )
        except GraphQLError:
            context.graphql_document = None
        yield
