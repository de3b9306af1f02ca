#!/usr/bin/env python3
"""What the plugin adds to Wireshark's expert infos, capture by capture.

    tests/expert-counts.py [--jobs N] [--messages N] PLUGIN.so FOLDER...

Runs tshark over every file of each FOLDER (not its subfolders) twice, in
the sandbox of tests/sandbox.py: without the plugin and with PLUGIN, each
time as

    tshark -n -r FILE -T fields -E occurrence=a -E aggregator=| \
           -e _ws.expert.severity [-e portclass.expert.NAME ...] -z expert

(the portclass.expert.* names from tshark -G fields, with the plugin only)

The counts come from -z expert, Wireshark's expert tap, which sees every
expert info (also those added without a tree item, which -e fields miss).
-T fields makes tshark dissect with a tree, as the window does, in both runs
alike (the _ws.expert.severity column is there for that); with the plugin,
its portclass.expert.* columns name the plugin's expert infos. --jobs runs
at once (default 2).

Prints the captures read (files tshark does not read with either setup,
exit status not 0, are listed and not counted), the captures whose HIGHEST
expert severity rises with the plugin, and, summed over all captures, the
expert infos added (with the plugin minus without) per severity: Notes,
Chats, Warnings (must be 0), Errors (must be 0) and Comments, with how many
are the plugin's own (protocol PortClass); then the captures in which any
other protocol's expert infos (its rows of -z expert) change, and each
raised capture with the portclass expert infos it holds (by filter name;
with --messages N, up to N PortClass messages at its new highest
severity).

Exit status: 0; 1 when the plugin adds a Warning or an Error or changes
other protocols' expert infos; 2 when a file reads with one setup and not
the other, or on a usage error.
"""

import argparse
import collections
import concurrent.futures
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sandbox import Sandbox, SandboxError, plugin_series  # noqa: E402

# Wireshark's severities, lowest first, with the titles of -z expert's
# sections.
SEVERITIES = [("Comment", "Comments"), ("Chat", "Chats"), ("Note", "Notes"),
              ("Warning", "Warns"), ("Error", "Errors")]
REPORT_ORDER = ["Note", "Chat", "Warning", "Error", "Comment"]
SECTION = re.compile(r"^(Errors|Warns|Notes|Chats|Comments) \((\d+)\)$")
# "%12d %10s %18s  %s": frequency, group, protocol, summary.
TAP_ROW = re.compile(r"^ *\d+ ")
PORTCLASS_ROW = re.compile(r"^ *(\d+) +.*? PortClass  (.*)$")
MESSAGE_WIDTH = 100
# Where a file was copied into the sandbox, in tshark's messages.
SANDBOX_COPY = re.compile(r"[^\s\"]*/captures/\d+/")

Reading = collections.namedtuple("Reading",
                                 "ok totals portclass messages others names error")
UNREAD = dict(totals={}, portclass={}, messages={}, others=collections.Counter(), names={})


def severity_of_section(title):
    """'Notes' -> 'Note'."""
    return next(name for name, section in SEVERITIES if section == title)


def rank(severity):
    """The order of a severity name, -1 for none."""
    names = [name for name, _ in SEVERITIES]
    return names.index(severity) if severity else -1


def parse_expert_tap(lines):
    """From -z expert's output: {severity: count}, {severity: PortClass
    count}, {severity: [PortClass messages]} and the Counter of the other
    protocols' rows, (severity, row)."""
    totals, portclass = {}, collections.Counter()
    messages, others = collections.defaultdict(list), collections.Counter()
    severity = None
    for line in lines:
        section = SECTION.match(line)
        if section:
            severity = severity_of_section(section.group(1))
            totals[severity] = int(section.group(2))
            continue
        row = PORTCLASS_ROW.match(line) if severity else None
        if row:
            portclass[severity] += int(row.group(1))
            messages[severity].append(row.group(2))
        elif severity and TAP_ROW.match(line):
            others[(severity, line)] += 1
    return dict(totals=totals, portclass=portclass, messages=messages, others=others)


def parse_names(lines, names):
    """Counter of the portclass.expert.* infos in the -T fields lines (the
    columns after the first, one per name, each a |-joined occurrence list)."""
    counts = collections.Counter()
    for line in lines:
        columns = line.split("\t")
        if len(columns) != len(names) + 1:
            continue
        for name, column in zip(names, columns[1:]):
            if column:
                counts[name] += len(column.split("|"))
    return counts


def tshark_args(path, names):
    return (["tshark", "-n", "-r", path, "-T", "fields", "-E", "occurrence=a",
             "-E", "aggregator=|", "-e", "_ws.expert.severity"]
            + [arg for name in names for arg in ("-e", name)] + ["-z", "expert"])


def read_capture(sandbox, path, names):
    """One tshark run over path in sandbox: a Reading. The file is read
    when tshark exits 0; else Reading.error says why (not a capture, cut
    short, a crash)."""
    result = sandbox.execute(tshark_args(path, names), capture_output=True)
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = SANDBOX_COPY.sub("", lines[-1]) if lines else f"tshark exited {result.returncode}"
        return Reading(False, error=reason, **UNREAD)
    stdout = result.stdout.decode("utf-8", "replace").splitlines()
    return Reading(True, names=parse_names(stdout, names), error="", **parse_expert_tap(stdout))


def portclass_expert_names(sandbox):
    """The plugin's expert info filter names, from tshark -G fields."""
    output = sandbox.execute(["tshark", "-G", "fields"], capture_output=True).stdout
    names = set()
    for line in output.decode("utf-8", "replace").splitlines():
        columns = line.split("\t")
        if len(columns) > 2 and columns[2].startswith("portclass.expert."):
            names.add(columns[2])
    if not names:
        raise SandboxError("tshark lists no portclass.expert.* field: the plugin did not load")
    return sorted(names)


def collect_files(folders):
    """[(label, path), ...] of the regular files of each folder, sorted."""
    files = []
    for folder in folders:
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                files.append((os.path.join(os.path.normpath(folder), name), path))
    return files


def stage_files(sandbox, files):
    """Copies each file into the sandbox (one subfolder per file, so names
    never clash); returns their new paths, in order."""
    copies = []
    for number, (_, path) in enumerate(files):
        folder = sandbox.make_dir(os.path.join("captures", str(number)))
        copies.append(sandbox.copy(path, folder))
    return copies


def read_all(with_plugin, without, copies, names, jobs):
    """[(reading without, reading with), ...] in the order of copies."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        before = [pool.submit(read_capture, without, path, []) for path in copies]
        after = [pool.submit(read_capture, with_plugin, path, names) for path in copies]
        return [(b.result(), a.result()) for b, a in zip(before, after)]


def highest(totals):
    """The highest severity with an expert info, or None."""
    present = [name for name, _ in SEVERITIES if totals.get(name)]
    return present[-1] if present else None


def summarise(files, readings):
    """The figures over every file both setups read."""
    summary = {"read": [], "unreadable": [], "mismatch": [], "raised": [], "others": [],
               "added": collections.Counter(), "own": collections.Counter(),
               "with": collections.Counter(), "without": collections.Counter()}
    for (label, _), (before, after) in zip(files, readings):
        if before.ok != after.ok:
            summary["mismatch"].append(
                (label, f"without: {before.error or 'read'}; with: {after.error or 'read'}"))
            continue
        if not before.ok:
            summary["unreadable"].append((label, before.error))
            continue
        summary["read"].append(label)
        for name, _ in SEVERITIES:
            summary["with"][name] += after.totals.get(name, 0)
            summary["without"][name] += before.totals.get(name, 0)
            summary["added"][name] += after.totals.get(name, 0) - before.totals.get(name, 0)
            summary["own"][name] += after.portclass.get(name, 0)
        if rank(highest(after.totals)) > rank(highest(before.totals)):
            summary["raised"].append((label, before, after))
        if after.others != before.others:
            summary["others"].append((label, before.others, after.others))
    return summary


def shorten(message):
    """message, cut to MESSAGE_WIDTH characters."""
    if len(message) <= MESSAGE_WIDTH:
        return message
    return message[:MESSAGE_WIDTH - 3] + "..."


def raised_lines(label, before, after, messages_shown):
    """'  FILE: Chat -> Note; portclass expert infos: NAME xN, ...' for one
    raised capture, and up to messages_shown of the PortClass messages at
    the new highest severity."""
    new = highest(after.totals)
    names = ", ".join(f"{name} x{count}" for name, count in sorted(after.names.items()))
    line = f"  {label}: {highest(before.totals) or 'none'} -> {new}; "
    own = after.portclass.get(new, 0)
    if not own:
        line += f"no PortClass {new}: raised by another protocol"
    else:
        line += f"portclass expert infos: {names or 'none in the tree'}"
        in_tree = sum(after.names.values())
        if in_tree != sum(after.portclass.values()):
            line += (f" (PortClass expert infos: {sum(after.portclass.values())}, "
                     f"in the tree: {in_tree})")
    lines = [line]
    messages = after.messages.get(new, [])
    lines += [f"      {new}: {shorten(message)}" for message in messages[:messages_shown]]
    if 0 < messages_shown < len(messages):
        lines.append(f"      ... and {len(messages) - messages_shown} more")
    return lines


def report(summary, files, plugin, folders, messages_shown):
    """Prints the figures; returns the exit status."""
    print(f"plugin: {plugin}")
    print(f"folders: {' '.join(folders)} ({len(files)} files)")
    print(f"captures read: {len(summary['read'])}")
    print(f"files tshark does not read, not counted: {len(summary['unreadable'])}")
    for label, error in summary["unreadable"]:
        print(f"  {label}: {error}")
    for label, error in summary["mismatch"]:
        print(f"READ BY ONE SETUP ONLY: {label}: {error}")
    print(f"captures whose highest expert severity rises with the plugin: "
          f"{len(summary['raised'])}")
    status = 2 if summary["mismatch"] else 0
    for name in REPORT_ORDER:
        added = summary["added"][name]
        print(f"{name}s added: {added:+d} (with {summary['with'][name]}, without "
              f"{summary['without'][name]}; PortClass's own: {summary['own'][name]})")
        if name in ("Warning", "Error") and added != 0:
            status = max(status, 1)
    print(f"captures whose other protocols' expert infos change: {len(summary['others'])}")
    for label, before, after in summary["others"]:
        status = max(status, 1)
        print(f"  {label}: only without: {sum((before - after).values())} rows, "
              f"only with: {sum((after - before).values())} rows")
        for severity, row in sorted((after - before) + (before - after)):
            print(f"      {severity}: {row.strip()}")
    if summary["raised"]:
        print("raised captures:")
        for label, before, after in summary["raised"]:
            print("\n".join(raised_lines(label, before, after, messages_shown)))
    return status


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="expert-counts.py",
        description="Expert infos without and with the plugin, over folders of captures.")
    parser.add_argument("plugin", help="the portclass.so to load")
    parser.add_argument("folders", nargs="+", metavar="folder", help="a folder of captures")
    parser.add_argument("--jobs", type=int, default=2, help="tshark runs at once (default 2)")
    parser.add_argument("--messages", type=int, default=0, metavar="N",
                        help="show up to N PortClass messages per raised capture (default 0)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    for path in [args.plugin] + args.folders:
        if not os.path.exists(path):
            print(f"expert-counts.py: no {path}", file=sys.stderr)
            return 2
    with_plugin = without = None
    try:
        with_plugin = Sandbox(args.plugin)
        without = Sandbox(None, plugin_series(args.plugin))
        names = portclass_expert_names(with_plugin)
        files = collect_files(args.folders)
        copies = stage_files(with_plugin, files)
        readings = read_all(with_plugin, without, copies, names, max(1, args.jobs))
        return report(summarise(files, readings), files, args.plugin, args.folders,
                      args.messages)
    except SandboxError as error:
        print(f"expert-counts.py: {error}", file=sys.stderr)
        return 2
    finally:
        for sandbox in (with_plugin, without):
            if sandbox:
                sandbox.cleanup()


if __name__ == "__main__":
    sys.exit(main())
