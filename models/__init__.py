"""SQLModel tables. Importing this package registers every table on the metadata."""

from models.customers import Address, Customer
from models.events import AccountEvent, EventKind, Interface
from models.orders import Cart, CartItem, Order, OrderLine
from models.reviews import Review
from models.stores import Product, Store
from models.throttle import LoginFailure

__all__ = [
    "AccountEvent",
    "Address",
    "Cart",
    "CartItem",
    "Customer",
    "EventKind",
    "Interface",
    "LoginFailure",
    "Order",
    "OrderLine",
    "Product",
    "Review",
    "Store",
]
