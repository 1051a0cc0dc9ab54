"""The request's DataLoaders: each batches one kind of read into one statement.

Fields of a list item ask their loader for one key; the loader gathers the
keys of every item on the page and reads them all at once, so the number of
statements of a request does not grow with the size of its pages.
"""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from models import (
    AccountEvent,
    Address,
    Cart,
    CartItem,
    Customer,
    Order,
    OrderLine,
    Product,
    Review,
    Store,
)
from resolvers.batches import row_by_parent, rows_by_id, rows_by_parent
from resolvers.pages import Page, PageRequest, fetch_child_pages

PageKey = tuple[int, PageRequest]


class Loaders:
    """One DataLoader per read, made for one request and its session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.customer = self.by_id(Customer)
        self.store = self.by_id(Store)
        self.product = self.by_id(Product)
        self.addresses = self.children(Address, Address.customer_id)
        self.events = self.children(AccountEvent, AccountEvent.customer_id)
        self.order_lines = self.children(OrderLine, OrderLine.order_id)
        self.cart_items = self.children(CartItem, CartItem.cart_id)
        self.cart_of = self.only_child(Cart, Cart.customer_id)
        self.store_of = self.only_child(Store, Store.owner_id)
        self.orders_page = self.child_pages(Order, Order.customer_id)
        self.customer_reviews_page = self.child_pages(Review, Review.customer_id)
        self.product_reviews_page = self.child_pages(Review, Review.product_id)
        self.store_products_page = self.child_pages(
            Product, Product.store_id, Product.is_listed.is_(True)
        )

    def by_id(self, model: Any) -> DataLoader[int, Any]:
        """Rows of `model` by primary key."""
        return loader(lambda ids: rows_by_id(self.session, model, ids))

    def children(self, model: Any, parent: Any) -> DataLoader[int, list[Any]]:
        """All rows of `model` under each parent id."""
        return loader(lambda ids: rows_by_parent(self.session, model, parent, ids))

    def only_child(self, model: Any, parent: Any) -> DataLoader[int, Any]:
        """The one row of `model` under each parent id, or None."""
        return loader(lambda ids: row_by_parent(self.session, model, parent, ids))

    def child_pages(
        self, model: Any, parent: Any, *conditions: Any
    ) -> DataLoader[PageKey, Page[Any]]:
        """One page of `model` rows under each parent, for (parent, page) keys."""

        async def load(keys: Sequence[PageKey]) -> list[Page[Any]]:
            pages: dict[PageKey, Page[Any]] = {}
            for request in {request for _, request in keys}:
                parent_ids = [parent_id for parent_id, r in keys if r == request]
                found = await fetch_child_pages(
                    self.session, model, parent, parent_ids, request, *conditions
                )
                pages.update({(key, request): page for key, page in found.items()})
            return [pages[key] for key in keys]

        return loader(load)


def loader(load: Callable[[Sequence[Any]], Awaitable[list[Any]]]) -> DataLoader:
    """A DataLoader over `load`, typed loosely for the table it reads."""
    return DataLoader(load_fn=load)  # type: ignore[arg-type]
