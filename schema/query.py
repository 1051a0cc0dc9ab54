"""The root Query type."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from auth.permissions import IsAuthenticated, IsSelf, IsSelfOrStaff, IsStaff
from errors import NotFoundError
from resolvers.catalog import (
    find_open_store,
    find_product_for_sale,
    list_products,
    list_stores,
)
from resolvers.customers import find_customer, list_customers
from resolvers.ids import parse_id
from resolvers.pages import DEFAULT_PAGE_SIZE, page_request
from resolvers.preview import preview_deactivation
from schema.catalog import Product, Store, product_from_row, store_from_row
from schema.context import Context
from schema.pagination import After, First, connection
from schema.types import (
    Customer,
    DeactivationPreview,
    customer_from_row,
    preview_from_result,
)

CustomerId = Annotated[
    strawberry.ID, strawberry.argument(description="The customer's id.")
]


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
    async def customer(self, info: Info[Context, None], id: CustomerId) -> Customer:
        row = await find_customer(info.context.session, parse_id(id))
        if row is None:
            raise NotFoundError()
        return customer_from_row(row)

    @strawberry.field(
        description="Every customer, in id order. Staff only.",
        permission_classes=[IsStaff],
    )
    async def customers(
        self,
        info: Info[Context, None],
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        include_inactive: Annotated[
            bool,
            strawberry.argument(description="Include deactivated customers too."),
        ] = False,
    ) -> relay.Connection[Customer]:
        page = await list_customers(
            info.context.session,
            page_request(first, after),
            include_inactive=include_inactive,
        )
        return connection(page, customer_from_row)

    @strawberry.field(description="The products for sale, in open stores.")
    async def products(
        self,
        info: Info[Context, None],
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
    ) -> relay.Connection[Product]:
        page = await list_products(info.context.session, page_request(first, after))
        return connection(page, product_from_row)

    @strawberry.field(description="One product for sale.")
    async def product(
        self,
        info: Info[Context, None],
        id: Annotated[
            strawberry.ID, strawberry.argument(description="The product's id.")
        ],
    ) -> Product:
        row = await find_product_for_sale(info.context.session, parse_id(id))
        return product_from_row(row)

    @strawberry.field(description="The open stores.")
    async def stores(
        self,
        info: Info[Context, None],
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
    ) -> relay.Connection[Store]:
        page = await list_stores(info.context.session, page_request(first, after))
        return connection(page, store_from_row)

    @strawberry.field(description="One open store.")
    async def store(
        self,
        info: Info[Context, None],
        id: Annotated[
            strawberry.ID, strawberry.argument(description="The store's id.")
        ],
    ) -> Store:
        row = await find_open_store(info.context.session, parse_id(id))
        return store_from_row(row)

    @strawberry.field(
        description=(
            "What deactivating your account would keep, and the store that "
            "would stay open. Yourself only."
        ),
        permission_classes=[IsSelf],
    )
    async def deactivation_preview(
        self,
        info: Info[Context, None],
        id: Annotated[
            strawberry.ID, strawberry.argument(description="Your own customer id.")
        ],
    ) -> DeactivationPreview:
        preview = await preview_deactivation(
            info.context.session, customer=await info.context.viewer()
        )
        return preview_from_result(preview)
