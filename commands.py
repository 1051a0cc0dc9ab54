"""What the `marketplace-api` commands do, apart from serving.

`server.py` parses the command line and hands each command its arguments;
the commands that touch the database get a runtime of their own.
"""

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable

from models import Interface
from progress import ProgressBar
from resolvers.customers import Registration, find_customer_by_email, register_customer
from resolvers.demo import populate
from resolvers.support import (
    erase_customer,
    parse_customer_id,
    reactivate_customer,
    require_erasable,
)
from runtime import Runtime, build_runtime
from settings import get_settings


class CommandError(Exception):
    """A command failed in a way the operator can act on; exit with its message."""


async def create_customer_command(runtime: Runtime, args: argparse.Namespace) -> None:
    """Register a customer (or staff member) from the command line."""
    password = args.password or getpass.getpass("Password: ")
    async with runtime.database.session() as session:
        customer = await register_customer(
            session,
            passwords=runtime.passwords,
            registration=Registration(
                email=args.email,
                password=password,
                first_name=args.first_name,
                last_name=args.last_name,
                is_staff=args.staff,
            ),
            interface=Interface.CLI,
            erasure_key=runtime.tokens.secret,
        )
    role = "staff member" if customer.is_staff else "customer"
    print(f"Created {role} {customer.id} ({customer.email}).")


async def token_command(runtime: Runtime, args: argparse.Namespace) -> None:
    """Print a fresh access token for an active customer."""
    async with runtime.database.session() as session:
        customer = await find_customer_by_email(session, args.email)
    if customer is None or not customer.is_active or customer.id is None:
        raise CommandError(f"No active customer has the email {args.email!r}.")
    print(
        runtime.tokens.issue(
            customer_id=customer.id, version=customer.token_version, kind="access"
        )
    )


async def reactivate_command(runtime: Runtime, args: argparse.Namespace) -> None:
    """Support: let a deactivated customer log in again (old tokens stay dead)."""
    customer_id = parse_customer_id(args.id)
    async with runtime.database.session() as session:
        await reactivate_customer(
            session, customer_id=customer_id, interface=Interface.CLI
        )
    print(f"Reactivated customer {customer_id}; they can log in again.")


async def erase_command(runtime: Runtime, args: argparse.Namespace) -> None:
    """Support: erase a customer's personal data, after the operator confirms."""
    customer_id = parse_customer_id(args.id)
    async with runtime.database.session() as session:
        customer = await require_erasable(session, customer_id=customer_id)
    # The session is closed before asking: no transaction waits on a person.
    question = f"Erase the personal data of customer {customer_id} ({customer.email})?"
    if not args.yes and not confirm(question):
        raise CommandError("Nothing was erased.")

    async with runtime.database.session() as session:
        await erase_customer(
            session,
            customer_id=customer_id,
            erasure_key=runtime.tokens.secret,
            interface=Interface.CLI,
        )
    print(f"Erased the personal data of customer {customer_id}; the account is closed.")


def confirm(question: str) -> bool:
    """True when the operator answers y or yes; refuses without a terminal."""
    if not sys.stdin.isatty():
        raise CommandError("No terminal to confirm on: pass --yes to go ahead.")
    print(f"{question} This cannot be undone. [y/N] ", end="", file=sys.stderr)
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower() in {"y", "yes"}


async def populate_command(runtime: Runtime, args: argparse.Namespace) -> None:
    """Fill the database with deterministic demo data and say what was made."""
    progress = ProgressBar(sys.stderr, label="Populating")
    summary = await populate(
        runtime.database,
        passwords=runtime.passwords,
        customers=args.customers,
        seed=args.seed,
        on_progress=progress.update,
    )
    progress.finish()
    print(summary.describe())


def run_with_runtime(
    command: Callable[[Runtime, argparse.Namespace], Awaitable[None]],
) -> Callable[[argparse.Namespace], None]:
    """Wrap an async command so it gets a runtime and cleans up after itself."""

    def run(args: argparse.Namespace) -> None:
        async def main() -> None:
            runtime = build_runtime(get_settings())
            try:
                await command(runtime, args)
            finally:
                await runtime.database.dispose()

        asyncio.run(main())

    return run
