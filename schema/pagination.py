"""Relay connections built from pages, and the `first` and `after` arguments."""

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry import relay

from resolvers.pages import MAX_PAGE_SIZE, Page, encode_cursor

Node = TypeVar("Node")

First = Annotated[
    int | None,
    strawberry.argument(
        description=f"How many items to return, from 0 to {MAX_PAGE_SIZE}."
    ),
]
After = Annotated[
    str | None,
    strawberry.argument(
        description="Start after the item with this cursor (`pageInfo.endCursor`)."
    ),
]


def connection(page: Page[Any], convert: Callable[[Any], Node]) -> relay.Connection:
    """The Relay connection of one page, each row converted to its GraphQL type."""
    edges = [
        relay.Edge(cursor=encode_cursor(row.id), node=convert(row)) for row in page.rows
    ]
    return relay.Connection(
        edges=edges,
        page_info=relay.PageInfo(
            has_next_page=page.has_next,
            has_previous_page=False,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )
