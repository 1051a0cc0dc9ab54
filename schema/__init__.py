"""The GraphQL schema: types, inputs, Query, Mutation and the schema object."""

from graphql import GraphQLError
from strawberry import Schema
from strawberry.extensions import ValidationCache
from strawberry.types import ExecutionContext

from schema.extensions import MaskUnexpectedErrors, SyntaxSafeParserCache
from schema.limits import QueryLimits, limit_extensions
from schema.mutation import Mutation
from schema.operation_log import RecordOperationName
from schema.query import Query

CACHE_SIZE = 512


class AccountsSchema(Schema):
    """Our schema; its errors are logged by the masking extension, not here."""

    def process_errors(
        self,
        errors: list[GraphQLError],
        execution_context: ExecutionContext | None = None,
    ) -> None:
        """Log nothing: expected errors are not news, unexpected ones are logged once.

        Strawberry would log every error with a traceback, which floods the log
        and costs time on every refused request.
        """


def build_schema(limits: QueryLimits | None = None) -> Schema:
    """The schema with caching, query limits, masking and session handling."""
    return AccountsSchema(
        query=Query,
        mutation=Mutation,
        extensions=[
            lambda: SyntaxSafeParserCache(maxsize=CACHE_SIZE),
            lambda: ValidationCache(maxsize=CACHE_SIZE),
            *limit_extensions(limits or QueryLimits()),
            MaskUnexpectedErrors,
            RecordOperationName,
        ],
    )
