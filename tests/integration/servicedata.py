"""Reads the curated rows of data/services.tsv, for tests that compare the
plugin's descriptions with the data file they come from."""

import os

from tsharkrun import SOURCE_DIR


def curated_rows():
    """{(transport, port): (service, description, description_ja)} for every
    single-port row; transport is 'tcp' or 'udp' ('both' rows appear twice)."""
    rows = {}
    with open(os.path.join(SOURCE_DIR, "data", "services.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            transport, ports, service, description, description_ja = cols[:5]
            if "-" in ports:
                continue
            for t in (["tcp", "udp"] if transport == "both" else [transport]):
                rows[(t, int(ports))] = (service, description, description_ja)
    return rows
