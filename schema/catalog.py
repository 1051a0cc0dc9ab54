"""GraphQL types of the shop window: stores, products and reviews."""

from datetime import datetime
from decimal import Decimal

import strawberry
from strawberry import relay
from strawberry.types import Info

from models import Product as ProductRow
from models import Review as ReviewRow
from models import Store as StoreRow
from resolvers.customers import display_name
from resolvers.pages import DEFAULT_PAGE_SIZE, page_request
from schema.context import Context
from schema.pagination import After, First, connection


@strawberry.type(description="A vendor's shop on the marketplace.")
class Store:
    id: strawberry.ID = strawberry.field(description="The store's id.")
    name: str = strawberry.field(description="The store's name.")
    is_active: bool = strawberry.field(
        description="False once its owner deleted it; it then leaves public lists."
    )

    @strawberry.field(description="The products it lists, oldest first.")
    async def products(
        self,
        info: Info[Context, None],
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
    ) -> relay.Connection["Product"]:
        key = (int(self.id), page_request(first, after))
        page = await info.context.loaders.store_products_page.load(key)
        return connection(page, product_from_row)


@strawberry.type(description="Something a store sells.")
class Product:
    id: strawberry.ID = strawberry.field(description="The product's id.")
    name: str = strawberry.field(description="The product's name.")
    price: Decimal = strawberry.field(description='Current price, such as "19.99".')
    store_id: strawberry.Private[int]

    @strawberry.field(description="The store that sells it.")
    async def store(self, info: Info[Context, None]) -> Store:
        return store_from_row(await info.context.loaders.store.load(self.store_id))

    @strawberry.field(description="What customers said of it, oldest first.")
    async def reviews(
        self,
        info: Info[Context, None],
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
    ) -> relay.Connection["Review"]:
        key = (int(self.id), page_request(first, after))
        page = await info.context.loaders.product_reviews_page.load(key)
        return connection(page, review_from_row)


@strawberry.type(description="A customer's rating of a product.")
class Review:
    id: strawberry.ID = strawberry.field(description="The review's id.")
    rating: int = strawberry.field(description="From 1 (poor) to 5 (excellent).")
    body: str = strawberry.field(description="What the customer wrote.")
    created_at: datetime = strawberry.field(description="When it was written.")
    product_id: strawberry.Private[int]
    customer_id: strawberry.Private[int]

    @strawberry.field(
        description=(
            'The author as shown to everyone, such as "Ada L.". Stays after the '
            'author deactivates; "Former customer" once their data is erased.'
        )
    )
    async def author_name(self, info: Info[Context, None]) -> str:
        return display_name(await info.context.loaders.customer.load(self.customer_id))

    @strawberry.field(description="The product reviewed.")
    async def product(self, info: Info[Context, None]) -> Product:
        row = await info.context.loaders.product.load(self.product_id)
        return product_from_row(row)


def store_from_row(row: StoreRow) -> Store:
    """The GraphQL view of a store row."""
    return Store(id=strawberry.ID(str(row.id)), name=row.name, is_active=row.is_active)


def product_from_row(row: ProductRow) -> Product:
    """The GraphQL view of a product row."""
    return Product(
        id=strawberry.ID(str(row.id)),
        name=row.name,
        price=row.price,
        store_id=row.store_id,
    )


def review_from_row(row: ReviewRow) -> Review:
    """The GraphQL view of a review row."""
    return Review(
        id=strawberry.ID(str(row.id)),
        rating=row.rating,
        body=row.body,
        created_at=row.created_at,
        product_id=row.product_id,
        customer_id=row.customer_id,
    )
