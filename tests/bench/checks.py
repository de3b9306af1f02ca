"""The benchmark's setup checks, made before anything is measured: only the
WITH setup loads the plugin, its annotations appear and go away with
--disable-protocol, the LUA setup runs the Lua baseline, which classifies
every header as the plugin does, and the memory figures are tshark's."""

import re

from bench import SetupError
from bench.scenarios import PLUGIN_PROTOCOL, PORTCLASS_FIELDS, SETUP_NAMES, field_args

PLUGIN_TREE = "Port Classification"           # text of the plugin's subtree in -V
LUA_TREE = "Lua port classification baseline"  # text of the Lua baseline's subtree
# Compared between the plugin and the Lua baseline, header by header.
SAME_JOB_FIELDS = ["transport", "src.port", "dst.port", "src.class", "dst.class"]


def check_plugin_loading(runner, setups):
    """Abort unless only the WITH setup lists portclass.so in -G plugins."""
    for name in SETUP_NAMES:
        expected = name == "with"
        listing = runner.run(setups[name], ["tshark", "-G", "plugins"], capture_stdout=True).stdout
        loaded = re.search(r"^portclass\.so\s", listing, re.MULTILINE) is not None
        if loaded != expected:
            hint = (f" (WIRESHARK_PLUGIN_DIR={setups[name].plugin_dir}; is it readable by the "
                    f"user tshark runs as?)") if expected else ""
            raise SetupError(f"tshark -G plugins in the '{name}' setup "
                             f"{'does not list' if expected else 'lists'} portclass.so{hint}:\n{listing}")


def verbose_output(runner, setup, capture):
    command = ["tshark", "-n", "-r", capture] + setup.extra_args + ["-V"]
    return runner.run(setup, command, capture_stdout=True)


def check_plugin_output(runner, setups, capture):
    """The WITH setup really annotates packets; returns its stderr warnings."""
    command = ["tshark", "-n", "-r", capture, "-T", "fields"] + field_args(PORTCLASS_FIELDS)
    result = runner.run(setups["with"], command, capture_stdout=True)
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    if not rows or not all(row[0] for row in rows):
        raise SetupError(f"portclass fields are empty in the 'with' setup:\n{result.stdout[:500]}")
    verbose = verbose_output(runner, setups["with"], capture)
    if PLUGIN_TREE not in verbose.stdout:
        raise SetupError(f"'tshark -V' in the 'with' setup shows no '{PLUGIN_TREE}' tree")
    if LUA_TREE in verbose.stdout:
        raise SetupError(f"'tshark -V' in the 'with' setup shows a '{LUA_TREE}' tree")
    without = verbose_output(runner, setups["without"], capture)
    for tree in (PLUGIN_TREE, LUA_TREE):
        if tree in without.stdout:
            raise SetupError(f"'tshark -V' in the 'without' setup shows a '{tree}' tree")
    disabled = runner.run(setups["with"], ["tshark", "-n", "-r", capture, "-V",
                                           "--disable-protocol", PLUGIN_PROTOCOL],
                          capture_stdout=True)
    if PLUGIN_TREE in disabled.stdout:
        raise SetupError(f"--disable-protocol {PLUGIN_PROTOCOL} leaves a '{PLUGIN_TREE}' tree")
    return (result.stderr + verbose.stderr).strip()


def check_lua_output(runner, setups, capture):
    """The LUA setup runs the Lua baseline (its tree is in -V, with no Lua
    error and no plugin tree), and the baseline gives every header of
    capture the same transport, ports and classes as the plugin.  Returns
    the LUA setup's stderr warnings."""
    verbose = verbose_output(runner, setups["lua"], capture)
    if LUA_TREE not in verbose.stdout:
        raise SetupError(f"'tshark -V' in the 'lua' setup shows no '{LUA_TREE}' tree: is Lua "
                         f"enabled in this tshark and for the user it runs as, and is the "
                         f"script readable?\n{verbose.stderr.strip()}")
    if "Lua Error" in verbose.stdout:
        line = next(line for line in verbose.stdout.splitlines() if "Lua Error" in line)
        raise SetupError(f"the Lua baseline fails: {line.strip()}")
    if PLUGIN_TREE in verbose.stdout:
        raise SetupError(f"'tshark -V' in the 'lua' setup shows a '{PLUGIN_TREE}' tree")
    outputs = {}
    for name, prefix in (("with", "portclass."), ("lua", "portclass_lua.")):
        fields = [prefix + field for field in SAME_JOB_FIELDS]
        command = (["tshark", "-n", "-r", capture] + setups[name].extra_args
                   + ["-T", "fields", "-E", "occurrence=a"] + field_args(fields))
        outputs[name] = runner.run(setups[name], command, capture_stdout=True).stdout.splitlines()
    if not any(line.strip() for line in outputs["lua"]):
        raise SetupError("the Lua baseline's fields are empty")
    for number, (plugin_line, lua_line) in enumerate(zip(outputs["with"], outputs["lua"]), 1):
        if plugin_line != lua_line:
            raise SetupError(f"packet {number}: the Lua baseline gives {lua_line!r} where the "
                             f"plugin gives {plugin_line!r} ({', '.join(SAME_JOB_FIELDS)})")
    if len(outputs["with"]) != len(outputs["lua"]):
        raise SetupError("the plugin and the Lua baseline print different numbers of packets")
    return verbose.stderr.strip()


def check_memory_measurement(runner, setups, capture_one):
    """Peak RSS of the wrapper alone and of a 1-packet tshark run, in KiB;
    aborts unless the latter looks like tshark's (libwireshark alone maps
    tens of MiB) and clearly exceeds the former."""
    wrapper_kib = runner.timed(setups["without"], ["true"])[2]
    tshark_kib = runner.timed(setups["without"], ["tshark", "-n", "-r", capture_one])[2]
    if tshark_kib < 16 * 1024 or tshark_kib < 4 * wrapper_kib:
        raise SetupError(f"peak RSS of a 1-packet tshark run is {tshark_kib} KiB (the wrapper "
                         f"alone: {wrapper_kib} KiB): not tshark's memory")
    return wrapper_kib, tshark_kib

