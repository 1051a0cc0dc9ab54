"""Mutations of the shop: stores, products, addresses, the cart, orders, reviews."""

import contextlib
from typing import Annotated

import strawberry
from strawberry.types import Info

from auth.permissions import IsAuthenticated
from models import Cart as CartRow
from resolvers.catalog import add_product, create_store, delete_store
from resolvers.ids import parse_id
from resolvers.shopping import (
    NewAddress,
    add_address,
    add_to_cart,
    create_review,
    place_order,
    remove_from_cart,
)
from schema.catalog import (
    Product,
    Review,
    Store,
    product_from_row,
    review_from_row,
    store_from_row,
)
from schema.context import Context
from schema.inputs import AddAddressInput, AddProductInput, CreateStoreInput
from schema.orders import Cart, Order, cart_from_row, order_from_row
from schema.types import Address, address_from_row

StoreId = Annotated[strawberry.ID, strawberry.argument(description="The store's id.")]
ProductId = Annotated[
    strawberry.ID, strawberry.argument(description="The product's id.")
]
SIGNED_IN = [IsAuthenticated]


@strawberry.type(description="What a signed-in customer can do in the shop.")
class ShopMutation:
    @strawberry.mutation(
        description="Open your store; a customer owns one at most.",
        permission_classes=SIGNED_IN,
    )
    async def create_store(
        self,
        info: Info[Context, None],
        input: Annotated[
            CreateStoreInput, strawberry.argument(description="The new store.")
        ],
    ) -> Store:
        row = await create_store(
            info.context.session, actor=await info.context.viewer(), name=input.name
        )
        return store_from_row(row)

    @strawberry.mutation(
        description=(
            "Delete your store (a soft delete): it and its products leave every "
            "public list; orders that name them are untouched. Owner only."
        ),
        permission_classes=SIGNED_IN,
    )
    async def delete_store(self, info: Info[Context, None], id: StoreId) -> bool:
        await delete_store(
            info.context.session,
            actor=await info.context.viewer(),
            store_id=parse_id(id),
        )
        return True

    @strawberry.mutation(
        description="List a new product in your store. Owner only.",
        permission_classes=SIGNED_IN,
    )
    async def add_product(
        self,
        info: Info[Context, None],
        store_id: StoreId,
        input: Annotated[
            AddProductInput, strawberry.argument(description="The new product.")
        ],
    ) -> Product:
        row = await add_product(
            info.context.session,
            actor=await info.context.viewer(),
            store_id=parse_id(store_id),
            name=input.name,
            price=input.price,
        )
        return product_from_row(row)

    @strawberry.mutation(
        description="Keep a new postal address.", permission_classes=SIGNED_IN
    )
    async def add_address(
        self,
        info: Info[Context, None],
        input: Annotated[
            AddAddressInput, strawberry.argument(description="The address.")
        ],
    ) -> Address:
        address = NewAddress(
            line1=input.line1,
            line2=input.line2,
            city=input.city,
            postal_code=input.postal_code,
            country=input.country,
        )
        row = await add_address(
            info.context.session, actor=await info.context.viewer(), address=address
        )
        return address_from_row(row)

    @strawberry.mutation(
        description="Put some of a product for sale into your cart.",
        permission_classes=SIGNED_IN,
    )
    async def add_to_cart(
        self,
        info: Info[Context, None],
        product_id: ProductId,
        quantity: Annotated[
            int, strawberry.argument(description="How many more, 1 to 99.")
        ],
    ) -> Cart:
        row = await add_to_cart(
            info.context.session,
            actor=await info.context.viewer(),
            product_id=parse_id(product_id),
            quantity=quantity,
        )
        return fresh_cart(info, row)

    @strawberry.mutation(
        description="Take a product out of your cart.", permission_classes=SIGNED_IN
    )
    async def remove_from_cart(
        self, info: Info[Context, None], product_id: ProductId
    ) -> Cart:
        row = await remove_from_cart(
            info.context.session,
            actor=await info.context.viewer(),
            product_id=parse_id(product_id),
        )
        return fresh_cart(info, row)

    @strawberry.mutation(
        description=(
            "Order everything in your cart at today's prices; the cart is emptied."
        ),
        permission_classes=SIGNED_IN,
    )
    async def place_order(self, info: Info[Context, None]) -> Order:
        row = await place_order(info.context.session, actor=await info.context.viewer())
        return order_from_row(row)

    @strawberry.mutation(
        description="Review a product for sale.", permission_classes=SIGNED_IN
    )
    async def create_review(
        self,
        info: Info[Context, None],
        product_id: ProductId,
        rating: Annotated[int, strawberry.argument(description="From 1 to 5.")],
        body: Annotated[str, strawberry.argument(description="What you think.")],
    ) -> Review:
        row = await create_review(
            info.context.session,
            actor=await info.context.viewer(),
            product_id=parse_id(product_id),
            rating=rating,
            body=body,
        )
        return review_from_row(row)


def fresh_cart(info: Info[Context, None], row: CartRow) -> Cart:
    """The cart as just written: items already loaded by this request are dropped."""
    cart = cart_from_row(row)
    # DataLoader.clear raises KeyError for a key it never loaded.
    with contextlib.suppress(KeyError):
        info.context.loaders.cart_items.clear(cart.cart_id)
    return cart
