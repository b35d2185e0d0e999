"""summit-qa on Discord: a thin adapter over the `qa` library (no retrieval logic here).

Run it with ``python -m bot`` or ``summit-qa-discord``; settings come from the environment
(see :mod:`bot.settings`).
"""
