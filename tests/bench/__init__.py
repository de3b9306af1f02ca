"""The benchmark of tests/benchmark.py, by what it does:

    traffic    the generated capture (seeded, so always the same bytes)
    scenarios  the tshark command lines measured, and their budgets
    measure    the three tshark setups, wall time, memory and callgrind runs
    checks     the setup checks made before measuring
    report     the figures as text, as Markdown, and into the README
"""

import sys
import time


class SetupError(Exception):
    """The benchmark cannot run (missing tool, plugin not loaded, ...)."""


def progress(message):
    print(f"[benchmark {time.strftime('%H:%M:%S')}] {message}",
          file=sys.stderr, flush=True)
