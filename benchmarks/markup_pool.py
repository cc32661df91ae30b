"""Latency of a normal post while hostile Markdown keeps the helper pool busy.

    .venv/bin/python benchmarks/markup_pool.py --hostile 4 --seconds 6

`--hostile` threads render a 20,000-character pathological text in a loop (as parallel
previews would); meanwhile the main thread renders an ordinary post every 0.25 s and the
script prints how long those took, and how the hostile renders ended.
"""

import argparse
import statistics
import threading
import time
from pathlib import Path

from forum import markup

HOSTILE = "[" * 20_000
NORMAL = (Path(__file__).parent.parent / "forum/seed/demo_content.py").read_text()[:3000]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hostile", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=6.0)
    args = parser.parse_args()
    markup.render(NORMAL)  # a warm helper, as in a running server
    stop = time.monotonic() + args.seconds
    outcomes: dict[str, int] = {}

    def attack():
        while time.monotonic() < stop:
            try:
                markup.render(HOSTILE)
                name = "rendered"
            except markup.MarkupTooComplex as error:
                name = type(error).__name__
            outcomes[name] = outcomes.get(name, 0) + 1

    threads = [threading.Thread(target=attack) for _ in range(args.hostile)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    latencies, refused = [], 0
    while time.monotonic() < stop:
        started = time.monotonic()
        try:
            markup.render(NORMAL)
        except markup.MarkupTooComplex:
            refused += 1
        latencies.append(time.monotonic() - started)
        time.sleep(0.25)
    for thread in threads:
        thread.join()
    latencies.sort()
    print(f"{args.hostile} hostile threads, {len(latencies)} normal renders ({refused} refused): "
          f"median {statistics.median(latencies) * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms; "
          f"hostile: {outcomes}")


if __name__ == "__main__":
    main()
