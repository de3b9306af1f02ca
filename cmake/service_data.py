#!/usr/bin/env python3
"""Writes the service data built into the plugin as C tables of
portclass_row_t (include/portclass/registry.h), so that the plugin needs no
file and no parser to name a port at run time.

Usage: service_data.py CURATED IANA OUTPUT.c

CURATED holds the project's tab-separated rows (data/services.tsv),
"transport ports service description description_ja [flags note note_ja]".
IANA is the registry of the Wireshark built against, in either of its
formats:
 - the services(5) file of Wireshark 3.4 to 4.2 and of its source tree,
   "name  port[-port]/tcp/udp[/...]  [aliases]  [# description]";
 - what "tshark -G services" prints from the registry that 4.4 and later
   compile in, "name<TAB>port<TAB>transport<TAB>description".
Only tcp and udp assignments are kept; where several rows name a port, the
plugin keeps the first. A malformed line is skipped, and the lines skipped
are reported in one warning per file that names the first and its problem.
"""

import os
import re
import sys

MASKS = {"tcp": "PORTCLASS_MASK_TCP", "udp": "PORTCLASS_MASK_UDP", "both": "PORTCLASS_MASK_BOTH"}
FLAGS = {"cleartext": "PORTCLASS_FLAG_CLEARTEXT", "login": "PORTCLASS_FLAG_LOGIN"}
DUMP_LINE = re.compile(r"([^\t]*)\t([0-9]+)\t([^\t]*)(?:\t(.*))?")
# What the plugin's C code took as white space (not Unicode's).
SPACE = " \t\n\v\f\r"


class Malformed(Exception):
    pass


def port(text):
    if not text:
        raise Malformed("port number missing")
    if not (text.isascii() and text.isdigit()):
        raise Malformed("port is not a number")
    if int(text) > 65535:
        raise Malformed("port out of range (0-65535)")
    return int(text)


def port_range(text):
    low, dash, high = text.partition("-")
    low = port(low)
    high = port(high) if dash else low
    if low > high:
        raise Malformed("port range is reversed")
    return low, high


def curated_row(line):
    """The row of a line of CURATED; None for a comment or a blank line."""
    if line.startswith("#") or not line.strip(" \t"):
        return None
    cols = [col.strip(SPACE) for col in line.split("\t")]
    if not 5 <= len(cols) <= 8:
        raise Malformed("expected 5 to 8 tab-separated columns")
    transport, ports, name, description, description_ja, flags, note, note_ja = \
        cols + [""] * (8 - len(cols))
    if transport not in MASKS:
        raise Malformed("transport is not tcp, udp or both")
    low, high = port_range(ports)
    if not name:
        raise Malformed("service name is empty")
    flags = {flag.strip(SPACE) for flag in flags.split(",")} if flags else set()
    if not flags <= FLAGS.keys():
        raise Malformed("unknown flag (known: cleartext, login)")
    return (MASKS[transport], low, high,
            [name, description, description_ja, note, note_ja],
            " | ".join(FLAGS[flag] for flag in sorted(flags)) or "0")


def iana_row(line):
    """The row of a line of IANA; None when it assigns no tcp or udp port."""
    if line.startswith("#"):
        return None
    dump = DUMP_LINE.fullmatch(line)
    if dump:
        name, ports, transports, description = dump.groups()
        low, high = port_range(ports)
        if not name:
            raise Malformed("service name is empty")
    else:
        line, _, description = line.partition("#")
        words = line.replace("\t", " ").split(" ")
        words = [word for word in words if word]
        if not words:
            return None
        if len(words) < 2 or "/" not in words[1]:
            raise Malformed('expected "name port/transport"')
        name = words[0]
        ports, _, transports = words[1].partition("/")
        low, high = port_range(ports)
    transports = set(transports.split("/"))
    if not transports <= {"tcp", "udp", "sctp", "dccp"}:
        raise Malformed("unknown transport")
    transports &= {"tcp", "udp"}
    if not transports:
        return None
    mask = "both" if len(transports) == 2 else transports.pop()
    return MASKS[mask], low, high, [name, (description or "").strip(SPACE), "", "", ""], "0"


def read_rows(path, parse):
    """The rows of the file at path, with a warning about its bad lines."""
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    rows, malformed = [], []
    for number, line in enumerate(lines, 1):
        try:
            if line.endswith(b"\r"):
                line = line[:-1]
            if b"\0" in line:
                raise Malformed("not valid UTF-8 text")
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                raise Malformed("not valid UTF-8 text") from None
            row = parse(text)
        except Malformed as problem:
            malformed.append((number, problem))
            continue
        if row:
            rows.append(row)
    if not rows:
        warn(f"{path}: no service entries found ({len(lines)} lines read)")
    elif malformed:
        number, problem = malformed[0]
        s = "" if len(malformed) == 1 else "s"
        warn(f"{path}: {len(malformed)} malformed line{s} skipped "
             f"(first: line {number}: {problem})")
    return rows


def warn(message):
    print(f"portclass: warning: {message}", file=sys.stderr)


def c_string(text):
    """A C literal of text; NULL for an empty text."""
    if not text:
        return "NULL"
    literal = ""
    for byte in text.encode():
        char = chr(byte)
        if char in '"\\?':  # "?" too, so that no trigraph forms
            literal += "\\" + char
        elif " " <= char <= "~":
            literal += char
        else:
            literal += f"\\{byte:03o}"
    return f'"{literal}"'


def c_table(symbol, rows):
    lines = [f"const portclass_row_t {symbol}[] = {{"]
    for mask, low, high, texts, flags in rows:
        strings = ", ".join(c_string(text) for text in texts)
        lines.append(f"    {{{mask}, {low}, {high}, {{{strings}, {flags}}}}},")
    lines.append("    {0}, /* so that an empty table is valid C */")
    lines.append("};")
    lines.append(f"const size_t {symbol}_len = {len(rows)};")
    return "\n".join(lines) + "\n"


def generate(curated, iana):
    """The C file of the tables of the files curated and iana."""
    names = f"{os.path.basename(curated)} and {os.path.basename(iana)}"
    return (f"/* Generated from {names} by cmake/service_data.py; do not edit. */\n"
            '#include "embedded-data.h"\n\n'
            + c_table("portclass_curated_rows", read_rows(curated, curated_row)) + "\n"
            + c_table("portclass_iana_rows", read_rows(iana, iana_row)))


def main(curated, iana, output):
    text = generate(curated, iana)
    with open(output, "w", encoding="ascii") as f:
        f.write(text)


if __name__ == "__main__":
    main(*sys.argv[1:])
