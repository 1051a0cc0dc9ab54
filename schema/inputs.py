"""GraphQL input types."""

from decimal import Decimal

import strawberry


@strawberry.input(description="What a new customer sends to `registerCustomer`.")
class RegisterCustomerInput:
    email: str = strawberry.field(description="Must not be taken, in any letter case.")
    password: str = strawberry.field(description="At least 8 characters.")
    first_name: str = strawberry.field(default="", description="Given name.")
    last_name: str = strawberry.field(default="", description="Family name.")
    phone: str | None = strawberry.field(default=None, description="Phone number.")


@strawberry.input(description="Profile fields to change; leave a field out to keep it.")
class UpdateCustomerInput:
    first_name: str | None = strawberry.field(
        default=strawberry.UNSET, description="New given name."
    )
    last_name: str | None = strawberry.field(
        default=strawberry.UNSET, description="New family name."
    )
    phone: str | None = strawberry.field(
        default=strawberry.UNSET, description="New phone number; null clears it."
    )


@strawberry.input(description="What a new store needs.")
class CreateStoreInput:
    name: str = strawberry.field(description="The store's name, 1 to 120 characters.")


@strawberry.input(description="What a new product needs.")
class AddProductInput:
    name: str = strawberry.field(description="The product's name.")
    price: Decimal = strawberry.field(
        description='Price with at most two decimals, such as "19.99".'
    )


@strawberry.input(description="A postal address.")
class AddAddressInput:
    line1: str = strawberry.field(description="Street and number.")
    line2: str = strawberry.field(default="", description="More of the address.")
    city: str = strawberry.field(description="Town or city.")
    postal_code: str = strawberry.field(description="Postal code.")
    country: str = strawberry.field(description="Two-letter country code, e.g. DE.")
