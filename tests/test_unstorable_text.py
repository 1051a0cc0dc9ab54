"""Text no database can store (NUL, half a surrogate pair) is a 400, never a 500."""

import json

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


@pytest.mark.parametrize(
    "field",
    ["email", "password", "first_name"],
    ids=["email", "password", "name"],
)
async def test_half_a_surrogate_pair_in_rest_json_is_a_400(
    client: httpx.AsyncClient, field: str
) -> None:
    body = {"email": unique_email(), "password": PASSWORD}
    raw = compact_json(body).replace(b"}", b', "%s": "x\\ud800"}' % field.encode())

    response = await client.post(CUSTOMERS, content=raw, headers=JSON_HEADERS)

    assert response.status_code == 400
    assert response.json() == {"detail": JSON_BODY_INVALID}


async def test_half_a_surrogate_pair_in_graphql_variables_is_a_400(
    client: httpx.AsyncClient,
) -> None:
    raw = (
        b'{"query": "query($n: String!) { __type(name: $n) { name } }",'
        b' "variables": {"n": "\\udfff"}}'
    )

    response = await client.post("/graphql", content=raw, headers=JSON_HEADERS)

    assert response.status_code == 400
    assert "data" not in response.json()


async def test_a_whole_surrogate_pair_is_ordinary_text(
    client: httpx.AsyncClient,
) -> None:
    raw = b'{"email": "%s", "password": "%s", "first_name": "\\ud83d\\ude00"}' % (
        unique_email().encode(),
        PASSWORD.encode(),
    )

    response = await client.post(CUSTOMERS, content=raw, headers=JSON_HEADERS)

    assert response.status_code == 201
    assert response.json()["first_name"] == "\U0001f600"


def compact_json(body: dict[str, str]) -> bytes:
    """The body as compact JSON bytes."""
    return json.dumps(body).encode()
