"""The seed's recommended deletion workflow for a vendor, end to end.

Delete the store, clear personal data, then deactivate: once over GraphQL and
once over the REST shim. Afterwards the vendor is gone from the shop window,
the profile holds no names or phone, and the account is closed.
"""

import httpx
from starlette.applications import Starlette

from models import Customer
from tests.conftest import Account, Api
from tests.shop import Shop


async def vendor_with_store(api: Api, shop: Shop) -> tuple[Account, str, str]:
    """A vendor with a phone, a store and one product for sale."""
    vendor = await api.register()
    await shop.run(
        'mutation($id: ID!) { updateCustomer(id: $id, input: {lastName: "Byron",'
        ' phone: "+44 20 7946 0000"}) { id } }',
        {"id": vendor.id},
        vendor,
    )
    store_id = await shop.open_store(vendor)
    return vendor, store_id, await shop.add_product(vendor, store_id)


async def assert_vendor_is_gone(
    api: Api, app: Starlette, vendor: Account, product_id: str
) -> None:
    """No product for sale, no personal data, and a closed account."""
    product = await api.graphql(
        "query($id: ID!) { product(id: $id) { id } }", {"id": product_id}
    )
    assert product["errors"][0]["extensions"] == {"code": "NOT_FOUND"}  # type: ignore[index]
    async with app.state.runtime.database.session() as session:
        row = await session.get(Customer, int(vendor.id))
    assert row is not None
    assert (row.first_name, row.last_name, row.phone) == ("", "", None)
    assert row.is_active is False
    me = await api.graphql("{ me { id } }", token=vendor.access)
    assert me["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}  # type: ignore[index]


async def test_recommended_deletion_workflow_over_graphql(
    api: Api, shop: Shop, app: Starlette
) -> None:
    vendor, store_id, product_id = await vendor_with_store(api, shop)

    await shop.run(
        "mutation($id: ID!) { deleteStore(id: $id) }", {"id": store_id}, vendor
    )
    await shop.run(
        'mutation($id: ID!) { updateCustomer(id: $id, input: {firstName: "",'
        ' lastName: "", phone: null}) { id } }',
        {"id": vendor.id},
        vendor,
    )
    await shop.run(
        "mutation($id: ID!) { deactivateCustomer(id: $id) { customer { isActive } } }",
        {"id": vendor.id},
        vendor,
    )

    await assert_vendor_is_gone(api, app, vendor, product_id)


async def test_recommended_deletion_workflow_over_rest(
    api: Api, shop: Shop, app: Starlette, client: httpx.AsyncClient
) -> None:
    vendor, store_id, product_id = await vendor_with_store(api, shop)

    store = await client.delete(f"/api/v1/stores/{store_id}/", headers=vendor.headers)
    profile = await client.patch(
        f"/api/v1/customers/{vendor.id}/",
        json={"first_name": "", "last_name": "", "phone": None},
        headers=vendor.headers,
    )
    account = await client.delete(
        f"/api/v1/customers/{vendor.id}/", headers=vendor.headers
    )

    assert (store.status_code, profile.status_code, account.status_code) == (
        204,
        200,
        204,
    )
    await assert_vendor_is_gone(api, app, vendor, product_id)
