"""The plugin adds its own subtrees and changes nothing else: -V output
without the portclass subtrees, the one-line summaries and the expert infos
of Warning and above are byte-identical with and without it, and it raises
a capture's highest severity only to a Note, where the capture calls for
one. Its own expert infos are the same whether or not tshark builds a tree.

Every capture is read in four tshark runs, with and without the plugin,
each over all the captures one after the other (all.pcap, as
test_order.py and test_stats.py make it) and printing every output these
tests read; the packets' output is compared capture by capture:

    -n -V -P -z expert    (a tree)      summary lines, details, expert infos
    -n -z expert          (no tree)     summary lines, expert infos
"""

import os
import re
import unittest

from tsharkrun import (CAPTURES, PCAPS_DIR, Tshark, TsharkTestCase, concatenated, in_parallel,
                       pcap_frame_count)

SEVERITIES = ["Errors", "Warns", "Notes", "Chats", "Comments"]
# How the details name each severity: [Expert Info (Note/Security): ...]
DETAIL_SEVERITIES = {"Error": "Errors", "Warning": "Warns", "Warn": "Warns", "Note": "Notes",
                     "Chat": "Chats", "Comment": "Comments"}
SECTION = re.compile(r"^(" + "|".join(SEVERITIES) + r") \(\d+\)$")
SUMMARY = re.compile(r"^ *(\d+) +-?\d+\.\d+ ")
EXPERT_DETAIL = re.compile(r"\[Expert Info \((\w+)/")
# The captures on which portclass raises a Note (a login in cleartext, a
# protocol off its ports, port 0), by what pcaps/README.md says they hold.
# The captures that hold one of portclass's Notes (a login in cleartext, a
# protocol off its ports, port 0), by what pcaps/README.md says they hold:
# only on these may the plugin lift the highest severity to Note.
# classroom-minute.pcap: its scan sends SYNs to FTP, Telnet, POP3 and
# IMAP; open-doors.pcap: SYNs to Telnet on every host, and the Telnet login
# on 192.0.2.102. Wireshark's own RST Warnings stay their highest severity.
HOLDING_A_NOTE = {"classroom-minute.pcap", "cleartext-logins.pcap", "ftp-active.pcap",
                  "ftp-passive.pcap", "nonstandard-ports.pcap", "open-doors.pcap",
                  "port-classes.pcap", "port-zero.pcap", "seed-services.pcap", "starttls.pcap",
                  "syn-scan.pcap"}
TREE = ("-n", "-V", "-P", "-z", "expert")
NO_TREE = ("-n", "-z", "expert")


def split_expert(output):
    """(the packets' lines, {severity: [lines]}) of a tshark run with
    -z expert: the tap's listing follows the packets."""
    lines = output.splitlines()
    start = len(lines)
    for index, line in enumerate(lines):
        if SECTION.match(line) and lines[index + 1:index + 2] == ["============="]:
            start = index
            break
    sections, current = {}, None
    for line in lines[start:]:
        match = SECTION.match(line)
        if match:
            current = sections.setdefault(match.group(1), [])
        elif current is not None and line.strip() and not line.startswith("=") \
                and "Frequency" not in line:
            current.append(line)
    return lines[:start], sections


def by_frame(lines):
    """{frame: [lines]}: each packet's summary line (with -P or without -V)
    and the details that follow it; the blank lines between packets go."""
    frames, current = {}, None
    for line in lines:
        match = SUMMARY.match(line)
        if match:
            current = frames.setdefault(int(match.group(1)), [])
        if current is not None and line:
            current.append(line)
    return frames


def without_portclass_subtrees(lines):
    """Drops every top-level "[Port Classification..." item and its children."""
    kept, skipping = [], False
    for line in lines:
        if line.startswith("[Port Classification"):
            skipping = True
            continue
        if skipping and line.startswith(" "):
            continue
        skipping = False
        kept.append(line)
    return kept


def highest(severities):
    """The highest of severity names (SEVERITIES), or None."""
    return next((severity for severity in SEVERITIES if severity in severities), None)


def portclass_lines(sections):
    return sorted(line for lines in sections.values() for line in lines if "PortClass" in line)


class NonInterferenceTest(TsharkTestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bare = Tshark(with_plugin=False)
        data = concatenated([os.path.join(PCAPS_DIR, name) for name in CAPTURES])
        for setup in (cls.tshark, cls.bare):
            setup.write_file("all.pcap", data)
        # (capture, its frames in all.pcap)
        cls.spans, first = [], 1
        for capture in CAPTURES:
            count = pcap_frame_count(os.path.join(PCAPS_DIR, capture))
            cls.spans.append((capture, range(first, first + count)))
            first += count
        runs = [(setup, args) for setup in (cls.tshark, cls.bare) for args in (TREE, NO_TREE)]
        outputs = in_parallel(lambda setup, args: split_expert(
            setup.run(*args, "-r", setup.capture("all.pcap")).stdout), runs)
        cls.outputs = {(setup is cls.tshark, args): (by_frame(lines), sections)
                       for (setup, args), (lines, sections) in zip(runs, outputs)}

    @classmethod
    def tearDownClass(cls):
        cls.bare.cleanup()
        super().tearDownClass()

    def both(self, args):
        """(({frame: lines}, expert sections) with the plugin, the same
        without)."""
        return self.outputs[(True, args)], self.outputs[(False, args)]

    def test_plugin_absent_from_bare_setup(self):
        self.assertNotIn("portclass", self.bare.run("-G", "plugins").stdout)

    def test_every_frame_read(self):
        frames = sum(len(span) for _, span in self.spans)
        for args in (TREE, NO_TREE):
            for (packets, _) in self.both(args):
                self.assertEqual(sorted(packets), list(range(1, frames + 1)))

    def test_verbose_output_identical_but_for_portclass(self):
        # The details hold every other protocol's shown fields and expert
        # infos; -P puts each packet's summary line before them.
        (with_plugin, _), (without, _) = self.both(TREE)
        for capture, span in self.spans:
            with self.subTest(capture=capture):
                self.assertTrue(any(line.startswith("[Port Classification")
                                    for frame in span for line in with_plugin[frame]))
                for frame in span:
                    self.assertFalse(any("Port Classification" in line
                                         for line in without[frame]))
                    self.assertEqual(without_portclass_subtrees(with_plugin[frame]),
                                     without[frame], f"frame {frame} of all.pcap")

    def test_summary_lines_identical_without_a_tree(self):
        (with_plugin, _), (without, _) = self.both(NO_TREE)
        for capture, span in self.spans:
            with self.subTest(capture=capture):
                self.assertEqual([with_plugin[frame] for frame in span],
                                 [without[frame] for frame in span])

    def test_expert_warnings_identical(self):
        # Warning is Wireshark's "something may be wrong here"; portclass's
        # expert infos are Chats and Notes, so it adds nothing at Warning or
        # above.
        for args in (TREE, NO_TREE):
            with self.subTest(tree=args is TREE):
                (_, with_plugin), (_, without) = self.both(args)
                for severity in ("Errors", "Warns"):
                    self.assertEqual(with_plugin.get(severity), without.get(severity))
                for severity in ("Notes", "Chats", "Comments"):
                    self.assertEqual([line for line in with_plugin.get(severity, [])
                                      if "PortClass" not in line],
                                     without.get(severity, []))

    def test_highest_severity_rises_only_for_a_note(self):
        # The status bar's expert indicator shows a capture's highest
        # severity. portclass adds Chats for the normal flow, so it can
        # lift the highest severity to Note only on captures with a login
        # in cleartext, a protocol off its ports or port 0 (on the others,
        # at most to Chat), whatever Wireshark itself raises there.
        order = {severity: rank for rank, severity in enumerate(SEVERITIES)}

        def severities(packets, span):
            return {DETAIL_SEVERITIES[match] for frame in span for line in packets[frame]
                    for match in EXPERT_DETAIL.findall(line)}
        (with_plugin, _), (without, _) = self.both(TREE)
        for capture, span in self.spans:
            with self.subTest(capture=capture):
                raised = "Notes" if capture in HOLDING_A_NOTE else "Chats"
                bare = highest(severities(without, span))
                expected = raised if bare is None else min(bare, raised, key=order.get)
                self.assertEqual(highest(severities(with_plugin, span)), expected)

    def test_expert_infos_without_a_tree(self):
        # tshark -z expert alone builds no tree: portclass's infos then come
        # from its cheap path. They must equal those of a run that builds a
        # tree.
        (_, no_tree), _ = self.both(NO_TREE)
        (_, tree), _ = self.both(TREE)
        self.assertTrue(portclass_lines(no_tree))
        self.assertEqual(portclass_lines(no_tree), portclass_lines(tree))


if __name__ == "__main__":
    unittest.main()
