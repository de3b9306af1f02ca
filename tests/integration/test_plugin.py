"""The plugin as Wireshark sees it: loading, registration and the tree it
builds."""

import re
import unittest

from tsharkrun import TsharkTestCase

EXPECTED_FIELDS = {
    "portclass": "FT_PROTOCOL",
    "portclass.transport": "FT_STRING",
    "portclass.quoted": "FT_BOOLEAN",
    "portclass.src.port": "FT_UINT16",
    "portclass.src.class": "FT_STRING",
    "portclass.src.service": "FT_STRING",
    "portclass.src.description": "FT_STRING",
    "portclass.src.iana_name": "FT_STRING",
    "portclass.dst.port": "FT_UINT16",
    "portclass.dst.class": "FT_STRING",
    "portclass.dst.service": "FT_STRING",
    "portclass.dst.description": "FT_STRING",
    "portclass.dst.iana_name": "FT_STRING",
    "portclass.port": "FT_UINT16",
    "portclass.class": "FT_STRING",
    "portclass.service": "FT_STRING",
    "portclass.direction": "FT_STRING",
    "portclass.role_evidence": "FT_STRING",
    "portclass.server.port": "FT_UINT16",
    "portclass.server.class": "FT_STRING",
    "portclass.server.service": "FT_STRING",
    "portclass.server.description": "FT_STRING",
    "portclass.server.cleartext": "FT_BOOLEAN",
    "portclass.client.port": "FT_UINT16",
    "portclass.client.class": "FT_STRING",
    "portclass.client.ephemeral": "FT_STRING",
    "portclass.port_state": "FT_STRING",
    "portclass.payload": "FT_STRING",
    "portclass.nonstandard": "FT_BOOLEAN",
    # Expert infos: their summary is the name, and they have no description.
    "portclass.expert.port_open": "FT_NONE",
    "portclass.expert.port_closed": "FT_NONE",
    "portclass.expert.nonstandard": "FT_NONE",
    "portclass.expert.cleartext": "FT_NONE",
    "portclass.expert.cleartext_data": "FT_NONE",
    "portclass.expert.port_zero": "FT_NONE",
    "portclass.expert.dynamic_server": "FT_NONE",
    "portclass.expert.well_known_client": "FT_NONE",
}


def portclass_log_lines(stderr):
    # "[portclass WARNING]" from Wireshark 3.6 on, "portclass-WARNING" (GLib) in 3.4.
    return [line for line in stderr.splitlines()
            if "[portclass" in line or "portclass-WARNING" in line]


class RegistrationTest(TsharkTestCase):
    def test_listed_as_dissector_plugin(self):
        plugins = self.tshark.run("-G", "plugins").stdout.splitlines()
        rows = [line.split("\t") for line in plugins if "portclass.so" in line]
        self.assertEqual(len(rows), 1)
        self.assertEqual([cell.strip() for cell in rows[0][:3]],
                         ["portclass.so", "0.1.0", "dissector"])

    def test_protocol_names(self):
        protocols = [line.split("\t")[:3]
                     for line in self.tshark.run("-G", "protocols").stdout.splitlines()]
        self.assertIn(["Port Classification", "PortClass", "portclass"], protocols)

    def test_fields_and_descriptions(self):
        found = {}
        for line in self.tshark.run("-G", "fields").stdout.splitlines():
            cols = line.split("\t")
            if cols[0] == "P" and cols[2] == "portclass":
                found[cols[2]] = ("FT_PROTOCOL", "")
            elif cols[0] == "F" and cols[4] == "portclass":
                found[cols[2]] = (cols[3], cols[7])
        self.assertEqual({name: kind for name, (kind, _) in found.items()}, EXPECTED_FIELDS)
        for name, (_, description) in found.items():
            if name != "portclass" and not name.startswith("portclass.expert."):
                with self.subTest(field=name):
                    # A full sentence: it is what tshark -G fields shows users.
                    self.assertRegex(description, r"^[A-Z].*\.$")

    def test_column_titles_are_distinct(self):
        # A column added from a field takes its display name as its title:
        # source and destination fields must say their side.
        names = [line.split("\t")[1] for line in self.tshark.run("-G", "fields").stdout.splitlines()
                 if line.startswith("F\t") and line.split("\t")[4] == "portclass"
                 and not line.split("\t")[2].startswith("portclass.expert.")]
        self.assertEqual(len(names), len(EXPECTED_FIELDS) - 9)
        self.assertEqual(sorted(set(names)), sorted(names))

    def test_no_message_on_a_healthy_start(self):
        result = self.tshark.run("-n", "-r", self.tshark.capture("seed-services.pcap"))
        self.assertEqual(portclass_log_lines(result.stderr), [])


class TreeTest(TsharkTestCase):
    def top_level_lines(self, capture, frame):
        output = self.tshark.run("-n", "-V", "-r", self.tshark.capture(capture), "-Y",
                                 f"frame.number == {frame}").stdout
        return [line for line in output.splitlines() if line and not line.startswith(" ")]

    def subtree(self, capture, frame):
        output = self.tshark.run("-n", "-V", "-O", "portclass", "-r",
                                 self.tshark.capture(capture), "-Y",
                                 f"frame.number == {frame}").stdout.splitlines()
        start = next(i for i, line in enumerate(output) if line.startswith("[Port Class"))
        end = next((i for i in range(start + 1, len(output)) if not output[i].startswith(" ")),
                   len(output))
        return output[start:end]

    def test_subtree_of_an_https_request(self):
        self.assertEqual(self.subtree("seed-services.pcap", 34), [
            "[Port Classification: 50443 (dynamic) -> 443 (well-known, HTTPS)]",
            "    [Transport: TCP]",
            "    [Source port: 50443, dynamic/private (49152-65535): the client's ephemeral port "
            "(IANA and Linux default ranges)]",
            "    [Destination port: 443, well-known (0-1023): HTTPS, encrypted web browsing "
            "(HTTP over TLS) (IANA: https, \"http protocol over TLS/SSL\")]",
            "    [Direction: client-to-server]",
            "    [Role evidence: syn]",
        ])

    def test_iana_only_port_label(self):
        lines = self.subtree("port-classes.pcap", 2)
        self.assertEqual(lines[0], "[Port Classification: 49152 (dynamic) -> 1 (well-known, tcpmux)]")
        self.assertIn("    [Destination port: 1, well-known (0-1023): tcpmux, TCP Port Service "
                      "Multiplexer]", lines)

    def test_subtree_follows_its_transport_header(self):
        # The frame line is left out: its wording changed in Wireshark 4.6.
        self.assertEqual(self.top_level_lines("tunnels.pcap", 1)[1:], [
            "Ethernet II, Src: 02:00:00:00:00:01, Dst: 02:00:00:00:00:02",
            "Internet Protocol Version 4, Src: 203.0.113.1, Dst: 203.0.113.2",
            "User Datagram Protocol, Src Port: 49999, Dst Port: 4789",
            "[Port Classification: 49999 (dynamic) -> 4789 (registered, VXLAN)]",
            "Virtual eXtensible Local Area Network",
            "Ethernet II, Src: 02:00:00:00:00:01, Dst: 02:00:00:00:00:02",
            "Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2",
            "Transmission Control Protocol, Src Port: 50800, Dst Port: 22, Seq: 1, Ack: 1, Len: 23",
            "[Port Classification: 50800 (dynamic) -> 22 (well-known, SSH)]",
            "SSH Protocol",
        ])

    def test_quoted_header_follows_the_icmp_message(self):
        lines = self.top_level_lines("icmp-unreachable.pcap", 2)
        icmp = lines.index("Internet Control Message Protocol")
        self.assertEqual(lines[icmp + 1], "[Port Classification: 50900 (dynamic) -> 53 "
                                          "(well-known, DNS) [quoted in an ICMP error]]")

    def test_truncated_labels(self):
        self.assertEqual(self.subtree("truncated.pcap", 1)[0],
                         "[Port Classification: 50950 (dynamic) -> [destination port not "
                         "captured]]")
        self.assertEqual(self.subtree("truncated.pcap", 3)[0],
                         "[Port Classification: [source port not captured] -> [destination "
                         "port not captured]]")


if __name__ == "__main__":
    unittest.main()
