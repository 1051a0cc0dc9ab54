"""Strawberry permission classes; the rules themselves live in the resolvers."""

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

from resolvers.customers import require_self, require_self_or_staff, require_staff
from resolvers.ids import parse_id
from schema.context import Context


class IsAuthenticated(BasePermission):
    """The request carries a valid access token of an active customer."""

    async def has_permission(
        self, source: Any, info: Info[Context, None], **kwargs: Any
    ) -> bool:
        """True, or raises the contract's UNAUTHENTICATED error."""
        await info.context.viewer()
        return True


class IsSelf(BasePermission):
    """The `id` argument is the authenticated customer's own.

    Checks run in the contract's order: authentication, then whether the id
    exists (NOT_FOUND), then whether it is the caller's (FORBIDDEN).
    """

    async def has_permission(
        self, source: Any, info: Info[Context, None], **kwargs: Any
    ) -> bool:
        """True, or raises UNAUTHENTICATED, NOT_FOUND or FORBIDDEN."""
        viewer = await info.context.viewer()
        await require_self(
            info.context.session, actor=viewer, customer_id=parse_id(kwargs["id"])
        )
        return True


class IsSelfOrStaff(BasePermission):
    """The `id` argument is the caller's own, or the caller is staff."""

    async def has_permission(
        self, source: Any, info: Info[Context, None], **kwargs: Any
    ) -> bool:
        """True, or raises UNAUTHENTICATED, NOT_FOUND or FORBIDDEN."""
        viewer = await info.context.viewer()
        await require_self_or_staff(
            info.context.session, actor=viewer, customer_id=parse_id(kwargs["id"])
        )
        return True


class IsStaff(BasePermission):
    """The caller is a staff member."""

    async def has_permission(
        self, source: Any, info: Info[Context, None], **kwargs: Any
    ) -> bool:
        """True, or raises UNAUTHENTICATED or FORBIDDEN."""
        require_staff(await info.context.viewer())
        return True
