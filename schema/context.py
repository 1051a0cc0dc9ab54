"""The per-request GraphQL context: session, identity and loaders in one object."""

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response

from auth.identity import authenticate
from errors import ApiError
from models import Customer, Interface
from runtime import Runtime
from schema.loaders import Loaders


class Context:
    """Everything a resolver may need for one request, opened lazily."""

    interface = Interface.GRAPHQL

    def __init__(
        self, *, request: Request, response: Response, runtime: Runtime
    ) -> None:
        self.request = request
        self.response = response
        self.runtime = runtime
        self._session: AsyncSession | None = None
        self._viewer: Customer | ApiError | None = None
        self._loaders: Loaders | None = None

    @property
    def session(self) -> AsyncSession:
        """The request's database session, opened on first use."""
        if self._session is None:
            self._session = self.runtime.database.sessions()
        return self._session

    @property
    def loaders(self) -> Loaders:
        """The request's DataLoaders, made on first use over its session."""
        if self._loaders is None:
            self._loaders = Loaders(self.session)
        return self._loaders

    async def viewer(self) -> Customer:
        """The authenticated customer; raises the authentication error otherwise.

        The token is checked and the customer loaded once per request, however
        many fields ask.
        """
        if self._viewer is None:
            try:
                self._viewer = await authenticate(
                    self.session,
                    tokens=self.runtime.tokens,
                    authorization=self.request.headers.get("authorization"),
                )
            except ApiError as error:
                self._viewer = error
        if isinstance(self._viewer, ApiError):
            raise self._viewer
        return self._viewer

    async def close(self) -> None:
        """Close the session, rolling back anything left uncommitted.

        The session, the viewer, the loaders and their cached rows are let go
        at once: graphql-core's execution context sits in a reference cycle
        that holds this object until the garbage collector's next pass.
        """
        self._loaders = None
        self._viewer = None
        if self._session is not None:
            await self._session.close()
            self._session = None
