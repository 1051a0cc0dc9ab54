"""Text no database can store (NUL, half a surrogate pair) is a 400, never a 500."""

import httpx
import pytest

from errors import EMAIL_INVALID, JSON_BODY_INVALID, TEXT_HAS_NUL
from tests.conftest import PASSWORD, Api, unique_email

CUSTOMERS = "/api/v1/customers/"
JSON_HEADERS = {"Content-Type": "application/json"}


async def test_nul_in_a_name_is_a_field_error(client: httpx.AsyncClient) -> None:
    body = {"email": unique_email(), "password": PASSWORD, "first_name": "Ada\x00"}

    response = await client.post(CUSTOMERS, json=body)

    assert response.status_code == 400
    assert response.json() == {"first_name": [TEXT_HAS_NUL]}


async def test_nul_in_an_email_is_an_invalid_email(client: httpx.AsyncClient) -> None:
    body = {"email": "ada\x00@example.com", "password": PASSWORD}

    response = await client.post(CUSTOMERS, json=body)

    assert response.status_code == 400
    assert response.json() == {"email": [EMAIL_INVALID]}


async def test_login_with_nul_in_the_email_is_a_wrong_login(
    client: httpx.AsyncClient,
) -> None:
    body = {"email": "ada\x00@example.com", "password": PASSWORD}

    response = await client.post("/api/v1/auth/token/", json=body)

    assert response.status_code == 401


async def test_nul_in_an_address_is_bad_user_input_over_graphql(api: Api) -> None:
    account = await api.register()

    body = await api.graphql(
        "mutation($input: AddAddressInput!) { addAddress(input: $input) { id } }",
        {
            "input": {
                "line1": "1 Main\x00St",
                "city": "Berlin",
                "postalCode": "10115",
                "country": "DE",
            }
        },
        token=account.access,
    )

    error = body["errors"][0]  # type: ignore[index]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "line1"}
