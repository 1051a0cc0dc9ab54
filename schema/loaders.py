"""The request's DataLoaders: each batches one kind of read into one statement.

Fields of a list item ask their loader for one key; the loader gathers the
keys of every item on the page and reads them all at once, so the number of
statements of a request does not grow with the size of its pages.
"""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import Select
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
from resolvers.batches import (
    ChildRead,
    by_id_query,
    by_parent_query,
    row_by_parent,
    rows_by_id,
    rows_by_parent,
)
from resolvers.pages import Page, PageRequest, child_pages_query, fetch_child_pages

PageKey = tuple[int, PageRequest]

# Built once for every request: each loader only fills in its keys.
CUSTOMERS = by_id_query(Customer)
STORES = by_id_query(Store)
PRODUCTS = by_id_query(Product)
ADDRESSES = by_parent_query(Address, Address.customer_id)
EVENTS = by_parent_query(AccountEvent, AccountEvent.customer_id)
ORDER_LINES = by_parent_query(OrderLine, OrderLine.order_id)
CART_ITEMS = by_parent_query(CartItem, CartItem.cart_id)
CARTS = by_parent_query(Cart, Cart.customer_id)
OWNED_STORES = by_parent_query(Store, Store.owner_id)
ORDER_PAGES = child_pages_query(Order, Order.customer_id)
CUSTOMER_REVIEW_PAGES = child_pages_query(Review, Review.customer_id)
PRODUCT_REVIEW_PAGES = child_pages_query(Review, Review.product_id)
STORE_PRODUCT_PAGES = child_pages_query(
    Product, Product.store_id, Product.is_listed.is_(True)
)


class Loaders:
    """One DataLoader per read, made for one request and its session.

    The loaders hold the session, never this object: no reference cycle keeps
    a finished request's loaders, their cache and its rows waiting for the
    garbage collector.
    """

    def __init__(self, session: AsyncSession) -> None:
        self.customer = by_id(session, CUSTOMERS)
        self.store = by_id(session, STORES)
        self.product = by_id(session, PRODUCTS)
        self.addresses = children(session, ADDRESSES)
        self.events = children(session, EVENTS)
        self.order_lines = children(session, ORDER_LINES)
        self.cart_items = children(session, CART_ITEMS)
        self.cart_of = only_child(session, CARTS)
        self.store_of = only_child(session, OWNED_STORES)
        self.orders_page = child_pages(session, ORDER_PAGES)
        self.customer_reviews_page = child_pages(session, CUSTOMER_REVIEW_PAGES)
        self.product_reviews_page = child_pages(session, PRODUCT_REVIEW_PAGES)
        self.store_products_page = child_pages(session, STORE_PRODUCT_PAGES)


def by_id(session: AsyncSession, query: Select[Any]) -> DataLoader[int, Any]:
    """Rows by primary key, read with a `by_id_query`."""
    return loader(lambda ids: rows_by_id(session, query, ids))


def children(session: AsyncSession, read: ChildRead) -> DataLoader:
    """All rows under each parent id, read with a `by_parent_query`."""
    return loader(lambda ids: rows_by_parent(session, read, ids))


def only_child(session: AsyncSession, read: ChildRead) -> DataLoader:
    """The one row under each parent id, or None, read with a `by_parent_query`."""
    return loader(lambda ids: row_by_parent(session, read, ids))


def child_pages(
    session: AsyncSession, read: ChildRead
) -> DataLoader[PageKey, Page[Any]]:
    """One page of rows under each parent, for (parent, page) keys."""

    async def load(keys: Sequence[PageKey]) -> list[Page[Any]]:
        pages: dict[PageKey, Page[Any]] = {}
        for request in {request for _, request in keys}:
            parent_ids = [parent_id for parent_id, r in keys if r == request]
            found = await fetch_child_pages(session, read, parent_ids, request)
            pages.update({(key, request): page for key, page in found.items()})
        return [pages[key] for key in keys]

    return loader(load)


def loader(load: Callable[[Sequence[Any]], Awaitable[list[Any]]]) -> DataLoader:
    """A DataLoader over `load`, typed loosely for the table it reads."""
    return DataLoader(load_fn=load)  # type: ignore[arg-type]
