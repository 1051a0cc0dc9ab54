"""Bounds on a GraphQL document's size and shape, enforced before anything runs.

Strawberry's own limiters do the counting. The depth and alias rules are
built once per schema rather than per request: the validation cache keys on
the rule classes, and a fresh class on every request would never hit it.
"""

from dataclasses import dataclass

from graphql import ASTValidationRule
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter

from settings import (
    DEFAULT_GRAPHQL_MAX_ALIASES,
    DEFAULT_GRAPHQL_MAX_DEPTH,
    DEFAULT_GRAPHQL_MAX_TOKENS,
    Settings,
)


@dataclass(frozen=True)
class QueryLimits:
    """How deep a document may nest, how many tokens and aliases it may hold."""

    max_depth: int = DEFAULT_GRAPHQL_MAX_DEPTH
    max_tokens: int = DEFAULT_GRAPHQL_MAX_TOKENS
    max_aliases: int = DEFAULT_GRAPHQL_MAX_ALIASES

    @classmethod
    def from_settings(cls, settings: Settings) -> "QueryLimits":
        """The limits the operator configured."""
        return cls(
            max_depth=settings.graphql_max_depth,
            max_tokens=settings.graphql_max_tokens,
            max_aliases=settings.graphql_max_aliases,
        )


def limit_rules(limits: QueryLimits) -> tuple[type[ASTValidationRule], ...]:
    """The validation rules that refuse too deep a document or too many aliases.

    Introspection fields (`__schema`, `__type`) do not count towards the
    depth; the token limit still bounds them.
    """
    depth = QueryDepthLimiter(max_depth=limits.max_depth)
    aliases = MaxAliasesLimiter(max_alias_count=limits.max_aliases)
    return (*depth.validation_rules, *aliases.validation_rules)
