from tests.conftest import Api


async def test_register_login_me(api: Api) -> None:
    account = await api.register()

    body = await api.graphql("{ me { id email isActive } }", token=account.access)

    assert body == {
        "data": {"me": {"id": account.id, "email": account.email, "isActive": True}}
    }
