"""Display filters over portclass fields, as scripts use them."""

import unittest

from tsharkrun import TsharkTestCase


class FilterTest(TsharkTestCase):
    def frames(self, capture, display_filter):
        rows = self.tshark.fields(capture, ["frame.number"], display_filter)
        return [int(row[0]) for row in rows]

    def test_well_known_destinations_and_their_services(self):
        rows = self.tshark.fields("seed-services.pcap", ["frame.number", "portclass.dst.service"],
                                  'portclass.dst.class == "well-known"')
        # Every client-to-server packet, and nothing the servers sent back.
        self.assertEqual(rows, [
            ["1", "SSH"], ["3", "SSH"], ["5", "SSH"],
            ["6", "Telnet"], ["8", "Telnet"], ["10", "Telnet"],
            ["11", "SMTP"], ["13", "SMTP"], ["15", "SMTP"],
            ["17", "WHOIS"], ["19", "WHOIS"], ["20", "WHOIS"],
            ["22", "DNS"],
            ["24", "DNS"], ["26", "DNS"], ["27", "DNS"],
            ["29", "HTTP"], ["31", "HTTP"], ["32", "HTTP"],
            ["34", "HTTPS"], ["36", "HTTPS"], ["37", "HTTPS"],
        ])

    def test_either_side_service_matches_both_directions(self):
        self.assertEqual(self.frames("seed-services.pcap", 'portclass.service == "DNS"'),
                         list(range(22, 29)))

    def test_either_side_port(self):
        self.assertEqual(self.frames("seed-services.pcap", "portclass.port == 43"),
                         list(range(17, 22)))

    def test_either_side_class(self):
        self.assertEqual(self.frames("port-classes.pcap", 'portclass.class == "registered"'),
                         [4, 5, 9])

    def test_iana_name_differs_from_friendly_name(self):
        self.assertEqual(self.frames("seed-services.pcap", 'portclass.dst.iana_name == "nicname"'),
                         [17, 19, 20])

    def test_transport(self):
        self.assertEqual(self.frames("seed-services.pcap", 'portclass.transport == "UDP"'),
                         [22, 23])

    def test_protocol_filter_matches_every_tcp_udp_packet(self):
        plain = self.frames("tunnels.pcap", "tcp or udp")
        self.assertEqual(self.frames("tunnels.pcap", "portclass"), plain)


if __name__ == "__main__":
    unittest.main()
