"""Which function does each kind of job, and what runs when a runner starts."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Handler:
    function: Callable
    # A batch handler gets a list of payloads (search applies hundreds with one index
    # writer); the others are called once per job with the payload as keyword arguments.
    batch: bool


HANDLERS: dict[str, Handler] = {}
STARTUP: list[Callable[[], None]] = []


def handler(kind: str, *, batch: bool = False):
    """Register the function that does jobs of `kind` (one per kind)."""
    def register(function):
        HANDLERS[kind] = Handler(function, batch)
        return function
    return register


def on_runner_start(function):
    """Run `function` (in an app context) when a runner thread or worker starts: one-off
    upkeep such as rebuilding a search index built by an older version."""
    if function not in STARTUP:
        STARTUP.append(function)
    return function
