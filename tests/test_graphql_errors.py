"""Every row of the contract's error table, over GraphQL."""

import pytest

from tests.conftest import PASSWORD, Account, Api, unique_email

DEACTIVATE = "mutation($id: ID!) { deactivateCustomer(id: $id) { customer { id } } }"
UPDATE = (
    'mutation($id: ID!) { updateCustomer(id: $id, input: {firstName: "Z"}) { id } }'
)
CUSTOMER = "query($id: ID!) { customer(id: $id) { id email } }"
LOGIN = (
    "mutation($e: String!, $p: String!) {"
    " login(email: $e, password: $p) { accessToken } }"
)
REGISTER = (
    "mutation($input: RegisterCustomerInput!) {"
    " registerCustomer(input: $input) { id } }"
)


def only_error(body: dict[str, object]) -> dict[str, object]:
    """The single error of a response whose data is null."""
    assert body["data"] is None
    errors = body["errors"]
    assert isinstance(errors, list)
    assert len(errors) == 1
    return errors[0]


def assert_error(body: dict[str, object], code: str, message: str) -> None:
    """The response failed with exactly this contract code and message."""
    error = only_error(body)
    assert error["extensions"]["code"] == code  # type: ignore[index]
    assert error["message"] == message


@pytest.mark.parametrize(
    "query", [DEACTIVATE, UPDATE, CUSTOMER], ids=["deactivate", "update", "customer"]
)
async def test_no_token_is_unauthenticated(api: Api, query: str) -> None:
    body = await api.graphql(query, {"id": "1"})

    assert_error(
        body, "UNAUTHENTICATED", "Authentication credentials were not provided."
    )


async def test_me_without_token_is_unauthenticated(api: Api) -> None:
    body = await api.graphql("{ me { id } }")

    assert_error(
        body, "UNAUTHENTICATED", "Authentication credentials were not provided."
    )


@pytest.mark.parametrize(
    "token",
    ["not-a-jwt", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30.sig"],
    ids=["junk", "dots", "bad-signature"],
)
async def test_bad_token_is_unauthenticated(api: Api, token: str) -> None:
    body = await api.graphql("{ me { id } }", token=token)

    assert_error(body, "UNAUTHENTICATED", "Given token not valid for any token type")


async def test_wrong_password_is_unauthenticated(api: Api) -> None:
    account = await api.register()

    body = await api.graphql(LOGIN, {"e": account.email, "p": "wrong password"})

    assert_error(
        body, "UNAUTHENTICATED", "No active account found with the given credentials"
    )


async def test_unknown_email_login_reads_like_a_wrong_password(api: Api) -> None:
    body = await api.graphql(LOGIN, {"e": unique_email(), "p": PASSWORD})

    assert_error(
        body, "UNAUTHENTICATED", "No active account found with the given credentials"
    )


async def test_login_of_deactivated_account_is_unauthenticated(api: Api) -> None:
    account = await api.register()
    await api.graphql(DEACTIVATE, {"id": account.id}, token=account.access)

    body = await api.graphql(LOGIN, {"e": account.email, "p": account.password})

    assert_error(
        body, "UNAUTHENTICATED", "No active account found with the given credentials"
    )


@pytest.mark.parametrize(
    "query", [DEACTIVATE, UPDATE, CUSTOMER], ids=["deactivate", "update", "customer"]
)
@pytest.mark.parametrize("missing_id", ["999999", "2147483648", "abc", "-1", "0"])
async def test_unknown_id_is_not_found(api: Api, query: str, missing_id: str) -> None:
    account = await api.register()

    body = await api.graphql(query, {"id": missing_id}, token=account.access)

    assert_error(body, "NOT_FOUND", "Not found.")


@pytest.mark.parametrize(
    "query", [DEACTIVATE, UPDATE, CUSTOMER], ids=["deactivate", "update", "customer"]
)
async def test_someone_elses_id_is_forbidden(api: Api, query: str) -> None:
    account, other = await api.register(), await api.register()

    body = await api.graphql(query, {"id": other.id}, token=account.access)

    assert_error(
        body, "FORBIDDEN", "You do not have permission to perform this action."
    )


async def test_authentication_is_checked_before_existence(api: Api) -> None:
    body = await api.graphql(DEACTIVATE, {"id": "999999"}, token="garbage")

    assert_error(body, "UNAUTHENTICATED", "Given token not valid for any token type")


async def test_refused_deactivation_changes_nothing(api: Api, staff: Account) -> None:
    account, other = await api.register(), await api.register()

    await api.graphql(DEACTIVATE, {"id": other.id}, token=account.access)

    body = await api.graphql(
        "query($id: ID!) { customer(id: $id) { isActive } }",
        {"id": other.id},
        token=staff.access,
    )
    assert body == {"data": {"customer": {"isActive": True}}}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": "two@@example.com"}, "email"),
        ({"password": "short"}, "password"),
        ({"phone": "call me maybe"}, "phone"),
        ({"firstName": "x" * 151}, "firstName"),
    ],
    ids=[
        "email-without-at",
        "email-double-at",
        "short-password",
        "phone-letters",
        "long-name",
    ],
)
async def test_invalid_registration_names_the_field(
    api: Api, changes: dict[str, str], field: str
) -> None:
    registration = {"email": unique_email(), "password": PASSWORD, **changes}

    body = await api.graphql(REGISTER, {"input": registration})

    error = only_error(body)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert str(error["message"]).endswith(".")


async def test_invalid_update_names_the_field(api: Api) -> None:
    account = await api.register()

    body = await api.graphql(
        'mutation($id: ID!) { updateCustomer(id: $id, input: {phone: "12"}) { id } }',
        {"id": account.id},
        token=account.access,
    )

    assert only_error(body)["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "phone",
    }


async def test_malformed_query_is_bad_user_input(api: Api) -> None:
    body = await api.graphql("{ me { nonexistentField } }")

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"  # type: ignore[index]
    assert "data" not in body or body["data"] is None


async def test_syntax_error_is_bad_user_input(api: Api) -> None:
    body = await api.graphql("{ me { id }")

    assert body.get("data") is None
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}  # type: ignore[index]
    assert body["errors"][0]["message"].startswith("Syntax Error")  # type: ignore[index]


async def test_missing_variable_is_bad_user_input_not_unexpected(api: Api) -> None:
    body = await api.graphql("query($id: ID!) { product(id: $id) { id } }")

    error = body["errors"][0]  # type: ignore[index]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert "$id" in error["message"]


async def test_public_errors_carry_no_traceback(api: Api) -> None:
    body = await api.graphql("{ me { id } }", token="garbage")

    assert set(only_error(body)["extensions"]) == {"code"}  # type: ignore[arg-type]
