"""The seed's "Business Rules" that no other file already proves by name.

The soft delete itself, the kept history, the reserved email and the open
store are proved in test_soft_delete_promises.py and test_deactivation.py.
"""

import httpx

from tests.conftest import Account, Api

DEACTIVATE = "mutation($id: ID!) { deactivateCustomer(id: $id) { customer { id } } }"
MUTATION_NAMES = "{ __schema { mutationType { fields { name } } } }"
IS_ACTIVE = "query($id: ID!) { customer(id: $id) { isActive } }"


async def test_customers_can_only_delete_their_own_account(
    api: Api, client: httpx.AsyncClient
) -> None:
    owner, intruder = await api.register(), await api.register()

    over_rest = await client.delete(
        f"/api/v1/customers/{owner.id}/", headers=intruder.headers
    )
    over_graphql = await api.graphql(
        DEACTIVATE, {"id": owner.id}, token=intruder.access
    )
    still_there = await api.graphql(IS_ACTIVE, {"id": owner.id}, token=owner.access)

    assert over_rest.status_code == 403
    errors: list[dict[str, dict[str, str]]] = over_graphql["errors"]  # type: ignore[assignment]
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert still_there["data"] == {"customer": {"isActive": True}}


async def test_reactivation_is_not_supported_through_the_api(
    api: Api, client: httpx.AsyncClient, staff: Account
) -> None:
    customer = await api.register()
    await api.graphql(DEACTIVATE, {"id": customer.id}, token=customer.access)

    schema = await api.graphql(MUTATION_NAMES)
    login = await client.post(
        "/api/v1/auth/token/",
        json={"email": customer.email, "password": customer.password},
    )
    staff_view = await api.graphql(IS_ACTIVE, {"id": customer.id}, token=staff.access)

    fields = schema["data"]["__schema"]["mutationType"]["fields"]  # type: ignore[index]
    mutations = {field["name"] for field in fields}
    assert {name for name in mutations if "activate" in name.lower()} == {
        "deactivateCustomer"
    }
    assert login.status_code == 401
    assert staff_view["data"] == {"customer": {"isActive": False}}
