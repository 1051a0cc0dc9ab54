"""A TCP proxy on 127.0.0.1 that a test can cut and restore, to play a database outage.

The proxy runs its own event loop in a thread, so it keeps forwarding while
the test blocks (on a subprocess, a synchronous client, a sleep).
"""

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from typing import Any

from tests.live_server import free_port

CHUNK_BYTES = 65536
CONTROL_TIMEOUT_SECONDS = 5.0


class DatabaseProxy:
    """Forwards a local port to an upstream address until cut.

    Cut: every open connection is closed at once and new ones are refused
    (nothing listens on the port). Restore: the port listens again.
    """

    def __init__(self, *, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    def start(self) -> None:
        """Run the loop and start listening."""
        self.thread.start()
        self.call(self.listen())

    def stop(self) -> None:
        """Close everything, let the copying tasks end, and end the loop's thread."""
        self.call(self.shut_down())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=CONTROL_TIMEOUT_SECONDS)
        self.loop.close()

    def cut(self) -> None:
        """Drop every open connection and refuse new ones."""
        self.call(self.close_all())

    def restore(self) -> None:
        """Accept connections again, on the same port (nothing if not cut)."""
        self.call(self.listen())

    def call(self, coroutine: Coroutine[Any, Any, None]) -> None:
        """Run a coroutine on the proxy's loop and wait for it."""
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        future.result(timeout=CONTROL_TIMEOUT_SECONDS)

    async def listen(self) -> None:
        """Listen on the proxy's port, unless it already does."""
        if self.server is not None:
            return
        self.server = await asyncio.start_server(
            self.accept, "127.0.0.1", self.port, reuse_address=True
        )

    async def close_all(self) -> None:
        """Stop listening and abort every connection, both sides."""
        if self.server is not None:
            self.server.close()
            self.server = None
        for writer in list(self.writers):
            writer.transport.abort()
        self.writers.clear()

    async def shut_down(self) -> None:
        """Close everything and wait for the tasks that were copying bytes."""
        await self.close_all()
        current = asyncio.current_task()
        pending = [task for task in asyncio.all_tasks() if task is not current]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def accept(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        """Pipe one client connection to a new upstream connection."""
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            writer.transport.abort()
            return
        self.writers.update((writer, up_writer))
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        self.writers.difference_update((writer, up_writer))


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Copy bytes until either side ends, then close the writing side."""
    try:
        while data := await reader.read(CHUNK_BYTES):
            writer.write(data)
            await writer.drain()
    except OSError:
        pass
    finally:
        writer.transport.abort()


@contextmanager
def database_proxy(
    *, upstream_host: str, upstream_port: int
) -> Iterator[DatabaseProxy]:
    """A started proxy, stopped when the block ends."""
    proxy = DatabaseProxy(upstream_host=upstream_host, upstream_port=upstream_port)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()
