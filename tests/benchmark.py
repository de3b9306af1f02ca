#!/usr/bin/env python3
"""Performance benchmark of the portclass Wireshark plugin, next to a Lua
post-dissector doing the same job.

Usage:
    tests/benchmark.py --build-dir BUILD [--packets 500000] [--runs 3]
                       [--callgrind-packets 10000] [--skip-callgrind]
                       [--scenario NAME ...] [--markdown | --update-readme]

BUILD is a portclass build directory: the plugin is looked for at
BUILD/plugins/<series>/epan/portclass.so (for example plugins/4.0/epan).
Needs tshark built with Lua, and valgrind unless --skip-callgrind.  Python 3
standard library only.  The full run (500,000 packets, 3 runs, callgrind)
takes about an hour on two cores.

What it measures: the cost that loading the plugin adds to tshark, and, for
comparison, the cost of tests/bench/portclass-baseline.lua, a minimal Lua
post-dissector giving the same annotations from a small service table (it is
what users would otherwise write; it is a benchmark baseline, not part of the
product).  Every scenario runs tshark in three setups over the same capture:

    with      the plugin loaded
    without   neither the plugin nor the Lua baseline (the reference)
    lua       the Lua baseline loaded (-X lua_script:...), no plugin

and reports with/without and lua/without ratios side by side:

    plain             tshark -n -r CAP
    fields-not-asked  tshark -n -r CAP -T fields -e tcp.srcport -e tcp.dstport
                      -e udp.srcport -e udp.dstport   (plugin loaded, not asked)
    fields-disabled   as fields-not-asked; WITH adds --disable-protocol
                      portclass, LUA --disable-protocol portclass_lua: what
                      a script that does not use portclass does to opt out
    fields-asked      as above; WITH adds -e portclass.{src,dst}.{class,service},
                      LUA adds -e portclass_lua.{src,dst}.{class,service},
                      WITHOUT keeps the 4 built-in fields only
    verbose           tshark -n -V -r CAP
    two-pass          tshark -n -2 -r CAP with the fields-asked arguments: a
                      first pass over every packet (no filter, nothing
                      printed), then the fields-asked one
    startup           tshark -n -r ONE_PACKET_CAP     (wall time and memory)

* Wall time: interleaved runs (with, without, lua, with, ...) --runs times
  each over a generated capture of --packets packets, after one warm-up run
  per setup over the callgrind capture (the big capture is read once into
  the page cache before any timing); the ratio of the medians is reported,
  plus microseconds per packet (median / packets, start-up included).  The
  details also give the median CPU time (user+sys) and the spread of the
  runs; wall time is only as good as the machine is quiet, so a note is
  printed when identical runs varied by more than 5%.
* Peak memory: the maximum resident set size of the tshark process in each
  timed run (ru_maxrss from wait4(), taken by a small helper process so that
  this script's own size does not leak into it; as root, the setpriv prefix
  execs tshark in the same process), median over the runs.  The ratio is
  reported; memory has no budget.  A setup check makes sure the figure is
  tshark's and not the wrapper's.
* Instructions: each setup runs under valgrind's callgrind over a capture of
  the first --callgrind-packets packets (a fifth of them for verbose) and over
  a 1-packet capture; instructions per packet = (Ir(N) - Ir(1)) / (N - 1),
  which takes start-up out.  The ratio is reported.  A command that is the
  same in two scenarios is measured once.  On a busy machine these are the
  trustworthy figures.

The plugin's figures of a scenario are "within budget" when its wall and
instruction ratios are at most the budget: plain 1.02, fields-not-asked
1.02, fields-disabled 1.01, fields-asked 1.28, verbose 1.17, two-pass 1.28
(the fields-asked budget, as its second pass is fields-asked), startup
1.05.  The Lua figures
are not judged.  This is a measurement, not a test: the exit status is 0
even when a scenario is over budget, non-zero only when the benchmark could
not be set up or a tshark run failed.

--scenario NAME (repeatable) measures only the scenarios named, for
example --scenario fields-not-asked --scenario fields-disabled; it cannot
be combined with --update-readme, whose table has every scenario.

--markdown also prints the results as Markdown (date in UTC, the first line
of `tshark --version`, the CPU model, the command, a ratio table and a table
of absolute figures); --update-readme writes that Markdown between the
BENCHMARK TABLE markers of README.md, so regenerating the README's table is
this one command.

Before measuring, setup checks make sure that only the WITH setup loads the
plugin, that its annotations appear (-T fields and -V) and disappear with
--disable-protocol portclass, that the LUA setup
shows the Lua baseline's tree in -V output and no plugin tree, and that the
Lua baseline gives every header the same transport, ports and classes as the
plugin.

The capture is generated by tests/bench/traffic.py (seeded, so every run
uses the same bytes): classic pcap, Ethernet, TCP and UDP over IPv4 and
IPv6, clients on ephemeral ports 32768-65535 talking to SSH, DNS, HTTP,
HTTPS, QUIC, NTP, MySQL, HTTP-alt and random registered/dynamic ports, with
payloads the application dissectors decode.  tshark runs in the sandbox of
tests/sandbox.py, isolated from the user's configuration (private HOME and
WIRESHARK_CONFIG_DIR; as root, as the user "nobody", since Wireshark
ignores WIRESHARK_PLUGIN_DIR for root); the plugin is loaded by pointing
WIRESHARK_PLUGIN_DIR at a copy of it in Wireshark's layout, or not loaded
by pointing it at an empty tree of the same layout (the LUA setup uses the
empty tree too, and a world-readable copy of the Lua script).

The code is in tests/bench/: traffic.py (the capture), scenarios.py (the
command lines and budgets), measure.py (the setups and the runs),
checks.py (the setup checks) and report.py (text, Markdown, README).
"""

import argparse
import datetime
import os
import shlex
import shutil
import sys
import time

from bench import SetupError, progress
from bench import checks, measure, report, traffic
from bench.scenarios import callgrind_count, scenarios
from sandbox import Sandbox, SandboxError, find_plugin, plugin_series

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse_args():
    parser = argparse.ArgumentParser(
        description="Benchmark tshark with vs without portclass, and with a Lua baseline.")
    parser.add_argument("--build-dir", required=True, help="portclass build directory")
    parser.add_argument("--packets", type=int, default=500000, help="packets for wall time")
    parser.add_argument("--callgrind-packets", type=int, default=10000,
                        help="packets for instruction counts (a fifth for verbose)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per setup")
    parser.add_argument("--skip-callgrind", action="store_true", help="wall time only")
    parser.add_argument("--scenario", action="append", default=[], metavar="NAME",
                        choices=[scenario.name for scenario in scenarios()],
                        help="measure only this scenario (repeatable; default: all)")
    parser.add_argument("--markdown", action="store_true",
                        help="also print the results as Markdown for the README")
    parser.add_argument("--update-readme", action="store_true",
                        help="write the Markdown results into README.md (implies --markdown)")
    args = parser.parse_args()
    if args.packets < 2 or args.runs < 1:
        parser.error("--packets must be >= 2 and --runs >= 1")
    if not args.skip_callgrind and args.callgrind_packets < 10:
        parser.error("--callgrind-packets must be >= 10")
    if args.scenario and args.update_readme:
        parser.error("--update-readme needs every scenario: leave out --scenario")
    args.markdown = args.markdown or args.update_readme
    return args


def command_line():
    """How this run was started, relative to the source folder, for the report."""
    script = os.path.relpath(os.path.abspath(sys.argv[0]), SOURCE_DIR)
    return shlex.join(["python3", script] + sys.argv[1:])


def check_tools(skip_callgrind):
    for tool in ["tshark"] + ([] if skip_callgrind else ["valgrind"]):
        if shutil.which(tool) is None:
            raise SetupError(f"{tool} not found in PATH")


def write_captures(work_dir, frames, callgrind_packets, scenario_list):
    """The big capture, the 1-packet one, and one per callgrind size needed.

    Keys: "big", "one" and the packet count of each callgrind capture."""
    captures = {"big": os.path.join(work_dir, "big.pcap"), "one": os.path.join(work_dir, "one.pcap")}
    traffic.write_pcap(captures["big"], frames)
    traffic.write_pcap(captures["one"], frames[:1])
    for scenario in scenario_list:
        count = callgrind_count(scenario, callgrind_packets, len(frames))
        if count not in captures:
            captures[count] = os.path.join(work_dir, f"first-{count}.pcap")
            traffic.write_pcap(captures[count], frames[:count])
    return captures


def read_into_page_cache(path):
    with open(path, "rb") as f:
        while f.read(1 << 20):
            pass


def prepare(args, sandbox, plugin):
    """The setups, checked, and the captures; returns (runner, setups,
    captures, facts), facts being what the checks found for the report."""
    series = plugin_series(plugin)
    setups = measure.make_setups(sandbox, series)
    runner = measure.Runner()
    checks.check_plugin_loading(runner, setups)
    progress(f"plugin {plugin} (series {series}) loads in 'with' only")

    progress(f"generating {args.packets} packets (seed {traffic.SEED})")
    frames = traffic.generate_frames(args.packets)
    all_scenarios = scenarios()
    captures = write_captures(sandbox.captures, frames, args.callgrind_packets, all_scenarios)
    del frames
    facts = {"plugin": plugin, "series": series}
    facts["warnings"] = checks.check_plugin_output(runner, setups, captures["one"])
    verbose = next(scenario for scenario in all_scenarios if scenario.name == "verbose")
    verbose_count = callgrind_count(verbose, args.callgrind_packets, args.packets)
    facts["lua_warnings"] = checks.check_lua_output(runner, setups, captures[verbose_count])
    progress(f"Lua baseline runs in 'lua' and classifies like the plugin ({verbose_count} packets)")
    facts["wrapper_kib"], facts["startup_kib"] = checks.check_memory_measurement(
        runner, setups, captures["one"])
    read_into_page_cache(captures["big"])
    return runner, setups, captures, facts


def measure_scenarios(args, runner, setups, captures):
    """{scenario name: its figures} for the scenarios asked for."""
    results = {}
    for scenario in scenarios():
        if args.scenario and scenario.name not in args.scenario:
            continue
        capture = captures["one" if scenario.one_packet else "big"]
        count = callgrind_count(scenario, args.callgrind_packets, args.packets)
        warm_up = captures["one" if scenario.one_packet else count]
        progress(f"wall time: {scenario.name} ({args.runs} runs per setup)")
        results[scenario.name] = {"scenario": scenario}
        results[scenario.name].update(measure.measure_wall(runner, setups, scenario, capture,
                                                           warm_up, args.runs))
        if args.skip_callgrind or scenario.one_packet:
            continue
        results[scenario.name]["callgrind_packets"] = count
        results[scenario.name]["instr"] = measure.measure_instructions(
            runner, setups, scenario, captures[count], count, captures["one"])
    if "plain" in results and "instr" in results["plain"] and "startup" in results:
        # The startup command is plain's 1-packet run: reuse its totals.
        results["startup"]["startup_ir"] = {k: v["ir_one"] for k, v in results["plain"]["instr"].items()}
    return results


def print_header(args, info, facts):
    print(f"portclass benchmark, {info['date']:%Y-%m-%d %H:%M:%S} UTC")
    print(info["version"])
    print(f"CPU: {info['cpu']}")
    print(f"plugin: {facts['plugin']} (series {facts['series']}); Lua baseline: "
          f"{os.path.relpath(measure.LUA_BASELINE, SOURCE_DIR)}")
    print(f"capture: {args.packets} packets (seed {traffic.SEED}); {args.runs} interleaved runs "
          "per setup; " + ("callgrind skipped" if args.skip_callgrind else
                           f"callgrind over {args.callgrind_packets} packets (N/5 for verbose) "
                           "and 1 packet"))
    print(f"peak RSS check: the privilege-drop wrapper alone {report.mib(facts['wrapper_kib']):.1f} "
          f"MiB, a 1-packet tshark run {report.mib(facts['startup_kib']):.1f} MiB")
    if facts["warnings"]:
        print(f"tshark stderr with the plugin: {facts['warnings']}")
    if facts["lua_warnings"]:
        print(f"tshark stderr with the Lua baseline: {facts['lua_warnings']}")
    print()


def print_markdown(results, info, update):
    lines = report.markdown_report(results, info)
    print()
    print("Markdown:")
    print()
    print("\n".join(lines))
    if update:
        report.update_readme(lines)
        print()
        print(f"updated {os.path.relpath(report.README, SOURCE_DIR)}")


def run_benchmark(args, sandbox, plugin):
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    runner, setups, captures, facts = prepare(args, sandbox, plugin)
    results = measure_scenarios(args, runner, setups, captures)
    info = {"args": args, "date": datetime.datetime.now(datetime.timezone.utc),
            "version": measure.tshark_version(runner, setups["without"]),
            "cpu": measure.cpu_model(), "command": command_line()}
    print_header(args, info, facts)
    report.print_details(results, args.packets)
    report.print_table(results)
    print()
    print("ratios are against without: wall = median(setup) / median(without); instructions = "
          "per-packet Ir, Ir per packet = (Ir(N) - Ir(1)) / (N - 1); peak RSS = median max RSS; "
          "verdict: plugin wall and instructions against the budget (Lua not judged)")
    report.print_noise_note(results, load_before)
    print(f"total runtime: {time.monotonic() - started:.0f} s")
    if args.markdown:
        print_markdown(results, info, args.update_readme)


def main():
    args = parse_args()
    sandbox = None
    try:
        check_tools(args.skip_callgrind)
        plugin = find_plugin(os.path.abspath(args.build_dir))
        sandbox = Sandbox(plugin)
        run_benchmark(args, sandbox, plugin)
    except (SetupError, SandboxError) as error:
        print(f"benchmark: {error}", file=sys.stderr)
        return 2
    finally:
        if sandbox:
            sandbox.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
