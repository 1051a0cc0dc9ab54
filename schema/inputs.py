"""GraphQL input types."""

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
