"""A real MCP client (PyPI `mcp` 2.x, Streamable HTTP) that a test drives over stdin/stdout in JSON lines.

The protocol is described in README.md beside this file.

    python3 python_client.py <url> [bearer-token] [--mode auto|legacy]
    (or env MCP_URL, MCP_TOKEN, MCP_MODE)

`auto` (the SDK's default) probes `server/discover` at 2026-07-28 (stateless) and falls
back to the `initialize` handshake on a server that does not speak it; `legacy` forces the
handshake (session-based). (The SDK's third mode, a pinned version, sends nothing at connect,
so "connected" would mean nothing; it is not offered.)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from contextlib import AsyncExitStack
from importlib.metadata import version
from typing import Any

import anyio
import httpx2
import mcp_types as types
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError
from mcp_types.version import MODERN_PROTOCOL_VERSIONS

SDK = f"mcp@{version('mcp')}"


def emit(event: dict[str, Any]) -> None:
    """One JSON line on stdout, flushed at once."""
    sys.stdout.write(json.dumps(event, default=str, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def dump(model: Any) -> Any:
    """A pydantic model as it came over the wire (only the fields the server set)."""
    return model.model_dump(by_alias=True, exclude_unset=True, mode="json") if model is not None else None


def leaves(exc: BaseException) -> list[BaseException]:
    """The exceptions inside anyio's task-group wrappers."""
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for inner in exc.exceptions for leaf in leaves(inner)]
    return [exc]


class HttpStatus:
    """Remembers the last HTTP error status: the SDK turns a 4xx/5xx into a JSON-RPC
    error and drops the status, which a test wants to assert (a 401, say)."""

    def __init__(self) -> None:
        self.status: int | None = None
        self.www_authenticate: str | None = None

    async def on_response(self, response: httpx2.Response) -> None:
        if response.status_code >= 400:
            self.status = response.status_code
            self.www_authenticate = response.headers.get("www-authenticate")

    def take(self) -> tuple[int | None, str | None]:
        seen = (self.status, self.www_authenticate)
        self.status = self.www_authenticate = None
        return seen


def error_event(exc: BaseException, http: HttpStatus, request_id: Any = None) -> dict[str, Any]:
    """The error event: HTTP status if one was seen, JSON-RPC code if the server sent one."""
    found = leaves(exc)
    mcp_error = next((e for e in found if isinstance(e, MCPError)), None)
    chosen = mcp_error or found[0]
    status, www_authenticate = http.take()
    message = str(chosen) or type(chosen).__name__
    if isinstance(chosen, httpx2.TransportError):
        message = f"{type(chosen).__name__}: {message}"
    event: dict[str, Any] = {
        "event": "error",
        "status": status,
        "code": mcp_error.code if mcp_error else None,
        "message": message,
    }
    if www_authenticate is not None:
        event["wwwAuthenticate"] = www_authenticate
    if request_id is not None:
        event["id"] = request_id
    return event


async def on_message(message: Any) -> None:
    """Every server notification, as it arrives (progress and list_changed included)."""
    if isinstance(message, Exception):
        emit({"event": "transport_error", "message": str(message) or type(message).__name__})
        return
    note = getattr(message, "root", message)
    params = getattr(note, "params", None)
    emit({"event": "notification", "method": note.method, "params": dump(params)})


async def list_all(client: Client) -> list[Any]:
    """tools/list, following every cursor, never from the SDK's cache."""
    tools: list[Any] = []
    cursor: str | None = None
    for _ in range(1000):
        page = await client.list_tools(cursor=cursor)
        tools.extend(dump(tool) for tool in page.tools)
        cursor = page.next_cursor
        if not cursor:
            return tools
    raise RuntimeError("tools/list gave more than 1000 pages; stopped")


async def run(client: Client, http: HttpStatus, cmd: dict[str, Any]) -> None:
    request_id = cmd.get("id")
    try:
        if cmd.get("op") == "list":
            event: dict[str, Any] = {"event": "tools", "tools": await list_all(client)}
        elif cmd.get("op") == "call":

            async def progress(_p: float, _t: float | None, _m: str | None) -> None:
                # Printed by `on_message` (the SDK tees progress there); a callback
                # only makes the SDK send a progress token.
                pass

            result = await client.call_tool(
                cmd["name"],
                cmd.get("arguments") or {},
                read_timeout_seconds=(cmd["timeoutMs"] / 1000) if cmd.get("timeoutMs") else None,
                progress_callback=progress,
            )
            event = {"event": "result", "result": dump(result)}
        else:
            event = {"event": "error", "status": None, "code": None, "message": f"unknown op {cmd.get('op')!r}"}
    except Exception as exc:  # every failure is reported; the driver stays up
        event = error_event(exc, http)
    if request_id is not None:
        event["id"] = request_id
    emit(event)


async def listen_for_changes(client: Client) -> None:
    """At 2026-07-28 there is no session stream: list changes come on `subscriptions/listen`.

    The SDK tees each event to `on_message`, which prints it; this only keeps the stream open.
    """
    try:
        async with client.listen(tools_list_changed=True) as subscription:
            async for _ in subscription:
                pass
    except Exception as exc:
        emit({"event": "warning", "message": f"subscriptions/listen failed: {exc}"})


async def stdin_lines() -> asyncio.StreamReader:
    """stdin as an asyncio stream (a pipe from the test), so `close` never waits on a thread."""
    reader = asyncio.StreamReader(limit=64 * 1024 * 1024)
    loop = asyncio.get_running_loop()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    return reader


async def main(url: str, token: str, mode: str) -> int:
    http = HttpStatus()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with AsyncExitStack() as stack:
        try:
            http_client = await stack.enter_async_context(
                httpx2.AsyncClient(
                    headers=headers,
                    timeout=httpx2.Timeout(30, read=300),
                    event_hooks={"response": [http.on_response]},
                )
            )
            client = await stack.enter_async_context(
                Client(
                    streamable_http_client(url, http_client=http_client),
                    mode=mode,
                    message_handler=on_message,
                    # Logging is opt-in per request at 2026-07-28; no effect on older revisions.
                    log_level="debug",
                    # Every `list` asks the server, so a test sees a changed list at once.
                    cache=None,
                    client_info=types.Implementation(name="patchbay-test-python-client", version=version("mcp")),
                )
            )
        except Exception as exc:
            emit(error_event(exc, http))
            return 1
        http.take()  # the auto probe's refused `server/discover` is not an error
        emit(
            {
                "event": "connected",
                "sdk": SDK,
                "serverInfo": dump(client.server_info),
                "instructions": client.instructions,
                "capabilities": dump(client.server_capabilities),
                "protocolVersion": client.protocol_version,
                "stateless": client.protocol_version in MODERN_PROTOCOL_VERSIONS,
                "mode": mode,
            }
        )
        reader = await stdin_lines()
        async with anyio.create_task_group() as tasks:
            if client.protocol_version in MODERN_PROTOCOL_VERSIONS:
                tasks.start_soon(listen_for_changes, client)
            # Commands run as they arrive, so several calls (each with its own `id`) can be in flight.
            while line := await reader.readline():
                if not line.strip():
                    continue
                try:
                    cmd = json.loads(line)
                except json.JSONDecodeError as exc:
                    emit({"event": "error", "status": None, "code": None, "message": f"not JSON: {exc}"})
                    continue
                if cmd.get("op") == "close":
                    break
                tasks.start_soon(run, client, http, cmd)
            # `close`, or stdin ended (the test went away): end the session.
            tasks.cancel_scope.cancel()
    emit({"event": "closed"})
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", default=os.environ.get("MCP_URL"))
    parser.add_argument("token", nargs="?", default=os.environ.get("MCP_TOKEN", ""))
    parser.add_argument("--mode", choices=["auto", "legacy"], default=os.environ.get("MCP_MODE", "auto"))
    args = parser.parse_args()
    if not args.url:
        emit({"event": "error", "status": None, "code": None, "message": "usage: python_client.py <url> [token]"})
        sys.exit(2)
    sys.exit(anyio.run(main, args.url, args.token, args.mode))
