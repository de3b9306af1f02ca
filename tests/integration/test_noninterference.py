"""The plugin adds its own subtrees and changes nothing else: -V output
without the portclass subtrees, the one-line summaries and the expert infos
of Warning and above are byte-identical with and without it, and it raises
a capture's highest severity only to a Note, where the capture calls for
one. Its own expert infos are the same whether or not tshark builds a tree.

Each capture goes through tshark four times, with and without the plugin,
each time printing every output these tests read:

    -n -V -P -z expert    (a tree)      summary lines, details, expert infos
    -n -z expert          (no tree)     summary lines, expert infos
"""

import re
import unittest

from tsharkrun import CAPTURES, Tshark, TsharkTestCase, in_parallel

SEVERITIES = ["Errors", "Warns", "Notes", "Chats", "Comments"]
SECTION = re.compile(r"^(" + "|".join(SEVERITIES) + r") \(\d+\)$")
# The captures on which portclass raises a Note (a login in cleartext, a
# protocol off its ports, port 0), by what pcaps/README.md says they hold.
RAISED_TO_NOTE = {"cleartext-logins.pcap", "ftp-active.pcap", "ftp-passive.pcap",
                  "nonstandard-ports.pcap", "port-classes.pcap", "port-zero.pcap"}
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
    packets = lines[:start]
    while packets and not packets[-1]:
        packets.pop()
    sections, current = {}, None
    for line in lines[start:]:
        match = SECTION.match(line)
        if match:
            current = sections.setdefault(match.group(1), [])
        elif current is not None and line.strip() and not line.startswith("=") \
                and "Frequency" not in line:
            current.append(line)
    return packets, sections


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


def highest(sections):
    """The name of the highest severity listed, or None."""
    return next((severity for severity in SEVERITIES if sections.get(severity)), None)


def portclass_lines(sections):
    return sorted(line for lines in sections.values() for line in lines if "PortClass" in line)


class NonInterferenceTest(TsharkTestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bare = Tshark(with_plugin=False)
        runs = [(setup, capture, args) for capture in CAPTURES
                for setup in (cls.tshark, cls.bare) for args in (TREE, NO_TREE)]
        outputs = in_parallel(lambda setup, capture, args: split_expert(
            setup.run(*args, "-r", setup.capture(capture)).stdout), runs)
        cls.outputs = {(setup is cls.tshark, capture, args): output
                       for (setup, capture, args), output in zip(runs, outputs)}

    @classmethod
    def tearDownClass(cls):
        cls.bare.cleanup()
        super().tearDownClass()

    def both(self, capture, args):
        """((packet lines, expert sections) with the plugin, the same without)."""
        return self.outputs[(True, capture, args)], self.outputs[(False, capture, args)]

    def test_plugin_absent_from_bare_setup(self):
        self.assertNotIn("portclass", self.bare.run("-G", "plugins").stdout)

    def test_verbose_output_identical_but_for_portclass(self):
        # The details hold every other protocol's shown fields and expert
        # infos; -P puts each packet's summary line before them.
        for capture in CAPTURES:
            with self.subTest(capture=capture):
                (with_plugin, _), (without, _) = self.both(capture, TREE)
                self.assertTrue(any(line.startswith("[Port Classification")
                                    for line in with_plugin))
                self.assertFalse(any("Port Classification" in line for line in without))
                self.assertEqual(without_portclass_subtrees(with_plugin), without)

    def test_summary_lines_identical_without_a_tree(self):
        for capture in CAPTURES:
            with self.subTest(capture=capture):
                (with_plugin, _), (without, _) = self.both(capture, NO_TREE)
                self.assertTrue(without)
                self.assertEqual(with_plugin, without)

    def test_expert_warnings_identical(self):
        # Warning is Wireshark's "something may be wrong here"; portclass's
        # expert infos are Chats and Notes, so it adds nothing at Warning or
        # above.
        for capture in CAPTURES:
            for args in (TREE, NO_TREE):
                with self.subTest(capture=capture, tree=args is TREE):
                    (_, with_plugin), (_, without) = self.both(capture, args)
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
        # in cleartext, a protocol off its ports or port 0.
        order = {severity: rank for rank, severity in enumerate(SEVERITIES)}
        for capture in CAPTURES:
            with self.subTest(capture=capture):
                (_, with_plugin), (_, without) = self.both(capture, TREE)
                raised = "Notes" if capture in RAISED_TO_NOTE else "Chats"
                bare = highest(without)
                expected = raised if bare is None else min(bare, raised, key=order.get)
                self.assertEqual(highest(with_plugin), expected)
                if capture in RAISED_TO_NOTE:
                    self.assertNotIn(bare, ("Errors", "Warns", "Notes"))

    def test_expert_infos_without_a_tree(self):
        # tshark -z expert alone builds no tree: portclass's infos then come
        # from its cheap path. They must equal those of a run that builds a
        # tree.
        for capture in CAPTURES:
            with self.subTest(capture=capture):
                (_, no_tree), _ = self.both(capture, NO_TREE)
                (_, tree), _ = self.both(capture, TREE)
                self.assertEqual(portclass_lines(no_tree), portclass_lines(tree))
        self.assertTrue(portclass_lines(self.both("syn-scan.pcap", NO_TREE)[0][1]))


if __name__ == "__main__":
    unittest.main()
