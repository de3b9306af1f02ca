"""The plugin adds its own subtrees and changes nothing else: -V output
without the portclass subtrees, the one-line summaries and other protocols'
fields are byte-identical with and without it, and so are the expert infos
of Warning and above; two passes give the same portclass fields as one."""

import os
import unittest

from tsharkrun import PCAPS_DIR, Tshark, TsharkTestCase

CAPTURES = sorted(name for name in os.listdir(PCAPS_DIR) if name.endswith(".pcap"))
PORTCLASS_FIELDS = ["portclass.transport", "portclass.src.port", "portclass.src.class",
                    "portclass.src.service", "portclass.dst.port", "portclass.dst.class",
                    "portclass.dst.service", "portclass.dst.iana_name",
                    "portclass.dst.description", "portclass.quoted"]
PI_CHAT, PI_NOTE = 2097152, 4194304  # _ws.expert.severity of a Chat, a Note


def without_portclass_subtrees(verbose_output):
    """Drops every top-level "[Port Classification..." item and its children."""
    kept, skipping = [], False
    for line in verbose_output.splitlines():
        if line.startswith("[Port Classification"):
            skipping = True
            continue
        if skipping and line.startswith(" "):
            continue
        skipping = False
        kept.append(line)
    return kept


class NonInterferenceTest(TsharkTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bare = Tshark(with_plugin=False)

    @classmethod
    def tearDownClass(cls):
        cls.bare.cleanup()
        super().tearDownClass()

    def both(self, *args):
        """stdout of the same command with and without the plugin."""
        return (self.tshark.run(*args).stdout, self.bare.run(*args).stdout)

    def test_plugin_absent_from_bare_setup(self):
        self.assertNotIn("portclass", self.bare.run("-G", "plugins").stdout)

    def test_verbose_output_identical_but_for_portclass(self):
        for capture in CAPTURES:
            with self.subTest(capture=capture):
                with_plugin, without = self.both("-n", "-V", "-r", self.tshark.capture(capture))
                self.assertIn("[Port Classification", with_plugin)
                self.assertNotIn("Port Classification", without)
                self.assertEqual(without_portclass_subtrees(with_plugin), without.splitlines())

    def test_summary_lines_identical(self):
        for capture in CAPTURES:
            with self.subTest(capture=capture):
                with_plugin, without = self.both("-n", "-r", self.tshark.capture(capture))
                self.assertEqual(with_plugin, without)

    def test_other_fields_identical(self):
        # Other dissectors' expert infos are compared by the -V test above
        # (they sit in their own protocols' subtrees); _ws.expert here would
        # also list portclass's own.
        fields = ["-T", "fields", "-e", "frame.protocols", "-e", "tcp.port", "-e", "udp.port",
                  "-e", "_ws.col.Info"]
        for capture in CAPTURES:
            with self.subTest(capture=capture):
                with_plugin, without = self.both("-n", "-r", self.tshark.capture(capture),
                                                 *fields)
                self.assertEqual(with_plugin, without)

    def test_expert_warnings_identical(self):
        # Warning is Wireshark's "something may be wrong here"; portclass's
        # expert infos are Chats and Notes, so it adds nothing at Warning or
        # above.
        for capture in CAPTURES:
            with self.subTest(capture=capture):
                with_plugin, without = self.both("-n", "-q", "-r", self.tshark.capture(capture),
                                                 "-z", "expert,warn")
                self.assertEqual(with_plugin, without)
                self.assertNotIn("PortClass", with_plugin)

    def test_highest_severity_rises_only_for_a_note(self):
        # The status bar's expert indicator shows a capture's highest
        # severity. portclass adds Chats for the normal flow, so it can
        # lift the highest severity to Note only on captures with a login
        # in cleartext, a protocol off its ports or port 0: these, by what
        # pcaps/README.md says they hold.
        raised_to_note = {"cleartext-logins.pcap", "ftp-active.pcap", "ftp-passive.pcap",
                          "nonstandard-ports.pcap", "port-classes.pcap", "port-zero.pcap"}

        def highest(setup, capture):
            output = setup.run("-n", "-r", setup.capture(capture), "-T", "fields",
                               "-e", "_ws.expert.severity", "-E", "occurrence=a").stdout
            return max((int(value) for value in output.replace(",", "\n").split()), default=0)
        for capture in CAPTURES:
            with self.subTest(capture=capture):
                without = highest(self.bare, capture)
                expected = max(without, PI_NOTE if capture in raised_to_note else PI_CHAT)
                self.assertEqual(highest(self.tshark, capture), expected)
                if capture in raised_to_note:
                    self.assertLess(without, PI_NOTE)

    def test_two_pass_equals_one_pass(self):
        for capture in CAPTURES:
            with self.subTest(capture=capture):
                one = self.tshark.fields(capture, PORTCLASS_FIELDS)
                two = self.tshark.fields(capture, PORTCLASS_FIELDS, extra_args=["-2"])
                self.assertEqual(one, two)
                self.assertTrue(any(row != [""] * len(row) for row in one))


if __name__ == "__main__":
    unittest.main()
