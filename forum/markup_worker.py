"""Helper process for forum.markup: reads JSON strings, one a line, writes rendered HTML."""

import json
import sys

from forum.markup import render_unbounded


def serve() -> None:
    sys.stdout.buffer.write(b"ready\n")
    sys.stdout.buffer.flush()
    for line in sys.stdin.buffer:
        html = render_unbounded(json.loads(line))
        sys.stdout.buffer.write(json.dumps(html, ensure_ascii=False).encode() + b"\n")
        sys.stdout.buffer.flush()


if __name__ == "__main__":
    serve()
