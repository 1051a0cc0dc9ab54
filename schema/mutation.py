"""The root Mutation type."""

from typing import Annotated

import strawberry
from strawberry.types import Info

from auth.identity import client_address
from auth.permissions import IsSelf
from resolvers.customers import (
    UNCHANGED,
    ProfileChanges,
    Registration,
    deactivate_customer,
    register_customer,
    update_customer,
)
from resolvers.tokens import log_in, refresh_tokens
from schema.context import Context
from schema.inputs import RegisterCustomerInput, UpdateCustomerInput
from schema.shop_mutation import ShopMutation
from schema.types import (
    Customer,
    DeactivateCustomerPayload,
    TokenPair,
    customer_from_row,
    token_pair_from_issued,
)

SelfId = Annotated[
    strawberry.ID, strawberry.argument(description="Your own customer id.")
]


@strawberry.type(description="What you can do to your account.")
class AccountMutation:
    @strawberry.mutation(description="Open a new customer account.")
    async def register_customer(
        self,
        info: Info[Context, None],
        input: Annotated[
            RegisterCustomerInput,
            strawberry.argument(description="The new account's details."),
        ],
    ) -> Customer:
        context = info.context
        row = await register_customer(
            context.session,
            passwords=context.runtime.passwords,
            registration=Registration(
                email=input.email,
                password=input.password,
                first_name=input.first_name,
                last_name=input.last_name,
                phone=input.phone,
            ),
            interface=context.interface,
            erasure_key=context.runtime.tokens.secret,
        )
        return customer_from_row(row)

    @strawberry.mutation(
        description=(
            "Trade an email and password for tokens. After too many failed "
            "logins for the email or your address, answers TOO_MANY_REQUESTS "
            "with `extensions.retryAfter`, the seconds to wait."
        )
    )
    async def login(
        self,
        info: Info[Context, None],
        email: Annotated[
            str, strawberry.argument(description="Your login email, in any case.")
        ],
        password: Annotated[str, strawberry.argument(description="Your password.")],
    ) -> TokenPair:
        context = info.context
        issued = await log_in(
            context.session,
            passwords=context.runtime.passwords,
            tokens=context.runtime.tokens,
            throttle=context.runtime.login_throttle,
            email=email,
            password=password,
            client_address=client_address(context.request),
        )
        return token_pair_from_issued(issued)

    @strawberry.mutation(description="Trade a refresh token for a new token pair.")
    async def refresh_token(
        self,
        info: Info[Context, None],
        refresh_token: Annotated[
            str,
            strawberry.argument(description="The `refreshToken` of an earlier pair."),
        ],
    ) -> TokenPair:
        context = info.context
        issued = await refresh_tokens(
            context.session, tokens=context.runtime.tokens, refresh_token=refresh_token
        )
        return token_pair_from_issued(issued)

    @strawberry.mutation(
        description="Change your own profile.", permission_classes=[IsSelf]
    )
    async def update_customer(
        self,
        info: Info[Context, None],
        id: SelfId,
        input: Annotated[
            UpdateCustomerInput,
            strawberry.argument(description="The fields to change."),
        ],
    ) -> Customer:
        changes = ProfileChanges(
            first_name=unset_to_unchanged(input.first_name),
            last_name=unset_to_unchanged(input.last_name),
            phone=unset_to_unchanged(input.phone),
        )
        row = await update_customer(
            info.context.session, customer=await info.context.viewer(), changes=changes
        )
        return customer_from_row(row)

    @strawberry.mutation(
        description=(
            "Deactivate your own account (a soft delete). You can no longer log "
            "in and every token stops working at once; orders, reviews, "
            "addresses, cart and any store you own are kept, and the email "
            "stays reserved. Only support can reactivate the account."
        ),
        permission_classes=[IsSelf],
    )
    async def deactivate_customer(
        self,
        info: Info[Context, None],
        id: SelfId,
    ) -> DeactivateCustomerPayload:
        context = info.context
        row = await deactivate_customer(
            context.session,
            customer=await context.viewer(),
            interface=context.interface,
        )
        return DeactivateCustomerPayload(customer=customer_from_row(row))


@strawberry.type(description="What you can change.")
class Mutation(AccountMutation, ShopMutation):
    pass


def unset_to_unchanged(value: object) -> object:
    """Map Strawberry's UNSET (field left out) to the rules' UNCHANGED."""
    return UNCHANGED if value is strawberry.UNSET else value
