"""Schema extensions: error masking."""

import logging

from graphql import GraphQLError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import MaskErrors

from errors import UNEXPECTED, ApiError

logger = logging.getLogger(__name__)


def is_query_error(error: GraphQLError) -> bool:
    """True for errors in the request itself: syntax, fields, variable values."""
    original = error.original_error
    return original is None or isinstance(original, StrawberryInputCoercionError)


def is_expected(error: GraphQLError) -> bool:
    """True for our own errors and for errors in the query itself."""
    return is_query_error(error) or isinstance(error.original_error, ApiError)


class MaskUnexpectedErrors(MaskErrors):
    """Replace unexpected errors by `Unexpected error.`, logged once with the trace.

    Our own errors keep their message and code; errors in the query document
    (syntax, unknown fields, bad variables) are tagged BAD_USER_INPUT.
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
