"""The comparisons of tests/wireshark_suite.py: removing portclass's own
layers and expert entries from an output gives the output without the
plugin, and any other difference is still caught. Synthetic outputs, no
tshark run.

A check of the test harness, not of the plugin: tests/harness-checks.sh
runs it (and .ci/run), not ctest.
"""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import wireshark_suite as ws  # noqa: E402

UDP = {"udp.srcport": "68", "udp.dstport": "67"}
PORTCLASS = {"portclass.transport": "UDP", "portclass.src.port": "68"}
DHCP = {"dhcp.type": "1"}


def packet(with_plugin, dhcp=DHCP):
    layers = [("frame", {"frame.number": "1"}), ("udp", UDP)]
    if with_plugin:
        layers += [("portclass_raw", ["0044", 34, 4, 0, 1]), ("portclass", PORTCLASS)]
    layers.append(("dhcp", dhcp))
    return {"_index": "packets", "_source": {"layers": dict(layers)}}


def listing(*sections):
    lines = []
    for label, entries in sections:
        lines += ["", f"{label} ({sum(count for count, _, _, _ in entries)})", "=============",
                  "   Frequency      Group           Protocol  Summary"]
        lines += [f"{count:12d} {group:>10s} {protocol:>18s}  {summary}"
                  for count, group, protocol, summary in entries]
    return lines


GIT = "git:// has no encryption or authentication, so code can be read, changed"
MALFORMED = (1, "Malformed", "Git", "Malformed Packet")


class JsonTest(unittest.TestCase):
    def test_portclass_layers_removed(self):
        with_plugin = json.dumps([packet(True), packet(True)], indent=2)
        without = json.dumps([packet(False), packet(False)], indent=2)
        self.assertEqual(ws.compare_json(with_plugin, without, multiline=False),
                         (True, "4 portclass layers removed"))

    def test_other_difference_caught(self):
        with_plugin = json.dumps([packet(True, {"dhcp.type": "2"})])
        ok, detail = ws.compare_json(with_plugin, json.dumps([packet(False)]), multiline=False)
        self.assertFalse(ok, detail)

    def test_order_and_repeated_keys_count(self):
        # tshark's JSON repeats keys; a dict would keep only the last one.
        with_plugin = '{"layers": {"udp": {"a": "1", "a": "2"}, "portclass": {}}}'
        self.assertTrue(ws.compare_json(with_plugin, '{"layers": {"udp": {"a": "1", "a": "2"}}}',
                                        multiline=False)[0])
        self.assertFalse(ws.compare_json(with_plugin, '{"layers": {"udp": {"a": "2", "a": "1"}}}',
                                         multiline=False)[0])

    def test_no_portclass_layer_is_not_verified(self):
        text = json.dumps([packet(False)])
        self.assertEqual(ws.compare_json(text, text, multiline=False),
                         (False, "no portclass layer in the output with the plugin"))

    def test_ek_lines(self):
        def ek(with_plugin):
            index = json.dumps({"index": {"_index": "packets"}})
            layers = {"udp": {"udp_udp_srcport": "68"}}
            if with_plugin:
                layers["portclass"] = {"filtered": "portclass"}
            return index + "\n" + json.dumps({"timestamp": "1", "layers": layers}) + "\n"
        self.assertEqual(ws.compare_json(ek(True), ek(False), multiline=True),
                         (True, "1 portclass layers removed"))
        self.assertFalse(ws.compare_json(ek(True), ek(False) + ek(False), multiline=True)[0])


class ExpertTest(unittest.TestCase):
    def test_section_of_portclass_only_goes(self):
        fields = ["50\t\tExpert Info (Note/Security): " + GIT, "\t0\t"]
        with_plugin = fields + listing(("Errors", [MALFORMED]),
                                       ("Notes", [(1, "Security", "PortClass", GIT)]))
        without = ["50\t\t", "\t0\t"] + listing(("Errors", [MALFORMED]))
        self.assertEqual(ws.compare_expert("\n".join(with_plugin) + "\n",
                                           "\n".join(without) + "\n"),
                         (True, "1 portclass expert entries removed"))

    def test_totals_recomputed(self):
        chat = (3, "Sequence", "TCP", "Connection establish request (SYN)")
        with_plugin = listing(("Notes", [(2, "Security", "PortClass", GIT), chat]))
        without = listing(("Notes", [chat]))
        self.assertEqual(ws.compare_expert("\n".join(with_plugin), "\n".join(without)),
                         (True, "1 portclass expert entries removed"))

    def test_other_expert_value_kept(self):
        other = "Expert Info (Error/Malformed): Malformed Packet"
        line = f"50\t{other},Expert Info (Note/Security): {GIT}"
        self.assertEqual(ws.strip_expert_fields([line], {GIT}), [f"50\t{other}"])
        line = f"50\tExpert Info (Note/Security): {GIT},{other}"
        self.assertEqual(ws.strip_expert_fields([line], {GIT}), [f"50\t{other}"])

    def test_other_difference_caught(self):
        with_plugin = listing(("Warns", [(1, "Security", "PortClass", GIT), MALFORMED]))
        self.assertFalse(ws.compare_expert("\n".join(with_plugin), "")[0])
        self.assertFalse(ws.compare_expert("\n".join(listing(("Errors", [MALFORMED]))),
                                           "\n".join(listing(("Errors", [MALFORMED]))))[0])


class NamesTest(unittest.TestCase):
    def test_exceptions_match_by_suite_and_function(self):
        self.assertEqual(ws.exception_for(
            "test/suite_dissection.py::case_dissect_git::test_git_prot")[1], "test_git_prot")
        self.assertEqual(ws.exception_for(
            "test/suite_outputformats.py::TestOutputFormats::test_outputformat_ek")[1],
            "test_outputformat_ek")
        self.assertIsNone(ws.exception_for(
            "test/suite_dissection.py::case_dissect_tls::test_quic_tls_handshake_reassembly"))
        self.assertIsNone(ws.exception_for("test/suite_io.py::case_io::test_git_prot"))

    def test_node_id_from_junit_classname(self):
        with tempfile.TemporaryDirectory() as source:
            os.makedirs(os.path.join(source, "test", "suite_dfilter"))
            for name in ("test/suite_io.py", "test/suite_dfilter/group_slice.py"):
                open(os.path.join(source, name), "w").close()
            self.assertEqual(ws.node_id(source, "test.suite_io.case_io", "test_a"),
                             "test/suite_io.py::case_io::test_a")
            self.assertEqual(ws.node_id(source, "test.suite_dfilter.group_slice.case_slice",
                                        "test_b[x]"),
                             "test/suite_dfilter/group_slice.py::case_slice::test_b[x]")


if __name__ == "__main__":
    unittest.main()
