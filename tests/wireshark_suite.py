#!/usr/bin/env python3
"""Runs Wireshark's own pytest suites against the installed Wireshark twice,
without portclass and with the plugin from a build tree, and fails when a
test that passes without the plugin fails with it.

Called by tests/wireshark-suite.sh, which fetches and unpacks the Debian
source package of the installed Wireshark; see there for the options.

Which plugins are loaded: each run gets a private mount namespace in which
Wireshark's global epan/ plugin folder is replaced by a copy holding every
plugin installed there except portclass.so, plus, in the run with it, the
plugin under test. The tests run as an unprivileged user (nobody when
started as root, else the user), so tshark prints no warning about running
as root, and reads no personal configuration (the harness gives each test
a HOME of its own). Nothing outside the namespace changes; before the runs,
`tshark -G plugins` shows which plugins each run loads.

Exceptions: tests that compare an exact dump of everything (the JSON and EK
layer dumps, a full `-z expert` listing) fail with the plugin because its
layer or its expert infos are in the dump. For those listed in EXCEPTIONS the
script runs the test's command again in both setups and passes the test only
if removing portclass's own layers, or its expert entries, from the output
with the plugin gives exactly the output without it.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

SUITES = ["suite_dissection", "suite_dfilter", "suite_outputformats", "suite_sharkd",
          "suite_follow", "suite_io", "suite_clopts", "suite_nameres", "suite_decryption",
          "suite_wslua"]
PLUGIN_NAME = "portclass.so"
CLEAN_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"
NOBODY = 65534

# (suite, test function, tshark arguments (captures by file name), kind).
# Each is the command of that test in Wireshark 4.0 to 4.6; kind says what
# portclass adds: "json" and "ek" a "portclass" layer, "expert" entries of
# its own in a -z expert listing and in the _ws.expert field.
EXCEPTIONS = [
    ("suite_outputformats", "test_outputformat_json", ["-r", "dhcp.pcap", "-T", "json"], "json"),
    ("suite_outputformats", "test_outputformat_jsonraw", ["-r", "dhcp.pcap", "-T", "jsonraw"],
     "json"),
    ("suite_outputformats", "test_outputformat_ek", ["-r", "dhcp.pcap", "-T", "ek"], "ek"),
    ("suite_outputformats", "test_outputformat_ek_raw", ["-r", "dhcp.pcap", "-T", "ek", "-x"],
     "ek"),
    ("suite_outputformats", "test_outputformat_ek_filter_field",
     ["-r", "dhcp.pcap", "-T", "ek", "-j", "dhcp"], "ek"),
    ("suite_dissection", "test_git_prot",
     ["-r", "gitOverTCP.pcap", "-Ygit", "-Tfields", "-egit.version", "-egit.packet_type",
      "-zexpert", "-e_ws.expert"], "expert"),
]
PORTCLASS_LAYERS = ("portclass", "portclass_raw")


def log(message):
    print(f"wireshark-suite: {message}", flush=True)


# ---------------------------------------------------------------- harness


def patch_harness(source):
    """Two adaptations of Wireshark's harness to installed programs on
    Python 3.11, made in the temporary copy; returns what was done.

    - 4.0's subprocesstest.py reads errors from unittest's private outcome
      object, which has none on Python 3.11 under pytest: every test would
      error in tearDown. A guard skips the log dump then.
    - The test_env fixtures set WIRESHARK_RUN_FROM_BUILD_DIRECTORY, which
      makes an unprivileged tshark look for its plugins and data files next
      to the program (/usr/bin) instead of where Debian installs them: no
      plugin at all would be loaded in those tests. The setting goes.
    """
    done = []
    path = os.path.join(source, "test", "subprocesstest.py")
    text = read(path) if os.path.isfile(path) else ""
    anchor = "                result = self._outcome.result\n"
    guard = ("                if not hasattr(result, 'errors'):\n"
             "                    return False\n")
    if anchor + guard in text:
        done.append("subprocesstest.py: guard already there")
    elif text.count(anchor) == 1 and "result.errors + result.failures" in text:
        write(path, text.replace(anchor, anchor + guard))
        done.append("subprocesstest.py: guard for Python 3.11's unittest outcome")
    variable = "WIRESHARK_RUN_FROM_BUILD_DIRECTORY"
    setting = re.compile(r"^(\s*)\w*env\[['\"]" + variable + r"['\"]\]\s*=.*$", re.M)
    left = []
    for folder, _, files in os.walk(os.path.join(source, "test")):
        for name in sorted(f for f in files if f.endswith(".py")):
            path = os.path.join(folder, name)
            text = read(path)
            if variable not in text:
                continue
            text, count = setting.subn(r"\1pass  # " + variable + ": not for installed programs",
                                       text)
            if count:
                write(path, text)
                done.append(f"{name}: {variable} not set ({count}x)")
            left += [f"{name}: {line.strip()}" for line in text.splitlines()
                     if variable in line and not line.strip().startswith(("#", "pass  #"))]
    if left:
        # A harness that sets it another way: the runs would not test the
        # installed plugin folders, so stop rather than pass.
        die(f"the harness still uses {variable}:\n  " + "\n  ".join(left))
    return "; ".join(done) or "none needed"


def die(message):
    print(f"wireshark-suite: {message}", file=sys.stderr)
    sys.exit(2)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def suite_paths(source, names):
    """[(name, path relative to source)] of the suites this version has."""
    found, missing = [], []
    for name in names:
        for relative in (f"test/{name}.py", f"test/{name}"):
            if os.path.exists(os.path.join(source, relative)):
                found.append((name, relative))
                break
        else:
            missing.append(name)
    return found, missing


# ---------------------------------------------------------------- plugin setups


class Setup:
    """A plugin folder that replaces Wireshark's global epan/ folder in a
    private mount namespace for the commands run through it."""

    def __init__(self, name, work, global_epan, plugin=None):
        self.name = name
        self.global_epan = global_epan
        self.folder = os.path.join(work, "plugins", name)
        os.makedirs(self.folder)
        for entry in sorted(os.listdir(global_epan)):
            if entry != PLUGIN_NAME and entry.endswith(".so"):
                shutil.copy2(os.path.join(global_epan, entry), self.folder)
        if plugin:
            shutil.copy2(plugin, os.path.join(self.folder, PLUGIN_NAME))
        os.chmod(self.folder, 0o755)

    def command(self, argv):
        """argv run in the namespace, as an unprivileged user without
        capabilities."""
        mount = 'mount --bind "$1" "$2" && shift 2 && exec setpriv '
        if os.geteuid() == 0:
            prefix = ["unshare", "--mount"]
            mount += f"--reuid={NOBODY} --regid={NOBODY} --clear-groups "
        else:
            # A user namespace in which the user keeps its own uid, with the
            # capabilities to mount; they are dropped again before argv.
            prefix = ["unshare", "--map-current-user", "--mount", "--keep-caps"]
            mount += "--inh-caps=-all --ambient-caps=-all "
        script = mount + '-- "$@"'
        return prefix + ["sh", "-c", script, "sh", self.folder, self.global_epan] + list(argv)

    def run(self, argv, **kwargs):
        return subprocess.run(self.command(argv), capture_output=True, text=True, **kwargs)


def global_epan_folder():
    output = subprocess.run(["tshark", "-G", "folders"], capture_output=True, text=True,
                            env=clean_env(os.environ.get("HOME", "/"))).stdout
    match = re.search(r"^Global Plugins:\s*(\S.*)$", output, re.M)
    if not match:
        die("tshark -G folders names no global plugin folder")
    return os.path.join(match.group(1).strip(), "epan")


def loaded_plugins(setup, env):
    """{file name: path} of the plugins tshark loads in a setup."""
    result = setup.run(["tshark", "-G", "plugins"], env=env)
    if result.returncode != 0:
        die(f"tshark -G plugins failed in the {setup.name} setup "
            f"(can this user make a mount namespace?):\n{result.stderr}")
    plugins = {}
    for line in result.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) >= 4 and parts[2].strip() != "extcap":
            plugins[parts[0].strip()] = parts[3].strip()
    return plugins


def check_setups(without, with_plugin, plugin, env):
    """The two setups load the same Debian plugins, and only "with" loads
    portclass: the plugin under test, from the global folder."""
    outside = subprocess.run(["tshark", "-G", "plugins"], capture_output=True, text=True,
                             env=env).stdout
    installed = {line.split("\t")[0].strip() for line in outside.splitlines()
                 if line.count("\t") >= 3 and line.split("\t")[2].strip() != "extcap"}
    installed.discard(PLUGIN_NAME)
    plugins_without = loaded_plugins(without, env)
    plugins_with = loaded_plugins(with_plugin, env)
    problems = []
    if PLUGIN_NAME in plugins_without:
        problems.append("the run without portclass loads portclass.so")
    if plugins_with.get(PLUGIN_NAME) != os.path.join(with_plugin.global_epan, PLUGIN_NAME):
        problems.append(f"the run with portclass does not load it from the global folder: "
                        f"{plugins_with.get(PLUGIN_NAME)}")
    if set(plugins_without) != installed:
        problems.append(f"the run without portclass loads {sorted(plugins_without)}, "
                        f"installed are {sorted(installed)}")
    if set(plugins_with) != installed | {PLUGIN_NAME}:
        problems.append(f"the run with portclass loads {sorted(plugins_with)}")
    if digest(os.path.join(with_plugin.folder, PLUGIN_NAME)) != digest(plugin):
        problems.append("the plugin copy differs from the plugin under test")
    if problems:
        die("plugin setup wrong:\n  " + "\n  ".join(problems))
    return sorted(installed)


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def clean_env(home, tmp=None):
    """No user configuration: a private HOME, no Wireshark variables."""
    env = {"PATH": CLEAN_PATH, "LANG": "C.UTF-8", "HOME": home, "TZ": "UTC",
           "PYTHONDONTWRITEBYTECODE": "1"}
    if tmp:
        env["TMPDIR"] = tmp
    return env


# ---------------------------------------------------------------- pytest runs


def shared_dir(path):
    """A folder the unprivileged test user can write to."""
    os.makedirs(path, exist_ok=True)
    os.chmod(path, 0o777)
    return path


def pytest_argv(source, suites, junit, extra_nodes=None):
    argv = ["python3", "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=", "-q",
            "--junitxml", junit, "--program-path=/usr/bin", "--disable-capture"]
    with open(os.path.join(source, "test", "conftest.py"), encoding="utf-8") as f:
        if "--skip-missing-programs" in f.read():
            # The GUI and tools that are not installed: skipped, not failed.
            argv.append("--skip-missing-programs=all")
    return argv + [os.path.join(source, node) for node in
                   (extra_nodes or [path for _, path in suites])]


def run_both(setups, source, work, label, suites, nodes=None):
    """Runs pytest in both setups at the same time (the runs share nothing
    but the CPUs); returns {setup name: outcomes}. Each run works in a
    folder of its own: the harness writes its logs into the current one."""
    env = clean_env(os.path.join(work, "home"), os.path.join(work, "tmp"))
    running = {}
    start = time.monotonic()
    for name, setup in setups.items():
        tag = f"{name}{label}"
        junit = os.path.join(work, "junit", f"{tag}.xml")
        logfile = os.path.join(work, f"pytest-{tag}.log")
        out = open(logfile, "w", encoding="utf-8")
        process = subprocess.Popen(setup.command(pytest_argv(source, suites, junit, nodes)),
                                   cwd=shared_dir(os.path.join(work, f"cwd-{tag}")),
                                   stdout=out, stderr=subprocess.STDOUT, env=env)
        running[name] = (process, out, junit, logfile, tag)
    results = {}
    for name, (process, out, junit, logfile, tag) in running.items():
        process.wait()
        out.close()
        with open(logfile, encoding="utf-8", errors="replace") as f:
            lines = [line for line in f.read().splitlines() if line.strip()]
        log(f"{tag}: {lines[-1] if lines else 'no output'} (log {logfile})")
        if not os.path.isfile(junit):
            die(f"pytest wrote no results in the {tag} run (see {logfile})")
        results[name] = outcomes(source, junit)
    log(f"pytest{label or ''} runs took {time.monotonic() - start:.0f} s")
    return results


def node_id(source, classname, name):
    """pytest's node id from a JUnit classname (test.suite_x.case_y)."""
    parts = classname.split(".")
    for cut in range(len(parts), 0, -1):
        path = os.path.join(*parts[:cut]) + ".py"
        if os.path.isfile(os.path.join(source, path)):
            return "::".join([path] + parts[cut:] + [name])
    return "::".join(parts + [name])


def outcomes(source, junit):
    """{node id: (status, message)}; status passed, failed or skipped."""
    results = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        key = node_id(source, case.get("classname", ""), case.get("name", ""))
        status, message = "passed", ""
        for child in case:
            if child.tag in ("failure", "error"):
                status, message = "failed", (child.get("message") or "").strip()
                break
            if child.tag == "skipped":
                status = "skipped"
        # A teardown error is a second entry for the same test.
        if results.get(key, ("passed",))[0] != "failed":
            results[key] = (status, message)
    return results


def count(results, status):
    return sum(1 for value in results.values() if value[0] == status)


# ---------------------------------------------------------------- exceptions


def exception_for(node):
    path, _, rest = node.partition("::")
    function = re.sub(r"\[.*\]$", "", rest.split("::")[-1])
    suite = os.path.splitext(os.path.basename(path))[0]
    for entry in EXCEPTIONS:
        if entry[0] == suite and entry[1] == function:
            return entry
    return None


def pairs(text):
    """JSON with every object as a list of (key, value) pairs: order and
    repeated keys kept, so comparisons are exact."""
    return json.loads(text, object_pairs_hook=list)


def strip_layers(value):
    """(value without portclass's layers, how many were removed)."""
    if isinstance(value, list):
        removed, kept = 0, []
        for item in value:
            if isinstance(item, tuple):
                key, child = item
                if key == "layers" and isinstance(child, list):
                    layers = [p for p in child
                              if not (isinstance(p, tuple) and p[0] in PORTCLASS_LAYERS)]
                    removed += len(child) - len(layers)
                    child = layers
                child, inner = strip_layers(child)
                kept.append((key, child))
                removed += inner
            else:
                item, inner = strip_layers(item)
                kept.append(item)
                removed += inner
        return kept, removed
    return value, 0


def compare_json(with_text, without_text, multiline):
    if multiline:
        with_docs = [pairs(line) for line in with_text.splitlines()]
        without_docs = [pairs(line) for line in without_text.splitlines()]
    else:
        with_docs, without_docs = [pairs(with_text)], [pairs(without_text)]
    stripped, removed = strip_layers(with_docs)
    if removed == 0:
        return False, "no portclass layer in the output with the plugin"
    if stripped != without_docs:
        return False, (f"differs from the output without the plugin beyond {removed} "
                       "portclass layers")
    return True, f"{removed} portclass layers removed"


EXPERT_HEADER = re.compile(r"^(Errors|Warns|Notes|Chats|Comments) \((\d+)\)$")


def strip_expert_listing(lines):
    """(lines without PortClass entries in -z expert sections, the removed
    summaries); a section left empty goes, totals are recomputed."""
    out, removed, index = [], [], 0
    while index < len(lines):
        header = EXPERT_HEADER.match(lines[index])
        if not (header and out and out[-1] == "" and index + 2 < len(lines)
                and lines[index + 1] == "=============" and "Frequency" in lines[index + 2]):
            out.append(lines[index])
            index += 1
            continue
        entries, index = [], index + 3
        while index < len(lines) and re.match(r"^ {0,11}\d+ ", lines[index]):
            entries.append(lines[index])
            index += 1
        kept = []
        for entry in entries:
            if entry[24:42].strip() == "PortClass":
                removed.append(entry[44:])
            else:
                kept.append(entry)
        if kept:
            total = sum(int(entry[:12]) for entry in kept)
            out += [f"{header.group(1)} ({total})", "=============",
                    "   Frequency      Group           Protocol  Summary"] + kept
        else:
            out.pop()  # the blank line before the header
    return out, removed


def strip_expert_fields(lines, summaries):
    """Removes portclass's values ('Expert Info (Severity/Group): summary')
    from the _ws.expert column of -T fields lines."""
    ours = set(summaries)
    result = []
    for line in lines:
        columns = []
        for column in line.split("\t"):
            items = re.split(r",(?=Expert Info \()", column)
            kept = [item for item in items
                    if re.sub(r"^Expert Info \([A-Za-z]+/[A-Za-z]+\): ", "", item) not in ours
                    or not item.startswith("Expert Info (")]
            columns.append(",".join(kept))
        result.append("\t".join(columns))
    return result


def compare_expert(with_text, without_text):
    listing, summaries = strip_expert_listing(with_text.split("\n"))
    if not summaries:
        return False, "no PortClass entry in the -z expert listing with the plugin"
    stripped = "\n".join(strip_expert_fields(listing, set(summaries)))
    if stripped != without_text:
        return False, "differs from the output without the plugin beyond portclass's entries"
    return True, f"{len(summaries)} portclass expert entries removed"


def verify_exception(entry, setups, source, work):
    _, _, args, kind = entry
    captures = os.path.join(source, "test", "captures")
    argv = ["tshark"] + [os.path.join(captures, arg) if arg.endswith((".pcap", ".pcapng"))
                         else arg for arg in args]
    env = clean_env(os.path.join(work, "home"), os.path.join(work, "tmp"))
    outputs = {}
    for name, setup in setups.items():
        result = setup.run(argv, env=env, cwd=work)
        if result.returncode != 0:
            return False, f"{' '.join(args)} exited {result.returncode} in the {name} run"
        outputs[name] = result.stdout
    if kind == "expert":
        return compare_expert(outputs["with"], outputs["without"])
    return compare_json(outputs["with"], outputs["without"], multiline=(kind == "ek"))


# ---------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", required=True, help="unpacked Wireshark source")
    parser.add_argument("--plugin", required=True, help="portclass.so under test")
    parser.add_argument("--work", required=True, help="an empty folder for the runs")
    parser.add_argument("--version-label", default="", help="for the summary")
    parser.add_argument("suites", nargs="*", default=SUITES)
    args = parser.parse_args()
    source, work = os.path.abspath(args.source), os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    os.chmod(work, 0o755)
    for sub in ("home", "tmp", "junit"):
        shared_dir(os.path.join(work, sub))

    log(f"harness fix: {patch_harness(source)}")
    suites, missing = suite_paths(source, args.suites)
    if not suites:
        die(f"none of the suites {' '.join(args.suites)} is in this version")
    log("suites: " + " ".join(name for name, _ in suites)
        + (f" (not in this version: {' '.join(missing)})" if missing else ""))

    global_epan = global_epan_folder()
    setups = {"without": Setup("without", work, global_epan),
              "with": Setup("with", work, global_epan, os.path.abspath(args.plugin))}
    env = clean_env(os.path.join(work, "home"))
    others = check_setups(setups["without"], setups["with"], args.plugin, env)
    log(f"plugins loaded in both runs: {' '.join(others)}; portclass only in the run with it "
        f"(global folder {global_epan} replaced in a private mount namespace)")

    results = run_both(setups, source, work, "", suites)

    without, with_plugin = results["without"], results["with"]
    lost = sorted(node for node, (status, _) in without.items()
                  if status == "passed" and with_plugin.get(node, ("missing",))[0] != "passed")
    gained = sorted(node for node, (status, _) in with_plugin.items()
                    if status == "passed" and without.get(node, ("missing",))[0] != "passed")

    harm, verified, again = [], [], {}
    recheck = [node for node in lost if not exception_for(node)]
    if recheck:
        # Run those again in both setups: a test that fails only sometimes
        # is reported, not counted as harm.
        again = run_both(setups, source, work, "-again", suites, recheck)
    unstable = []
    for node in lost:
        entry = exception_for(node)
        if entry:
            ok, detail = verify_exception(entry, setups, source, work)
            (verified if ok else harm).append((node, detail if ok else
                                               f"exception NOT verified: {detail}"))
        elif (again["with"].get(node, ("missing",))[0] != "passed"
              and again["without"].get(node, ("missing",))[0] == "passed"):
            harm.append((node, with_plugin.get(node, ("missing", "not run"))[1][:300]))
        else:
            unstable.append(node)

    label = args.version_label or "installed Wireshark"
    print()
    print(f"Wireshark's own tests, {label}")
    print(f"  suites: {' '.join(name for name, _ in suites)}")
    for name in ("without", "with"):
        r = results[name]
        print(f"  {name + ' portclass:':19s} {count(r, 'passed'):4d} passed, "
              f"{count(r, 'failed'):3d} failed, {count(r, 'skipped'):3d} skipped")
    print(f"  passing without portclass and failing with it: {len(lost)}")
    for node, detail in verified:
        print(f"    exception verified: {node}: {detail}")
    for node in unstable:
        print(f"    unstable, passed when run again: {node}")
    for node, detail in harm:
        print(f"    HARM: {node}: {detail}")
    if gained:
        print(f"  passing only with portclass: {len(gained)}: {' '.join(gained)}")
    print(f"wireshark-suite: {'FAIL' if harm else 'PASS'} ({len(harm)} harmed, "
          f"{len(verified)} exceptions verified)")
    return 1 if harm else 0


if __name__ == "__main__":
    sys.exit(main())
