"""The GraphQL schema: types, inputs, Query, Mutation and the schema object."""

from graphql import GraphQLError
from strawberry import Schema
from strawberry.types import ExecutionContext

from schema.extensions import PreparedOperation, mask_errors
from schema.limits import QueryLimits, limit_rules
from schema.mutation import Mutation
from schema.query import Query


class AccountsSchema(Schema):
    """Our schema; it masks unexpected errors and logs each of them once."""

    def process_errors(
        self,
        errors: list[GraphQLError],
        execution_context: ExecutionContext | None = None,
    ) -> None:
        """Mask the unexpected errors in place; expected errors are not logged.

        Strawberry hands every error list here before the result goes out.
        Its default would log every error with a traceback, which floods the
        log and costs time on every refused request.
        """
        mask_errors(errors, execution_context)


def build_schema(limits: QueryLimits | None = None) -> Schema:
    """The schema with caching, query limits, masking and the operation's name."""
    limits = limits or QueryLimits()
    rules = limit_rules(limits)
    return AccountsSchema(
        query=Query,
        mutation=Mutation,
        extensions=[lambda: PreparedOperation(limits.max_tokens, rules)],
    )
