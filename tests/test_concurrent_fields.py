"""Sibling fields resolve concurrently but share one session per request."""

from tests.conftest import Account, Api


async def test_sibling_fields_share_the_request_session_safely(
    api: Api, staff: Account
) -> None:
    customers = [await api.register() for _ in range(4)]
    fields = " ".join(
        f'c{index}: customer(id: "{account.id}") {{ id isActive }}'
        for index, account in enumerate(customers)
    )

    body = await api.graphql(f"{{ me {{ id }} {fields} }}", token=staff.access)

    assert "errors" not in body, body
    assert body["data"]["me"] == {"id": staff.id}  # type: ignore[index]
    assert [body["data"][f"c{i}"]["id"] for i in range(4)] == [  # type: ignore[index]
        account.id for account in customers
    ]
