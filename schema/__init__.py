"""The GraphQL schema: types, inputs, Query, Mutation and the schema object."""

from graphql import GraphQLError
from strawberry import Schema
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.types import ExecutionContext

from schema.extensions import MaskUnexpectedErrors
from schema.mutation import Mutation
from schema.operation_log import RecordOperationName
from schema.query import Query


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


def build_schema() -> Schema:
    """The schema with caching, masking and session handling switched on."""
    return AccountsSchema(
        query=Query,
        mutation=Mutation,
        extensions=[
            lambda: ParserCache(maxsize=512),
            lambda: ValidationCache(maxsize=512),
            MaskUnexpectedErrors,
            RecordOperationName,
        ],
    )
