"""Exact portclass field values over the captures in pcaps/ (see
pcaps/README.md for what each holds and how it is made)."""

import unittest

from servicedata import curated_rows
from tsharkrun import TsharkTestCase

SIDE_FIELDS = ["port", "class", "service", "iana_name", "description"]


def side(prefix):
    return [f"portclass.{prefix}.{name}" for name in SIDE_FIELDS]


FIELDS = ["frame.number", "portclass.transport"] + side("src") + side("dst") + [
    "portclass.quoted"]


def as_bool(value):
    """tshark prints booleans as 0/1 up to 4.0 and True/False later."""
    return {"0": False, "1": True, "False": False, "True": True}[value]


class FieldsTestCase(TsharkTestCase):
    CURATED = curated_rows()

    def packets(self, capture, display_filter=None):
        """{frame number: {field: value}} for a capture."""
        rows = self.tshark.fields(capture, FIELDS, display_filter)
        return {int(row[0]): dict(zip(FIELDS[1:], row[1:])) for row in rows}

    def assert_side(self, packet, prefix, port, cls, service="", iana_name=""):
        self.assertEqual(packet[f"portclass.{prefix}.port"], str(port))
        self.assertEqual(packet[f"portclass.{prefix}.class"], cls)
        self.assertEqual(packet[f"portclass.{prefix}.service"], service)
        self.assertEqual(packet[f"portclass.{prefix}.iana_name"], iana_name)

    def assert_curated_description(self, packet, prefix, transport, port):
        expected = self.CURATED[(transport, port)][1]
        self.assertEqual(packet[f"portclass.{prefix}.description"], expected)


class SeedServicesTest(FieldsTestCase):
    """Every service of the source article's table, over its transport."""

    # (first frame: client's SYN or datagram, reply frame, transport,
    #  client port, server port, service, IANA name)
    CONVERSATIONS = [
        (1, 2, "TCP", 50022, 22, "SSH", "ssh"),
        (6, 7, "TCP", 50023, 23, "Telnet", "telnet"),
        (11, 12, "TCP", 50025, 25, "SMTP", "smtp"),
        (17, 18, "TCP", 50043, 43, "WHOIS", "nicname"),
        (22, 23, "UDP", 50053, 53, "DNS", "domain"),
        (24, 25, "TCP", 50054, 53, "DNS", "domain"),
        (29, 30, "TCP", 50080, 80, "HTTP", "http"),
        (34, 35, "TCP", 50443, 443, "HTTPS", "https"),
    ]

    def test_each_service_both_directions(self):
        packets = self.packets("seed-services.pcap")
        for request, reply, transport, client, server, service, iana in self.CONVERSATIONS:
            with self.subTest(service=service, transport=transport):
                ask, answer = packets[request], packets[reply]
                self.assertEqual(ask["portclass.transport"], transport)
                self.assert_side(ask, "src", client, "dynamic")
                self.assert_side(ask, "dst", server, "well-known", service, iana)
                self.assert_curated_description(ask, "dst", transport.lower(), server)
                self.assertEqual(ask["portclass.src.description"], "")
                self.assertFalse(as_bool(ask["portclass.quoted"]))
                self.assert_side(answer, "src", server, "well-known", service, iana)
                self.assert_side(answer, "dst", client, "dynamic")

    def test_every_packet_is_annotated_once(self):
        packets = self.packets("seed-services.pcap")
        self.assertEqual(sorted(packets), list(range(1, 38)))
        for number, packet in packets.items():
            self.assertNotIn(",", packet["portclass.src.port"], f"frame {number}")

    def test_seed_descriptions_are_plain_language(self):
        packets = self.packets("seed-services.pcap")
        self.assertEqual(packets[1]["portclass.dst.description"],
                         "encrypted remote login and file transfer with a server")
        self.assertEqual(packets[6]["portclass.dst.description"],
                         "remote login with no encryption at all")
        self.assertEqual(packets[34]["portclass.dst.description"],
                         "encrypted web browsing (HTTP over TLS)")


class FtpTest(FieldsTestCase):
    def test_active_mode_data_from_port_20(self):
        packets = self.packets("ftp-active.pcap")
        self.assert_side(packets[1], "dst", 21, "well-known", "FTP", "ftp")
        # The server opens the data connection from port 20.
        self.assert_side(packets[13], "src", 20, "well-known", "FTP-DATA", "ftp-data")
        self.assert_side(packets[13], "dst", 50005, "dynamic")
        self.assert_curated_description(packets[13], "src", "tcp", 20)
        self.assert_side(packets[14], "dst", 20, "well-known", "FTP-DATA", "ftp-data")

    def test_passive_mode_data_on_dynamic_ports(self):
        packets = self.packets("ftp-passive.pcap")
        self.assert_side(packets[11], "dst", 21, "well-known", "FTP", "ftp")
        # Both ends of a passive data connection are unassigned dynamic ports.
        self.assert_side(packets[12], "src", 50032, "dynamic")
        self.assert_side(packets[12], "dst", 50000, "dynamic")
        self.assertEqual(packets[12]["portclass.dst.description"], "")


class ClassBoundariesTest(FieldsTestCase):
    # (frame, source port, its class, destination port, its class, dst service)
    DATAGRAMS = [
        (1, 49152, "dynamic", 0, "well-known", ""),
        (2, 49152, "dynamic", 1, "well-known", "tcpmux"),
        (3, 49152, "dynamic", 1023, "well-known", ""),
        (4, 49152, "dynamic", 1024, "registered", ""),
        (5, 49152, "dynamic", 49151, "registered", ""),
        (6, 49152, "dynamic", 49152, "dynamic", ""),
        (7, 49152, "dynamic", 65535, "dynamic", ""),
        (8, 65535, "dynamic", 1, "well-known", "tcpmux"),
        (9, 0, "well-known", 1024, "registered", ""),
    ]

    def test_boundaries(self):
        packets = self.packets("port-classes.pcap")
        for frame, src, src_class, dst, dst_class, service in self.DATAGRAMS:
            with self.subTest(frame=frame, dst=dst):
                packet = packets[frame]
                self.assertEqual(packet["portclass.transport"], "UDP")
                self.assert_side(packet, "src", src, src_class)
                self.assert_side(packet, "dst", dst, dst_class, service, service)

    def test_iana_only_port_keeps_iana_description(self):
        packets = self.packets("port-classes.pcap")
        self.assertEqual(packets[2]["portclass.dst.description"], "TCP Port Service Multiplexer")


class EncapsulationTest(FieldsTestCase):
    def test_ipv6(self):
        packets = self.packets("ipv6.pcap")
        self.assert_side(packets[1], "dst", 443, "well-known", "HTTPS", "https")
        self.assertEqual(packets[1]["portclass.transport"], "TCP")
        self.assert_side(packets[5], "src", 50611, "dynamic")
        self.assert_side(packets[5], "dst", 53, "well-known", "DNS", "domain")
        self.assertEqual(packets[5]["portclass.transport"], "UDP")

    def test_vlan_qinq_mpls(self):
        packets = self.packets("vlan.pcap")
        self.assert_side(packets[1], "dst", 80, "well-known", "HTTP", "http")
        self.assert_side(packets[5], "dst", 53, "well-known", "DNS", "domain")
        self.assert_side(packets[6], "dst", 123, "well-known", "NTP", "ntp")
        self.assert_side(packets[6], "src", 50702, "dynamic")

    def test_vxlan_outer_then_inner(self):
        rows = self.tshark.fields(
            "tunnels.pcap", ["portclass.transport", "portclass.src.port", "portclass.dst.port",
                             "portclass.dst.class", "portclass.dst.service",
                             "portclass.dst.iana_name"], "frame.number == 1")
        self.assertEqual(rows, [["UDP,TCP", "49999,50800", "4789,22", "registered,well-known",
                                 "VXLAN,SSH", "vxlan,ssh"]])

    def test_gtp_teredo_geneve_outer_then_inner(self):
        rows = self.tshark.fields(
            "tunnels.pcap", ["frame.number", "portclass.transport", "portclass.src.port",
                             "portclass.dst.port", "portclass.dst.class",
                             "portclass.dst.service", "portclass.dst.iana_name"],
            "frame.number >= 4")
        self.assertEqual(rows, [
            ["4", "UDP,UDP", "2152,50803", "2152,53", "registered,well-known", "GTP-U,DNS",
             "gtp-user,domain"],
            ["5", "UDP,TCP", "50804,50805", "3544,80", "registered,well-known", "Teredo,HTTP",
             "teredo,http"],
            ["6", "UDP,TCP", "49998,50806", "6081,22", "registered,well-known", "Geneve,SSH",
             "geneve,ssh"],
        ])

    def test_gre_and_ip_in_ip_inner_headers(self):
        packets = self.packets("tunnels.pcap")
        self.assert_side(packets[2], "src", 50801, "dynamic")
        self.assert_side(packets[2], "dst", 53, "well-known", "DNS", "domain")
        self.assert_side(packets[3], "dst", 80, "well-known", "HTTP", "http")
        self.assertEqual(packets[3]["portclass.transport"], "TCP")


class IcmpQuotedTest(FieldsTestCase):
    def test_icmp_port_unreachable_quotes_udp(self):
        packets = self.packets("icmp-unreachable.pcap")
        self.assertFalse(as_bool(packets[1]["portclass.quoted"]))
        quoted = packets[2]
        self.assertTrue(as_bool(quoted["portclass.quoted"]))
        self.assertEqual(quoted["portclass.transport"], "UDP")
        self.assert_side(quoted, "src", 50900, "dynamic")
        self.assert_side(quoted, "dst", 53, "well-known", "DNS", "domain")

    def test_icmpv6_port_unreachable_quotes_udp(self):
        packets = self.packets("icmp-unreachable.pcap")
        self.assertFalse(as_bool(packets[3]["portclass.quoted"]))
        quoted = packets[4]
        self.assertTrue(as_bool(quoted["portclass.quoted"]))
        self.assert_side(quoted, "src", 50901, "dynamic")
        self.assert_side(quoted, "dst", 123, "well-known", "NTP", "ntp")

    def test_icmp_and_icmpv6_quote_tcp(self):
        packets = self.packets("icmp-unreachable-tcp.pcap")
        for frame, client, server, service, iana in [(2, 50120, 8080, "HTTP-Alt", "http-alt"),
                                                    (4, 50121, 8443, "HTTPS-Alt",
                                                     "pcsync-https")]:
            with self.subTest(frame=frame):
                quoted = packets[frame]
                self.assertTrue(as_bool(quoted["portclass.quoted"]))
                self.assertEqual(quoted["portclass.transport"], "TCP")
                self.assert_side(quoted, "src", client, "dynamic")
                self.assert_side(quoted, "dst", server, "registered", service, iana)

    def test_quoted_filter(self):
        rows = self.tshark.fields("icmp-unreachable.pcap", ["frame.number"],
                                  "portclass.quoted == 1")
        self.assertEqual(rows, [["2"], ["4"]])


class PortFactsTest(FieldsTestCase):
    def test_port_zero_is_well_known_and_unassigned(self):
        packets = self.packets("port-zero.pcap")
        self.assert_side(packets[1], "dst", 0, "well-known")
        self.assertEqual(packets[1]["portclass.transport"], "UDP")
        self.assert_side(packets[2], "src", 0, "well-known")
        self.assert_side(packets[2], "dst", 80, "well-known", "HTTP", "http")

    def test_linux_ephemeral_port_keeps_its_iana_name(self):
        # The per-side fields are facts about the numbers: 40000 is IANA's
        # "safetynetp" even when a Linux client picked it as its own port.
        packets = self.packets("linux-ephemeral.pcap")
        self.assert_side(packets[1], "src", 40000, "registered", "safetynetp", "safetynetp")
        self.assert_side(packets[1], "dst", 443, "well-known", "HTTPS", "https")


class TruncatedTest(FieldsTestCase):
    def test_source_port_only(self):
        packet = self.packets("truncated.pcap")[1]
        self.assertEqual(packet["portclass.transport"], "UDP")
        self.assert_side(packet, "src", 50950, "dynamic")
        self.assertEqual(packet["portclass.dst.port"], "")
        self.assertEqual(packet["portclass.dst.class"], "")

    def test_both_ports_nothing_after(self):
        packet = self.packets("truncated.pcap")[2]
        self.assertEqual(packet["portclass.transport"], "TCP")
        self.assert_side(packet, "src", 50951, "dynamic")
        self.assert_side(packet, "dst", 80, "well-known", "HTTP", "http")

    def test_no_port_captured(self):
        packet = self.packets("truncated.pcap")[3]
        self.assertEqual(packet["portclass.transport"], "UDP")
        self.assertEqual(packet["portclass.src.port"], "")
        self.assertEqual(packet["portclass.dst.port"], "")

    def test_next_packet_is_whole(self):
        packet = self.packets("truncated.pcap")[4]
        self.assert_side(packet, "dst", 53, "well-known", "DNS", "domain")


if __name__ == "__main__":
    unittest.main()
