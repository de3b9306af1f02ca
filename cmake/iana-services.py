#!/usr/bin/env python3
"""Rewrites Wireshark's copy of the IANA service registry in the format of
data/services.tsv, so that the plugin reads one format only.

Usage: iana-services.py INPUT OUTPUT

INPUT is in either of Wireshark's formats:
 - the services(5) file of Wireshark 3.4 to 4.2 and of its source tree,
   "name  port[-port]/tcp/udp[/...]  [aliases]  [# description]";
 - what "tshark -G services" prints from the registry that 4.4 and later
   compile in, "name<TAB>port<TAB>transport<TAB>description".
Each line of INPUT gives one line of OUTPUT, so that the plugin's warnings
name lines of INPUT: an assignment becomes "transport<TAB>ports<TAB>name
<TAB>description<TAB>", a line that assigns no tcp or udp port becomes a
comment, and any other line is kept as it is, for the plugin to report as
malformed. Only the rows, not the port numbers, are checked here.
"""

import re
import sys

DUMP_LINE = re.compile(rb"([^\t]*)\t([0-9]+)\t([^\t]*)(?:\t(.*))?")
SERVICES_LINE = re.compile(rb"[ \t]*([^ \t#]+)[ \t]+([^ \t#/]*)/([^ \t#]*)[^#]*(?:#(.*))?")
TRANSPORTS = {b"tcp", b"udp", b"sctp", b"dccp"}


def rewrite(line):
    if line.startswith(b"#"):
        return line
    match = DUMP_LINE.fullmatch(line)
    if not match and not line.split(b"#")[0].strip(b" \t"):
        return b"# " + line
    match = match or SERVICES_LINE.fullmatch(line)
    if not match:
        return line
    name, ports, transports, description = match.groups()
    transports = set(transports.split(b"/"))
    if not transports <= TRANSPORTS:
        return line
    kept = transports & {b"tcp", b"udp"}
    if not kept:
        return b"# " + line
    transport = kept.pop() if len(kept) == 1 else b"both"
    description = (description or b"").replace(b"\t", b" ").strip()
    return b"\t".join([transport, ports, name, description, b""])


def main(source, output):
    with open(source, "rb") as f:
        lines = f.read().split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    rows = []
    for line in lines:
        line = line[:-1] if line.endswith(b"\r") else line
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            rows.append(line)
            continue
        rows.append(rewrite(line))
    with open(output, "wb") as f:
        f.write(b"".join(row + b"\n" for row in rows))


if __name__ == "__main__":
    main(*sys.argv[1:])
