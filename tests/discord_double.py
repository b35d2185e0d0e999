"""A Discord double on 127.0.0.1: the REST routes discord.py calls and a gateway websocket.

Payload shapes follow Discord's API documentation (discord-api-docs). Nothing here talks to
Discord. The double records what the bot sends, so tests assert on real REST payloads.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web

BOT_ID = 900_000_000_000_000_001
APP_ID = BOT_ID
GUILD_ID = 800_000_000_000_000_001
CHANNEL_ID = 700_000_000_000_000_001
OWNER_ID = 600_000_000_000_000_001


def user(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
        "flags": 0,
    }


def _json(data: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON with the exact content type discord.py checks for (no charset parameter)."""
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def _now() -> str:
    return datetime.now(UTC).isoformat()


class DiscordDouble:
    """Start with ``await double.start()``; point the bot at ``api_base`` and ``gateway_url``."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.bot_user = user(BOT_ID, "SummitBot", bot=True)
        self.ids = itertools.count(1_000_000_000_000_000_000)
        self.seq = 0
        self.sent_messages: list[dict[str, Any]] = []  # POST /channels/{id}/messages payloads
        self.callbacks: list[dict[str, Any]] = []  # POST /interactions/{id}/{token}/callback payloads
        self.messages: list[dict[str, Any]] = []  # the bot's messages as Discord holds them (for clicks)
        self.command_syncs: list[tuple[str, list[dict[str, Any]]]] = []
        self.requests: list[tuple[str, str, int]] = []  # method, path, status
        self.rate_limit_next = 0  # answer this many message posts with 429 first
        self.identifies: list[dict[str, Any]] = []
        self.resumes = 0
        self.sockets: list[web.WebSocketResponse] = []
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(middlewares=[self._record])
        app.router.add_get("/gateway", self._gateway)
        api = "/api/v10"
        app.router.add_get(f"{api}/users/@me", self._me)
        app.router.add_get(f"{api}/oauth2/applications/@me", self._application)
        app.router.add_get(f"{api}/gateway", self._gateway_info)
        app.router.add_get(f"{api}/gateway/bot", self._gateway_bot)
        app.router.add_put(f"{api}/applications/{{app}}/commands", self._sync)
        app.router.add_put(f"{api}/applications/{{app}}/guilds/{{guild}}/commands", self._sync)
        app.router.add_post(f"{api}/channels/{{channel}}/messages", self._create_message)
        app.router.add_post(f"{api}/interactions/{{id}}/{{token}}/callback", self._callback)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for ws in list(self.sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def _notify(self) -> None:
        self._changed.set()

    async def wait_for(self, condition: Callable[[], bool], timeout: float = 20.0) -> None:
        """Wait until ``condition()`` holds (checked whenever the double records something)."""
        async with asyncio.timeout(timeout):
            while not condition():
                self._changed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), 0.2)

    # --- REST --------------------------------------------------------------------------------

    @web.middleware
    async def _record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        authorized = request.headers.get("Authorization") == f"Bot {self.token}"
        # Interaction callbacks are authorized by the interaction token in the path, not the bot's.
        if request.path.startswith("/api/") and "/interactions/" not in request.path and not authorized:
            self.requests.append((request.method, request.path, 401))
            self._notify()
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        response = await handler(request)
        self.requests.append((request.method, request.path, response.status))
        self._notify()
        return response

    async def _me(self, request: web.Request) -> web.Response:
        return _json(self.bot_user)

    async def _application(self, request: web.Request) -> web.Response:
        return _json(
            {
                "id": str(APP_ID),
                "name": "SummitBot",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": user(OWNER_ID, "owner"),
                "verify_key": "0" * 64,
                "flags": 0,
                "team": None,
            }
        )

    async def _gateway_info(self, request: web.Request) -> web.Response:
        return _json({"url": self.gateway_url})

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        return _json(
            {
                "url": self.gateway_url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    async def _sync(self, request: web.Request) -> web.Response:
        commands = await request.json()
        self.command_syncs.append((request.path, commands))
        echoed = [
            {
                **c,
                "id": str(next(self.ids)),
                "application_id": str(APP_ID),
                "version": "1",
                "default_member_permissions": None,
            }
            for c in commands
        ]
        return _json(echoed)

    async def _create_message(self, request: web.Request) -> web.Response:
        if self.rate_limit_next > 0:
            self.rate_limit_next -= 1
            return _json(
                {"message": "You are being rate limited.", "retry_after": 0.05, "global": False},
                status=429,
                # discord.py reads a 429 without Via as a Cloudflare ban and does not retry it.
                headers={"Retry-After": "0.05", "X-RateLimit-Scope": "user", "Via": "1.1 google"},
            )
        payload = await request.json()
        channel_id = request.match_info["channel"]
        self.sent_messages.append({"channel_id": channel_id, **payload})
        return _json(self._held(channel_id, payload, reply=bool(payload.get("message_reference"))))

    def _held(self, channel_id: str, payload: dict[str, Any], *, reply: bool = False) -> dict[str, Any]:
        """A message of the bot's as Discord returns and keeps it (components included)."""
        message = {
            "id": str(next(self.ids)),
            "channel_id": channel_id,
            "author": self.bot_user,
            "content": payload.get("content") or "",
            "timestamp": _now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": payload.get("embeds") or [],
            "components": payload.get("components") or [],
            "pinned": False,
            "type": 19 if reply else 0,
            "flags": payload.get("flags") or 0,
        }
        self.messages.append(message)
        return message

    async def _callback(self, request: web.Request) -> web.Response:
        payload = await request.json()
        self.callbacks.append({"interaction_id": request.match_info["id"], **payload})
        response: dict[str, Any] = {"interaction": {"id": request.match_info["id"], "type": 2}}
        if payload.get("type") == 4:  # a message: Discord holds it, buttons and all
            message = self._held(str(CHANNEL_ID), payload.get("data") or {})
            response["resource"] = {"type": 4, "message": message}
        return _json(response)

    # --- gateway -----------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 45_000}, "s": None, "t": None})
        async for frame in ws:
            if frame.type != WSMsgType.TEXT:
                continue
            message = json.loads(frame.data)
            op, data = message.get("op"), message.get("d")
            if op == 1:
                await ws.send_json({"op": 11, "d": None, "s": None, "t": None})
            elif op == 2:
                self.identifies.append(data)
                await self._ready(ws, data)
            elif op == 6:
                self.resumes += 1
                self.sockets.append(ws)
                await self._send(ws, "RESUMED", {})
            self._notify()
        if ws in self.sockets:
            self.sockets.remove(ws)
        self._notify()
        return ws

    async def _send(self, ws: web.WebSocketResponse, event: str, data: dict[str, Any]) -> None:
        self.seq += 1
        await ws.send_json({"op": 0, "t": event, "s": self.seq, "d": data})

    async def _ready(self, ws: web.WebSocketResponse, identify: dict[str, Any]) -> None:
        shard = identify.get("shard") or [0, 1]
        ready = {
            "v": 10,
            "user": self.bot_user,
            "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
            "session_id": f"session-{len(self.identifies)}",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APP_ID), "flags": 0},
            "shard": shard,
            "private_channels": [],
        }
        await self._send(ws, "READY", ready)
        if (GUILD_ID >> 22) % shard[1] == shard[0]:  # the guild lives on one shard
            await self._send(ws, "GUILD_CREATE", self.guild())
        self.sockets.append(ws)

    def guild(self) -> dict[str, Any]:
        everyone = {
            "id": str(GUILD_ID),
            "name": "@everyone",
            "color": 0,
            "hoist": False,
            "position": 0,
            "permissions": "68608",
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        return {
            "id": str(GUILD_ID),
            "name": "Summit fans",
            "icon": None,
            "owner_id": str(OWNER_ID),
            "roles": [everyone],
            "emojis": [],
            "stickers": [],
            "features": [],
            "member_count": 3,
            "members": [],
            "channels": [
                {
                    "id": str(CHANNEL_ID),
                    "type": 0,
                    "name": "questions",
                    "position": 0,
                    "permission_overwrites": [],
                }
            ],
            "threads": [],
            "voice_states": [],
            "presences": [],
            "large": False,
            "unavailable": False,
            "joined_at": _now(),
            "premium_tier": 0,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "preferred_locale": "en-US",
            "system_channel_id": None,
        }

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event to every connected session."""
        for ws in list(self.sockets):
            await self._send(ws, event, data)

    async def drop_connections(self, code: int = 4000) -> None:
        """Close every gateway socket, as Discord does when it restarts a gateway node."""
        for ws in list(self.sockets):
            self.sockets.remove(ws)
            await ws.close(code=code, message=b"double: reconnect")
        self._notify()

    # --- event builders ----------------------------------------------------------------------

    def message(
        self,
        content: str,
        *,
        author_id: int = 500_000_000_000_000_001,
        bot: bool = False,
        dm: bool = False,
        mentions_bot: bool = True,
        mention_everyone: bool = False,
    ) -> dict[str, Any]:
        author = user(author_id, f"user{author_id % 10_000}", bot=bot)
        data: dict[str, Any] = {
            "id": str(next(self.ids)),
            "channel_id": str(CHANNEL_ID + (author_id if dm else 0)),
            "author": author,
            "content": content,
            "timestamp": _now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": mention_everyone,
            "mentions": [self.bot_user] if mentions_bot and not dm else [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        if not dm:
            data["guild_id"] = str(GUILD_ID)
            data["member"] = {"roles": [], "joined_at": _now(), "deaf": False, "mute": False, "flags": 0}
        return data

    def button_interaction(
        self, message: dict[str, Any], custom_id: str, *, user_id: int = 500_000_000_000_000_001
    ) -> dict[str, Any]:
        """A click on one of the buttons of ``message`` (a message the bot sent, as held here)."""
        click = self.command_interaction("", user_id=user_id)
        click["type"] = 3
        click["message"] = message
        click["data"] = {"custom_id": custom_id, "component_type": 2}
        return click

    def ask_interaction(
        self, question: str, *, user_id: int = 500_000_000_000_000_001, locale: str = "en-US"
    ) -> dict[str, Any]:
        return self.command_interaction(
            "ask", [{"name": "question", "type": 3, "value": question}], user_id=user_id, locale=locale
        )

    def command_interaction(
        self,
        name: str,
        options: list[dict[str, Any]] | None = None,
        *,
        user_id: int = 500_000_000_000_000_001,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        return {
            "id": str(next(self.ids)),
            "application_id": str(APP_ID),
            "type": 2,
            "token": f"interaction-token-{next(self.ids)}",
            "version": 1,
            "guild_id": str(GUILD_ID),
            "channel_id": str(CHANNEL_ID),
            "channel": {
                "id": str(CHANNEL_ID),
                "type": 0,
                "name": "questions",
                "position": 0,
                "guild_id": str(GUILD_ID),
            },
            "member": {
                "user": user(user_id, f"user{user_id % 10_000}"),
                "roles": [],
                "joined_at": _now(),
                "deaf": False,
                "mute": False,
                "flags": 0,
                "permissions": "2147483647",
            },
            "app_permissions": "2147483647",
            "locale": locale,
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(GUILD_ID)},
            "context": 0,
            "attachment_size_limit": 10_485_760,
            "data": {"id": str(next(self.ids)), "name": name, "type": 1, "options": options or []},
        }
