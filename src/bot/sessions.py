"""Per-user state: follow-up conversations that expire when idle, and a per-user cooldown."""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable

import qa

Clock = Callable[[], float]


class Conversations:
    """One `qa.Conversation` per key (user and channel), forgotten after ``idle`` seconds.

    Kept in order of last use, so forgetting the idle ones looks at the oldest only.
    """

    def __init__(self, engine: qa.Engine, *, idle: float, clock: Clock = time.monotonic) -> None:
        self.engine = engine
        self.idle = idle
        self.clock = clock
        self._items: OrderedDict[Hashable, tuple[qa.Conversation, float]] = OrderedDict()

    def get(self, key: Hashable) -> qa.Conversation:
        now = self.clock()
        self._expire(now)
        conversation = self._items.pop(key)[0] if key in self._items else self.engine.conversation()
        if conversation.engine is not self.engine:  # the knowledge was reloaded since its last question
            conversation = conversation.rebased(self.engine)
        self._items[key] = (conversation, now)  # now the newest
        return conversation

    def __len__(self) -> int:
        self._expire(self.clock())
        return len(self._items)

    def _expire(self, now: float) -> None:
        while self._items and now - next(iter(self._items.values()))[1] > self.idle:
            self._items.popitem(last=False)


class Cooldown:
    """At most ``rate`` questions per ``per`` seconds for each user.

    ``hit`` returns None when the user may ask; otherwise the seconds to wait and whether the
    user was already told (spam gets one notice per cooldown, not one per message).
    """

    def __init__(self, rate: int, per: float, *, clock: Clock = time.monotonic) -> None:
        self.rate = rate
        self.per = per
        self.clock = clock
        self._times: dict[Hashable, deque[float]] = {}
        self._told: dict[Hashable, float] = {}
        self._swept = clock()

    def hit(self, key: Hashable) -> tuple[float, bool] | None:
        now = self.clock()
        if now - self._swept >= self.per:  # forget users whose questions are all older than that
            self._swept = now
            for idle in [k for k, t in self._times.items() if not t or now - t[-1] >= self.per]:
                del self._times[idle]
                self._told.pop(idle, None)
        times = self._times.setdefault(key, deque())
        while times and now - times[0] >= self.per:
            times.popleft()
        if len(times) < self.rate:
            times.append(now)
            self._told.pop(key, None)
            return None
        retry_after = self.per - (now - times[0])
        told = key in self._told
        self._told.setdefault(key, now)
        return retry_after, told

    def __len__(self) -> int:
        """How many users it remembers (those who asked within about two ``per``)."""
        return len(self._times)
