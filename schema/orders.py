"""GraphQL types of buying: the cart and the orders it turns into."""

from datetime import datetime
from decimal import Decimal

import strawberry
from strawberry.types import Info

from models import Cart as CartRow
from models import CartItem as CartItemRow
from models import Order as OrderRow
from models import OrderLine as OrderLineRow
from schema.catalog import Product, product_from_row
from schema.context import Context


@strawberry.type(description="A product and how many of it, in a cart.")
class CartItem:
    quantity: int = strawberry.field(description="How many.")
    product_id: strawberry.Private[int]

    @strawberry.field(description="The product.")
    async def product(self, info: Info[Context, None]) -> Product:
        row = await info.context.loaders.product.load(self.product_id)
        return product_from_row(row)


@strawberry.type(description="What a customer means to buy; `placeOrder` orders it.")
class Cart:
    cart_id: strawberry.Private[int]

    @strawberry.field(description="What is in the cart, in the order it was added.")
    async def items(self, info: Info[Context, None]) -> list[CartItem]:
        rows = await info.context.loaders.cart_items.load(self.cart_id)
        return [cart_item_from_row(row) for row in rows]


@strawberry.type(description="One product of an order, at the price paid.")
class OrderLine:
    quantity: int = strawberry.field(description="How many were ordered.")
    unit_price: Decimal = strawberry.field(
        description="The price of one when the order was placed."
    )
    product_id: strawberry.Private[int]

    @strawberry.field(description="The product ordered, even if no longer for sale.")
    async def product(self, info: Info[Context, None]) -> Product:
        row = await info.context.loaders.product.load(self.product_id)
        return product_from_row(row)


@strawberry.type(description="A placed order; it never changes afterwards.")
class Order:
    id: strawberry.ID = strawberry.field(description="The order's id.")
    created_at: datetime = strawberry.field(description="When it was placed.")
    total: Decimal = strawberry.field(description="What the whole order cost.")

    @strawberry.field(description="What was ordered.")
    async def lines(self, info: Info[Context, None]) -> list[OrderLine]:
        rows = await info.context.loaders.order_lines.load(int(self.id))
        return [order_line_from_row(row) for row in rows]


def cart_from_row(row: CartRow) -> Cart:
    """The GraphQL view of a cart row."""
    assert row.id is not None
    return Cart(cart_id=row.id)


def cart_item_from_row(row: CartItemRow) -> CartItem:
    """The GraphQL view of a cart item row."""
    return CartItem(quantity=row.quantity, product_id=row.product_id)


def order_from_row(row: OrderRow) -> Order:
    """The GraphQL view of an order row."""
    return Order(
        id=strawberry.ID(str(row.id)), created_at=row.created_at, total=row.total
    )


def order_line_from_row(row: OrderLineRow) -> OrderLine:
    """The GraphQL view of an order line row."""
    return OrderLine(
        quantity=row.quantity, unit_price=row.unit_price, product_id=row.product_id
    )
