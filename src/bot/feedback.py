"""The "helpful" and "wrong" buttons under each answer.

Each button's ``custom_id`` names the verdict and the logged question (``summit-qa:wrong:<id>``),
so it needs no state in memory: the client registers `VerdictButton` as a dynamic item at start,
and buttons sent before a restart keep working after it (discord.py's persistent dynamic items).
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord
from discord import ui

PREFIX = "summit-qa"
TEMPLATE = rf"{PREFIX}:(?P<verdict>helpful|wrong):(?P<question>[0-9a-f]{{16}})"
LABELS = {"helpful": ("Helpful", "👍"), "wrong": ("Wrong", "👎")}


class Judge(Protocol):
    """What a button asks the client to do with a click."""

    async def record_verdict(
        self, interaction: discord.Interaction, question_id: str, verdict: str
    ) -> None: ...


class VerdictButton(ui.DynamicItem[ui.Button[Any]], template=TEMPLATE):
    def __init__(self, verdict: str, question_id: str) -> None:
        label, emoji = LABELS[verdict]
        super().__init__(
            ui.Button(
                label=label,
                emoji=emoji,
                style=discord.ButtonStyle.secondary,
                custom_id=f"{PREFIX}:{verdict}:{question_id}",
            )
        )
        self.verdict = verdict
        self.question_id = question_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: ui.Item[Any], match: re.Match[str], /
    ) -> VerdictButton:
        return cls(match["verdict"], match["question"])

    async def callback(self, interaction: discord.Interaction) -> None:
        client: Any = interaction.client
        if hasattr(client, "record_verdict"):
            judge: Judge = client
            await judge.record_verdict(interaction, self.question_id, self.verdict)


def view_for(question_id: str) -> ui.View:
    """The buttons for one logged answer (no timeout: they work as long as the log holds it)."""
    return FeedbackView(question_id)


def item_view(question_id: str) -> ui.View:
    """The same buttons as `ui.Button` items: what `FeedbackView` renders, built the usual way."""
    view = ui.View(timeout=None)
    for verdict in LABELS:
        view.add_item(VerdictButton(verdict, question_id))
    return view


_BUTTONS = [VerdictButton(verdict, "0" * 16).to_component_dict() for verdict in LABELS]


class FeedbackView(ui.View):
    """The two buttons of one answer, rendered straight to Discord's payload.

    Building them as `ui.Button` items costs some 80 µs an answer (discord.py constructs each
    component through its slots), more than a quarter of what answering costs in the handler;
    the payload is the same (derived from those items once, and a test holds it equal to
    `item_view`'s). Clicks are dispatched by `VerdictButton`'s template either way, so this view
    holds no items and nothing of it is kept in memory after sending.
    """

    def __init__(self, question_id: str) -> None:
        super().__init__(timeout=None)
        self._rows = [
            {
                "type": 1,
                "components": [
                    {**button, "custom_id": f"{PREFIX}:{verdict}:{question_id}"}
                    for verdict, button in zip(LABELS, _BUTTONS, strict=True)
                ],
            }
        ]

    def to_components(self) -> list[dict[str, Any]]:
        return self._rows
