"""Argon2id password hashing, run off the event loop."""

import functools

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


class Passwords:
    """Hashes and checks passwords with the cost the settings ask for."""

    def __init__(self, *, time_cost: int, memory_cost: int) -> None:
        self.hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_cost, parallelism=1
        )

    async def hash(self, password: str) -> str:
        """An argon2id hash of `password`, computed in a worker thread."""
        return await anyio.to_thread.run_sync(self.hasher.hash, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """True when `password` matches; with no hash, spends the same time anyway.

        Checking against a stand-in hash when the account does not exist keeps
        the response time from telling which emails are registered.
        """
        target = password_hash or self.stand_in_hash
        matches = await anyio.to_thread.run_sync(self.matches, target, password)
        return matches and password_hash is not None

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with other cost settings than ours."""
        return self.hasher.check_needs_rehash(password_hash)

    @functools.cached_property
    def stand_in_hash(self) -> str:
        """A hash of a random password, made once, to verify against."""
        return self.hasher.hash("stand-in password that no account has")

    def matches(self, password_hash: str, password: str) -> bool:
        """The blocking check; call it through `verify`."""
        try:
            return self.hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
