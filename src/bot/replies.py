"""Turning `qa` answers into Discord replies that always fit Discord's limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import discord

import qa
from qa.phrases import phrases

CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
COLOR = discord.Colour.from_rgb(0, 122, 204)


@dataclass(frozen=True)
class Reply:
    """One reply: an answer embed, or a text; ``notice`` for refusals (ephemeral where possible)."""

    content: str | None = None
    embed: discord.Embed | None = None
    notice: bool = False
    repeated: bool = False
    """A cooldown notice this user has had already."""
    view: discord.ui.View | None = None
    """The feedback buttons under an answer."""

    def message(self) -> dict[str, Any]:
        """Keyword arguments for ``send_message`` or ``reply``."""
        if self.embed is None:
            return {"content": self.content}
        return {"embed": self.embed} if self.view is None else {"embed": self.embed, "view": self.view}


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def answer_embed(answer: qa.Answer) -> discord.Embed:
    """The embed for an answer: title, text, source link, footer with id and confidence."""
    assert answer.passage is not None
    passage = answer.passage
    said = phrases(answer.language)  # the labels in the answer's language
    embed = discord.Embed(
        title=clip(passage.title_in(answer.language), TITLE_LIMIT),
        description=clip(answer.text, DESCRIPTION_LIMIT),
        colour=COLOR,
    )
    if passage.sources:
        links = [_link(source) for source in passage.sources]
        value = "\n".join(links)
        if len(value) > FIELD_LIMIT:  # keep the links that fit whole, rather than cut one
            value = "\n".join(links[: max(1, _fitting(links))])
        embed.add_field(name=said.source if len(links) == 1 else said.sources, value=clip(value, FIELD_LIMIT))
        if passage.source is not None and len(passage.source.url) <= 2048:
            embed.url = passage.source.url
    embed.set_footer(text=clip(f"{passage.id} · {said.confidence} {answer.score:.2f}", FOOTER_LIMIT))
    if len(embed) > EMBED_TOTAL_LIMIT:  # only with very long custom passages: shorten the description
        over = len(embed) - EMBED_TOTAL_LIMIT
        embed.description = clip(embed.description or "", max(1, len(embed.description or "") - over - 1))
    return embed


def _link(source: qa.Source) -> str:
    label = clip(source.title or source.url, 200).replace("]", ")").replace("[", "(")
    link = f"[{label}]({source.url})"
    return link if len(link) <= FIELD_LIMIT else clip(source.url, FIELD_LIMIT)


def _fitting(links: list[str]) -> int:
    total = count = 0
    for link in links:
        total += len(link) + 1
        if total > FIELD_LIMIT + 1:
            break
        count += 1
    return count


def text_reply(answer: qa.Answer) -> str:
    """A plain-text reply (small talk, "I don't know"), within the content limit."""
    return clip(answer.text, CONTENT_LIMIT)


_TOO_LONG = {
    "en": "That question is too long for me (over {limit} characters). Please ask it in fewer words.",
    "ru": "Этот вопрос слишком длинный для меня (больше {limit} символов). Пожалуйста, спросите короче.",
    "zh": "这个问题太长了（超过{limit}个字符），请简短一些再问。",
}
_COOLDOWN = {
    "en": "You're asking faster than I can keep up. Please wait {seconds} s and ask again.",
    "ru": "Вы спрашиваете быстрее, чем я успеваю. Подождите {seconds} с и спросите снова.",
    "zh": "您问得太快了，请等{seconds}秒再问。",
}


def too_long(limit: int, language: str = "en") -> str:
    """The refusal of a question over ``limit`` characters, in the question's language."""
    return _TOO_LONG.get(language, _TOO_LONG["en"]).format(limit=limit)


def cooldown_notice(retry_after: float, language: str = "en") -> str:
    """The notice to a user asking too fast, in the question's language."""
    return _COOLDOWN.get(language, _COOLDOWN["en"]).format(seconds=max(1, round(retry_after)))


APOLOGY = "Sorry, something went wrong while answering. The error is logged; please try again."

THANKS = {
    "recorded": "Thanks! I noted that this answer was {verdict}.",
    "changed": "Thanks! I changed your verdict on this answer to {verdict}.",
    "same": "Thanks! I had already noted that this answer was {verdict}.",
    "queued": "Thanks! I'll note that this answer was {verdict}.",
    "gone": "Thanks! That answer is older than my log keeps ({days} days), so I can't note it any more.",
    "dropped": "Thanks! I can't note verdicts right now, sorry; please try again later.",
    "off": "Thanks! This bot keeps no log at the moment, so I can't note verdicts.",
}
"""The ephemeral reply to a feedback button, by what became of the verdict."""


def thanks(outcome: str, verdict: str, retention_days: float) -> str:
    said = "helpful" if verdict == "helpful" else "wrong"
    return THANKS[outcome].format(verdict=said, days=f"{retention_days:g}")


_TOPICS_HEADING = {
    "en": "I can answer questions on:",
    "ru": "Я отвечаю на вопросы о:",
    "zh": "我可以回答这些方面的问题：",
}
_HOW_TO_ASK = {
    "en": "Ask with `/ask question:<text>`, by mentioning me ({mention} your question), or in a DM. "
    'Follow-ups work ("And with Uzbekistan?"). `/topics` lists what I know.',
    "ru": "Спрашивайте командой `/спросить`, упомянув меня ({mention} ваш вопрос) или в личных сообщениях. "
    "Можно уточнять («А с Узбекистаном?»). `/темы` покажет, что я знаю.",
    "zh": "可以用 `/提问`、@我（{mention} 您的问题）或私信提问，也可以接着追问（“那乌兹别克斯坦呢？”）。"
    "`/主题` 列出我知道的内容。",
}


def topics_text(engine: qa.Engine, language: str = "en") -> str:
    """What the bot knows, one line a topic (knowledge file), each with as many of its passages'
    titles (in ``language``) as fit its share of a message."""
    groups: dict[str, list[str]] = {}
    for passage in engine.passages:
        groups.setdefault(passage.topic or "other", []).append(passage.title_in(language))
    budget = (CONTENT_LIMIT - 40) // max(1, len(groups))
    lines = [_TOPICS_HEADING.get(language, _TOPICS_HEADING["en"])]
    for topic, titles in groups.items():
        line = f"• **{topic}** ({len(titles)}): {titles[0]}"
        for title in titles[1:]:
            if len(line) + len(title) + 4 > budget:
                line += "; …"
                break
            line += f"; {title}"
        lines.append(line)
    return clip("\n".join(lines), CONTENT_LIMIT)


def help_text(engine: qa.Engine, mention: str, language: str = "en") -> str:
    """The help text in ``language``: what the bot answers, examples, and how to ask it."""
    how = _HOW_TO_ASK.get(language, _HOW_TO_ASK["en"]).format(mention=mention)
    return clip(f"{engine.said(language).help}\n\n{how}", CONTENT_LIMIT)
