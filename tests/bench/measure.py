"""Measuring tshark in the benchmark's three setups: wall time, CPU time
and peak memory of timed runs, and instruction counts from valgrind's
callgrind.

All three setups share one sandbox (tests/sandbox.py: private HOME and
configuration folder, as "nobody" when root):

    with      WIRESHARK_PLUGIN_DIR holds a copy of the plugin
    without   WIRESHARK_PLUGIN_DIR is an empty tree of the same layout
    lua       as without, plus -X lua_script: with a readable copy of the
              Lua baseline
"""

import os
import platform
import re
import statistics
import subprocess
import sys

from bench import SetupError, progress
from bench.scenarios import SETUP_NAMES

LUA_BASELINE = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "portclass-baseline.lua")


class Setup:
    """How to run tshark in one setup: WITH, WITHOUT or LUA."""

    def __init__(self, name, sandbox, env=None, extra_args=()):
        self.name = name
        self.sandbox = sandbox
        self.env = dict(env or {})                # on top of the sandbox's environment
        self.extra_args = list(extra_args)        # after "-r CAP", before the scenario's

    @property
    def plugin_dir(self):
        return self.env.get("WIRESHARK_PLUGIN_DIR", self.sandbox.plugin_dir)


def make_setups(sandbox, series):
    """WITH: the sandbox as it is (its plugin tree holds the plugin);
    WITHOUT: an empty plugin tree of the same series; LUA: the empty tree
    and a readable copy of the Lua baseline."""
    if not os.path.isfile(LUA_BASELINE):
        raise SetupError(f"the Lua baseline {LUA_BASELINE} is missing")
    sandbox.make_dir(os.path.join("no-plugins", series, "epan"))
    without = {"WIRESHARK_PLUGIN_DIR": os.path.join(sandbox.root, "no-plugins")}
    script = sandbox.add_file(LUA_BASELINE)
    return {
        "with": Setup("with", sandbox),
        "without": Setup("without", sandbox, without),
        "lua": Setup("lua", sandbox, without, ["-X", f"lua_script:{script}"]),
    }


# Runs argv[1:] with its standard output on /dev/null and prints its exit
# status, wall seconds, CPU seconds (user+sys) and peak RSS (ru_maxrss, KiB).
# Why a helper process: a child inherits the peak RSS of the process that
# forked it (Linux keeps the larger of the parent's peak and the program's
# own across the exec), and this script grows to hundreds of MiB while it
# generates the capture.  The helper is a fresh, small interpreter, so the
# peak it reports is tshark's own.  As root, argv[1:] starts with setpriv,
# which execs tshark in the same process: the usage is still tshark's.
TIMER = """
import os, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ, file_actions=[
    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(os.waitstatus_to_exitcode(status), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


class Runner:
    """Runs tshark (possibly under valgrind) for a setup, in its sandbox."""

    def __init__(self):
        self.instruction_counts = {}              # (setup, command) -> Ir

    def run(self, setup, command, capture_stdout=False):
        result = setup.sandbox.execute(
            command, env=setup.env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if capture_stdout else subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)
        if result.returncode != 0:
            raise SetupError(f"{setup.name}: `{' '.join(command)}` exited with "
                             f"{result.returncode}:\n{result.stderr.strip()}")
        return result

    def timed(self, setup, command):
        """(wall seconds, CPU seconds user+sys, peak RSS in KiB) of one run.

        The run goes through TIMER (see there), which reports the resource
        usage of the tshark process alone; ru_maxrss is in KiB on Linux."""
        sandbox = setup.sandbox
        result = subprocess.run(
            [sys.executable, "-c", TIMER] + sandbox.command(command),
            env=sandbox.environment(setup.env), cwd=sandbox.root, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
        try:
            status, wall, cpu, maxrss = result.stdout.split()
        except ValueError:
            raise SetupError(f"{setup.name}: no timing from `{' '.join(command)}`:\n"
                             f"{result.stdout}{result.stderr}") from None
        if int(status) != 0 or result.returncode != 0:
            raise SetupError(f"{setup.name}: `{' '.join(command)}` exited with "
                             f"{status}:\n{result.stderr.strip()}")
        return float(wall), float(cpu), int(maxrss)

    def instructions(self, setup, command):
        """Total instructions executed (callgrind's 'Collected').  A command
        already measured in the same setup is not run again (for example
        WITHOUT's command is the same in fields-not-asked and fields-asked)."""
        key = (setup.name, tuple(command))
        if key not in self.instruction_counts:
            self.instruction_counts[key] = self._callgrind(setup, command)
        return self.instruction_counts[key]

    def _callgrind(self, setup, command):
        result = self.run(setup, ["valgrind", "--tool=callgrind",
                                  "--callgrind-out-file=/dev/null"] + command)
        match = re.search(r"^==\d+== Collected\s*:\s*(\d+)", result.stderr, re.MULTILINE)
        if not match:
            raise SetupError(f"no 'Collected :' in callgrind output:\n{result.stderr[-2000:]}")
        return int(match.group(1))


def tshark_version(runner, setup):
    result = runner.run(setup, ["tshark", "--version"], capture_stdout=True)
    return result.stdout.splitlines()[0]


def cpu_model():
    """The CPU model name and the number of CPUs, e.g. 'AMD EPYC (2 CPUs)'."""
    model = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as cpuinfo:
            for line in cpuinfo:
                key, _, value = line.partition(":")
                if key.strip() in ("model name", "Model", "cpu model") and value.strip():
                    model = value.strip()
                    break
    except OSError:
        pass
    model = model or platform.processor() or platform.machine() or "unknown CPU"
    return f"{model} ({os.cpu_count()} CPUs)"


def measure_wall(runner, setups, scenario, capture, warm_up_capture, runs):
    """Interleaved runs (after one warm-up each over warm_up_capture). Per
    setup: median wall and CPU seconds, median peak RSS (KiB), and the wall
    spread max/min - 1 (a noise indicator)."""
    samples = {name: [] for name in SETUP_NAMES}
    for name in SETUP_NAMES:
        runner.timed(setups[name], scenario.command(setups[name], warm_up_capture))
    for run in range(runs):
        if not scenario.one_packet:
            progress(f"  {scenario.name}: run {run + 1}/{runs}")
        for name in SETUP_NAMES:
            samples[name].append(runner.timed(setups[name], scenario.command(setups[name], capture)))
    result = {"wall": {}, "cpu": {}, "rss": {}, "spread": {}}
    for name, values in samples.items():
        walls = [wall for wall, _, _ in values]
        result["wall"][name] = statistics.median(walls)
        result["cpu"][name] = statistics.median(cpu for _, cpu, _ in values)
        result["rss"][name] = statistics.median(rss for _, _, rss in values)
        result["spread"][name] = max(walls) / min(walls) - 1
    return result


def measure_instructions(runner, setups, scenario, capture_n, packets_n, capture_one):
    """Per setup: Ir(N), Ir(1) and instructions per packet."""
    result = {}
    for name in SETUP_NAMES:
        setup = setups[name]
        progress(f"  callgrind {scenario.name} / {name}: {packets_n} packets")
        ir_n = runner.instructions(setup, scenario.command(setup, capture_n))
        progress(f"  callgrind {scenario.name} / {name}: 1 packet")
        ir_one = runner.instructions(setup, scenario.command(setup, capture_one))
        result[name] = {"ir_n": ir_n, "ir_one": ir_one,
                        "per_packet": (ir_n - ir_one) / (packets_n - 1)}
    return result

