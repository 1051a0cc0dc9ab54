"""The REST shim: DRF's statuses, bodies and headers, row by row."""

import httpx
import pytest

from tests.conftest import PASSWORD, Account, Api, unique_email

NOT_PROVIDED = {"detail": "Authentication credentials were not provided."}
INVALID_TOKEN = {"detail": "Given token not valid for any token type"}
NO_ACCOUNT = {"detail": "No active account found with the given credentials"}
NOT_FOUND = {"detail": "Not found."}
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
METHODS = ["GET", "PATCH", "DELETE"]


def customer_url(customer_id: str) -> str:
    """The REST address of one customer."""
    return f"/api/v1/customers/{customer_id}/"


def assert_unauthorized(response: httpx.Response, body: dict[str, str]) -> None:
    """A DRF 401 with the Bearer challenge."""
    assert response.status_code == 401
    assert response.json() == body
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize("method", METHODS)
async def test_no_token_is_401(client: httpx.AsyncClient, method: str) -> None:
    response = await client.request(method, customer_url("1"))

    assert_unauthorized(response, NOT_PROVIDED)


@pytest.mark.parametrize("method", METHODS)
async def test_bad_token_is_401(client: httpx.AsyncClient, method: str) -> None:
    headers = {"Authorization": "Bearer not-a-token"}

    response = await client.request(method, customer_url("1"), headers=headers)

    assert_unauthorized(response, INVALID_TOKEN)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("missing_id", ["999999", "abc", "1.5", "99999999999"])
async def test_unknown_id_is_404(
    api: Api, client: httpx.AsyncClient, method: str, missing_id: str
) -> None:
    account = await api.register()

    response = await client.request(
        method, customer_url(missing_id), headers=account.headers, json={}
    )

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
async def test_someone_elses_id_is_403(
    api: Api, client: httpx.AsyncClient, method: str
) -> None:
    account, other = await api.register(), await api.register()

    response = await client.request(
        method, customer_url(other.id), headers=account.headers, json={}
    )

    assert response.status_code == 403
    assert response.json() == FORBIDDEN


async def test_reading_someone_else_is_403_for_customers(
    api: Api, client: httpx.AsyncClient
) -> None:
    account, other = await api.register(), await api.register()

    response = await client.get(customer_url(other.id), headers=account.headers)

    assert response.status_code == 403


async def test_staff_may_read_anyone(
    api: Api, client: httpx.AsyncClient, staff: Account
) -> None:
    other = await api.register()

    response = await client.get(customer_url(other.id), headers=staff.headers)

    assert response.status_code == 200
    assert response.json()["email"] == other.email


async def test_get_own_customer_has_drf_fields(
    api: Api, client: httpx.AsyncClient
) -> None:
    account = await api.register()

    response = await client.get(customer_url(account.id), headers=account.headers)

    body = response.json()
    assert response.status_code == 200
    assert set(body) == {
        "id", "email", "first_name", "last_name", "phone",
        "is_staff", "is_active", "date_joined", "deactivated_at",
    }  # fmt: skip
    assert body["id"] == int(account.id)
    assert body["date_joined"].endswith("Z")


async def test_patch_changes_own_profile(api: Api, client: httpx.AsyncClient) -> None:
    account = await api.register()

    response = await client.patch(
        customer_url(account.id),
        headers=account.headers,
        json={"last_name": "Lovelace", "phone": "+44 20 7946 0000"},
    )

    assert response.status_code == 200
    assert response.json()["last_name"] == "Lovelace"
    assert response.json()["first_name"] == "Ada"


async def test_patch_null_phone_clears_it(api: Api, client: httpx.AsyncClient) -> None:
    account = await api.register()
    url = customer_url(account.id)
    await client.patch(url, headers=account.headers, json={"phone": "+1 555 0100"})

    response = await client.patch(url, headers=account.headers, json={"phone": None})

    assert response.json()["phone"] is None


async def test_delete_own_account_is_204_with_empty_body(
    api: Api, client: httpx.AsyncClient
) -> None:
    account = await api.register()

    response = await client.delete(customer_url(account.id), headers=account.headers)

    assert response.status_code == 204
    assert response.content == b""


async def test_unserved_method_is_405_with_allow(client: httpx.AsyncClient) -> None:
    response = await client.put(customer_url("1"))

    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "PUT" not allowed.'}
    assert "DELETE" in response.headers["Allow"]


async def test_path_without_slash_redirects_to_it(client: httpx.AsyncClient) -> None:
    response = await client.delete("/api/v1/customers/1")

    assert response.status_code in (307, 308)
    assert response.headers["Location"].endswith("/api/v1/customers/1/")


async def test_unknown_path_is_404_in_drf_shape(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/nothing-here/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


async def test_every_rest_response_is_deprecated(client: httpx.AsyncClient) -> None:
    response = await client.get(customer_url("1"))

    assert response.headers["Deprecation"]


async def test_token_obtain_and_refresh(api: Api, client: httpx.AsyncClient) -> None:
    account = await api.register()

    response = await client.post(
        "/api/v1/auth/token/refresh/", json={"refresh": account.refresh}
    )

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}
    me = await client.get(
        customer_url(account.id),
        headers={"Authorization": f"Bearer {response.json()['access']}"},
    )
    assert me.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"email": "nobody@example.com", "password": PASSWORD},
        {"email": "x", "password": "y"},
    ],
    ids=["unknown-email", "junk"],
)
async def test_bad_login_is_401(
    client: httpx.AsyncClient, body: dict[str, str]
) -> None:
    response = await client.post("/api/v1/auth/token/", json=body)

    assert_unauthorized(response, NO_ACCOUNT)


async def test_refresh_with_bad_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/auth/token/refresh/", json={"refresh": "x"})

    assert_unauthorized(response, INVALID_TOKEN)


async def test_create_customer_is_201(client: httpx.AsyncClient) -> None:
    email = unique_email()

    response = await client.post(
        "/api/v1/customers/",
        json={"email": email, "password": PASSWORD, "first_name": "Grace"},
    )

    assert response.status_code == 201
    assert response.json()["email"] == email
    assert response.json()["is_active"] is True
    assert "password" not in response.text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": PASSWORD}, "email"),
        ({"email": "nope", "password": PASSWORD}, "email"),
        ({"email": "ok@example.com"}, "password"),
        ({"email": "ok@example.com", "password": 12345678}, "password"),
        ({"email": "ok@example.com", "password": "short"}, "password"),
    ],
    ids=["missing-email", "bad-email", "missing-password", "number-password", "short"],
)
async def test_invalid_create_names_the_field(
    client: httpx.AsyncClient, body: dict[str, object], field: str
) -> None:
    response = await client.post("/api/v1/customers/", json=body)

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert isinstance(response.json()[field][0], str)


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b"\xff\xfe"])
async def test_unreadable_body_is_400(
    client: httpx.AsyncClient, content: bytes
) -> None:
    response = await client.post("/api/v1/customers/", content=content)

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
