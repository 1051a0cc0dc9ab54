"""The root Query type."""

from typing import Annotated

import strawberry
from strawberry.types import Info

from auth.permissions import IsAuthenticated, IsSelfOrStaff
from errors import NotFoundError
from resolvers.customers import find_customer
from resolvers.ids import parse_id
from schema.context import Context
from schema.types import Customer, customer_from_row


@strawberry.type(description="What you can read.")
class Query:
    @strawberry.field(
        description="The authenticated customer.",
        permission_classes=[IsAuthenticated],
    )
    async def me(self, info: Info[Context, None]) -> Customer:
        return customer_from_row(await info.context.viewer())

    @strawberry.field(
        description="Yourself, or any customer (deactivated ones too) for staff.",
        permission_classes=[IsSelfOrStaff],
    )
    async def customer(
        self,
        info: Info[Context, None],
        id: Annotated[
            strawberry.ID, strawberry.argument(description="The customer's id.")
        ],
    ) -> Customer:
        row = await find_customer(info.context.session, parse_id(id))
        if row is None:
            raise NotFoundError()
        return customer_from_row(row)
