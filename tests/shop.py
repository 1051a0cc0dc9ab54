"""Shop actions over GraphQL, the way a client would take them, for tests."""

from dataclasses import dataclass

from tests.conftest import Account, Api


def error_of(body: dict[str, object]) -> dict[str, object]:
    """The first error of a GraphQL answer."""
    errors = body.get("errors")
    assert errors, body
    return errors[0]  # type: ignore[index,return-value]


class OperationError(AssertionError):
    """A GraphQL operation that a test expected to succeed answered with errors."""


@dataclass
class Shop:
    """Opens stores, lists products, fills carts and orders, through the API."""

    api: Api

    async def run(
        self, query: str, variables: dict[str, object], account: Account
    ) -> dict[str, object]:
        """The `data` of an operation that must succeed."""
        body = await self.api.graphql(query, variables, token=account.access)
        if body.get("errors"):
            raise OperationError(body["errors"])
        return body["data"]  # type: ignore[return-value]

    async def open_store(self, owner: Account, name: str = "Ada's Attic") -> str:
        """A new store of `owner`; returns its id."""
        data = await self.run(
            "mutation($name: String!) { createStore(input: {name: $name}) { id } }",
            {"name": name},
            owner,
        )
        return data["createStore"]["id"]  # type: ignore[index]

    async def add_product(
        self, owner: Account, store_id: str, name: str = "Lamp", price: str = "19.99"
    ) -> str:
        """A new listed product in the owner's store; returns its id."""
        data = await self.run(
            "mutation($store: ID!, $name: String!, $price: Decimal!) {"
            " addProduct(storeId: $store, input: {name: $name, price: $price})"
            " { id } }",
            {"store": store_id, "name": name, "price": price},
            owner,
        )
        return data["addProduct"]["id"]  # type: ignore[index]

    async def add_to_cart(self, buyer: Account, product_id: str, quantity: int) -> None:
        """Put `quantity` of the product into the buyer's cart."""
        await self.run(
            "mutation($id: ID!, $q: Int!) {"
            " addToCart(productId: $id, quantity: $q) { items { quantity } } }",
            {"id": product_id, "q": quantity},
            buyer,
        )

    async def place_order(self, buyer: Account) -> dict[str, object]:
        """Order the buyer's cart; returns the order with its lines."""
        data = await self.run(
            "mutation { placeOrder { id total lines"
            " { quantity unitPrice product { id } } } }",
            {},
            buyer,
        )
        return data["placeOrder"]  # type: ignore[return-value]

    async def review(
        self, author: Account, product_id: str, rating: int = 5, body: str = "Good."
    ) -> str:
        """A review of the product by `author`; returns its id."""
        data = await self.run(
            "mutation($id: ID!, $r: Int!, $b: String!) {"
            " createReview(productId: $id, rating: $r, body: $b) { id } }",
            {"id": product_id, "r": rating, "b": body},
            author,
        )
        return data["createReview"]["id"]  # type: ignore[index]

    async def add_address(self, account: Account) -> str:
        """A new address of the account's; returns its id."""
        data = await self.run(
            'mutation { addAddress(input: {line1: "1 Analytical Row",'
            ' city: "London", postalCode: "N1 9GU", country: "gb"}) { id } }',
            {},
            account,
        )
        return data["addAddress"]["id"]  # type: ignore[index]

    async def buy(self, buyer: Account, product_id: str, quantity: int = 1) -> None:
        """Add the product to the cart and order it."""
        await self.add_to_cart(buyer, product_id, quantity)
        await self.place_order(buyer)
