"""The floor: bare Starlette doing the benchmarked work by hand, for comparison.

Same database, same tokens, same JSON shapes as the service, but no GraphQL,
no ORM and no middleware: PyJWT checks the token, and every step is one SQL
statement sent straight to the driver (aiosqlite, or asyncpg on PostgreSQL).
Run by `bench/run.py` under uvicorn with uvloop and httptools.
"""

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import jwt
from floor_db import AUTHORS, PRODUCTS, REVIEWS, STORES, database, list_arg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

SECRET = os.environ["JWT_SECRET"]
REVIEWS_PER_PRODUCT = 3
CUSTOMER_COLUMNS = (
    "id, email, first_name, last_name, phone, is_staff, is_active, date_joined, "
    "deactivated_at, token_version"
)
NOT_AUTHENTICATED = "Given token not valid for any token type"
FORBIDDEN = "You do not have permission to perform this action."


class Refused(Exception):
    """The request is refused with a status, message and GraphQL code."""

    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code


async def viewer(request: Request) -> Any:
    """The active customer row of the bearer token; Refused otherwise."""
    _, _, token = request.headers.get("authorization", "").partition(" ")
    try:
        claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    except jwt.PyJWTError as exc:
        raise Refused(401, NOT_AUTHENTICATED, "UNAUTHENTICATED") from exc
    found = await database.rows(
        f"SELECT {CUSTOMER_COLUMNS} FROM customer WHERE id = $1", int(claims["sub"])
    )
    if not found or not found[0][6] or found[0][9] != claims["ver"]:
        raise Refused(401, NOT_AUTHENTICATED, "UNAUTHENTICATED")
    return found[0]


def stamp(value: Any) -> str | None:
    """A timestamp as ISO 8601 text."""
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def customer_json(row: Any, *, graphql: bool) -> dict[str, Any]:
    """The customer in the service's GraphQL or REST shape."""
    if graphql:
        return {
            "id": str(row[0]),
            "email": row[1],
            "firstName": row[2],
            "lastName": row[3],
            "phone": row[4],
            "isStaff": bool(row[5]),
            "isActive": bool(row[6]),
            "dateJoined": stamp(row[7]),
            "deactivatedAt": stamp(row[8]),
        }
    return {
        "id": row[0],
        "email": row[1],
        "first_name": row[2],
        "last_name": row[3],
        "phone": row[4],
        "is_staff": bool(row[5]),
        "is_active": bool(row[6]),
        "date_joined": stamp(row[7]),
        "deactivated_at": stamp(row[8]),
    }


async def require_self(actor: Any, customer_id: int) -> None:
    """Pass for the actor's own id; 404 or 403 after loading anyone else."""
    if actor[0] == customer_id:
        return
    if not await database.rows("SELECT id FROM customer WHERE id = $1", customer_id):
        raise Refused(404, "Not found.", "NOT_FOUND")
    raise Refused(403, FORBIDDEN, "FORBIDDEN")


async def deactivate(actor: Any, customer_id: int, interface: str) -> dict[str, Any]:
    """The deactivated customer's fields; Refused when not allowed."""
    await require_self(actor, customer_id)
    if not await database.deactivate(actor, interface):
        raise Refused(401, NOT_AUTHENTICATED, "UNAUTHENTICATED")
    return {
        "id": str(actor[0]),
        "isActive": False,
        "deactivatedAt": datetime.now(UTC).isoformat(),
    }


async def products(first: int) -> list[dict[str, Any]]:
    """A page of products with store and first three reviews, one statement a step."""
    page = await database.rows(PRODUCTS, first + 1)
    ids, store_ids = [row[0] for row in page[:first]], {row[3] for row in page[:first]}
    stores = dict(await database.rows(STORES, list_arg(list(store_ids))))
    reviews: dict[int, list[Any]] = {product_id: [] for product_id in ids}
    review_rows = await database.rows(REVIEWS, list_arg(ids))
    author_ids = list_arg(list({row[1] for row in review_rows}))
    authors = {row[0]: row for row in await database.rows(AUTHORS, author_ids)}
    for row in review_rows:
        name = f"{authors[row[1]][1]} {authors[row[1]][2][:1]}."
        node = {"rating": row[2], "body": row[3], "authorName": name}
        if len(reviews[row[0]]) < REVIEWS_PER_PRODUCT:
            reviews[row[0]].append({"node": node})
    return [
        {
            "node": {
                "id": str(row[0]),
                "name": row[1],
                "price": str(row[2]),
                "store": {"name": stores[row[3]]},
                "reviews": {"edges": reviews[row[0]]},
            }
        }
        for row in page[:first]
    ]


async def graphql(request: Request) -> Response:
    """POST /graphql: the operation is picked by name; the document is not parsed."""
    body = json.loads(await request.body())
    operation, variables = body.get("operationName"), body.get("variables") or {}
    try:
        if operation == "Products":
            edges = await products(50)
            return JSONResponse({"data": {"products": {"edges": edges}}})
        actor = await viewer(request)
        if operation == "Me":
            return JSONResponse({"data": {"me": customer_json(actor, graphql=True)}})
        customer = await deactivate(actor, int(variables["id"]), "graphql")
        return JSONResponse({"data": {"deactivateCustomer": {"customer": customer}}})
    except Refused as refused:
        error = {"message": refused.message, "extensions": {"code": refused.code}}
        return JSONResponse({"data": None, "errors": [error]})


async def customer_detail(request: Request) -> Response:
    """GET and DELETE /api/v1/customers/<id>/."""
    try:
        actor = await viewer(request)
        customer_id = int(request.path_params["customer_id"])
        if request.method == "GET":
            await require_self(actor, customer_id)
            return JSONResponse(customer_json(actor, graphql=False))
        await deactivate(actor, customer_id, "rest")
    except Refused as refused:
        return JSONResponse({"detail": refused.message}, status_code=refused.status)
    return Response(status_code=204)


@asynccontextmanager
async def lifespan(_app: Starlette) -> AsyncIterator[None]:
    """Open the database before serving."""
    await database.open()
    yield


app = Starlette(
    routes=[
        Route("/graphql", graphql, methods=["POST"]),
        Route(
            "/api/v1/customers/{customer_id}/",
            customer_detail,
            methods=["GET", "DELETE"],
        ),
    ],
    lifespan=lifespan,
)
