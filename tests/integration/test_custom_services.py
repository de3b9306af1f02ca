"""Custom services (the portclass_services UAT): precedence over the
built-in data in every field that shows a service, the server side and the
statistics included; rows from -o and from the profile's file; every kind
of bad row. Exact values over the captures in pcaps/."""

import os
import re
import unittest

from tsharkrun import TsharkTestCase

SHOP = '"tcp","4444","LabShop","the class web shop",""'
SHOP_ARGS = ["-o", f"uat:portclass_services:{SHOP}"]


def uat(row):
    return ["-o", f"uat:portclass_services:{row}"]


def stats_counts(output):
    """{node name: count} from tshark -z portclass,tree output."""
    counts = {}
    for line in output.splitlines():
        match = re.match(r"^\s*(.*?)\s{2,}(\d+)\s", line)
        if match:
            counts.setdefault(match.group(1), int(match.group(2)))
    return counts


class PrecedenceTest(TsharkTestCase):
    def test_every_service_field_takes_the_custom_row(self):
        fields = ["frame.number", "portclass.src.service", "portclass.dst.service",
                  "portclass.dst.description", "portclass.server.service",
                  "portclass.server.description", "portclass.dst.iana_name"]
        rows = self.tshark.fields("nonstandard-ports.pcap", fields, "frame.number <= 2",
                                  extra_args=SHOP_ARGS)
        self.assertEqual(rows, [
            ["1", "", "LabShop", "the class web shop", "LabShop", "the class web shop", "krb524"],
            ["2", "LabShop", "", "", "LabShop", "the class web shop", ""],
        ])
        # Without the row, IANA's name.
        rows = self.tshark.fields("nonstandard-ports.pcap", ["portclass.server.service"],
                                  "frame.number == 1")
        self.assertEqual(rows, [["krb524"]])

    def test_filters_see_the_custom_name(self):
        rows = self.tshark.fields("nonstandard-ports.pcap", ["frame.number"],
                                  'portclass.service == "LabShop"', extra_args=SHOP_ARGS)
        self.assertEqual([row[0] for row in rows], ["1", "2", "3", "4", "5"])

    def test_custom_row_over_a_curated_service(self):
        rows = self.tshark.fields("seed-services.pcap",
                                  ["portclass.dst.service", "portclass.dst.description"],
                                  "frame.number == 6",
                                  extra_args=uat('"tcp","23","LabTelnet","the lab router",""'))
        self.assertEqual(rows, [["LabTelnet", "the lab router"]])

    def test_ranges_and_both_transports(self):
        args = uat('"tcp","2000-2999","LabRange","",""') + uat('"both","8053","LabDNS","",""')
        rows = self.tshark.fields("nonstandard-ports.pcap", ["frame.number",
                                                             "portclass.server.service"],
                                  "frame.number == 6 || frame.number == 11", extra_args=args)
        self.assertEqual(rows, [["6", "LabRange"], ["11", "LabDNS"]])

    def test_first_row_wins(self):
        args = uat('"tcp","4444","First","",""') + uat('"tcp","4440-4449","Second","",""')
        rows = self.tshark.fields("nonstandard-ports.pcap", ["portclass.server.service"],
                                  "frame.number == 1", extra_args=args)
        self.assertEqual(rows, [["First"]])

    def test_japanese_description(self):
        row = '"tcp","4444","LabShop","the class web shop","授業用のウェブショップ"'
        rows = self.tshark.fields("nonstandard-ports.pcap", ["portclass.server.description"],
                                  "frame.number == 1",
                                  extra_args=uat(row) + ["-o", "portclass.language:ja"])
        self.assertEqual(rows, [["授業用のウェブショップ"]])
        # No Japanese text: the row's English one, not some other service's.
        rows = self.tshark.fields("nonstandard-ports.pcap", ["portclass.server.description"],
                                  "frame.number == 1",
                                  extra_args=SHOP_ARGS + ["-o", "portclass.language:ja"])
        self.assertEqual(rows, [["the class web shop"]])

    def test_custom_service_decides_the_server(self):
        fields = ["frame.number", "portclass.server.port", "portclass.server.service",
                  "portclass.role_evidence", "portclass.direction"]
        plain = self.tshark.fields("roles-tcp.pcap", fields, "frame.number >= 11")
        custom = self.tshark.fields("roles-tcp.pcap", fields, "frame.number >= 11",
                                    extra_args=uat('"tcp","50103","LabGame","",""'))
        self.assertEqual(plain, [["11", "50104", "", "first-packet", "client-to-server"],
                                 ["12", "50104", "", "first-packet", "server-to-client"]])
        self.assertEqual(custom, [["11", "50103", "LabGame", "port", "server-to-client"],
                                  ["12", "50103", "LabGame", "port", "client-to-server"]])

    def test_statistics_use_the_custom_name(self):
        output = self.tshark.run("-n", "-q", "-r", self.tshark.capture("nonstandard-ports.pcap"),
                                 "-z", "portclass,tree", *SHOP_ARGS).stdout
        counts = stats_counts(output)
        self.assertEqual(counts.get("LabShop"), 5)
        self.assertNotIn("krb524", counts)
        self.assertIn("HTTP on port 4444/tcp of 198.51.100.20", counts)


class FileAndBadRowsTest(TsharkTestCase):
    ROWS = [
        b'"tcp","4444","LabShop","the class web shop",""',
        b'"sctp","2222","BadTransport","",""',
        b'"tcp","70000","BadPort","",""',
        b'"tcp","2999-2000","BadRange","",""',
        b'"tcp","2222","","",""',
        b'"tcp","2222","Bad\xffName","",""',
        b'"udp","8053","LabDNS","",""',
    ]

    def write_uat(self, rows):
        path = os.path.join(self.tshark.config_dir, "portclass_services")
        with open(path, "wb") as f:
            f.write(b"# portclass custom services\n" + b"\n".join(rows) + b"\n")
        os.chmod(path, 0o644)
        self.addCleanup(os.remove, path)

    def test_good_rows_from_the_file_apply(self):
        self.write_uat([self.ROWS[0], self.ROWS[6]])
        result = self.tshark.run("-n", "-r", self.tshark.capture("nonstandard-ports.pcap"),
                                 "-T", "fields", "-e", "portclass.server.service")
        self.assertEqual(result.stdout.split(), ["LabShop"] * 5 + ["EtherNet-IP-1"] * 5
                         + ["LabDNS"] * 2)
        self.assertEqual(result.stderr, "")

    def test_bad_rows_are_named_and_good_rows_still_apply(self):
        self.write_uat(self.ROWS)
        result = self.tshark.run("-n", "-r", self.tshark.capture("nonstandard-ports.pcap"),
                                 "-T", "fields", "-e", "portclass.server.service")
        self.assertEqual(result.returncode, 0)
        self.assertEqual(result.stdout.split(), ["LabShop"] * 5 + ["EtherNet-IP-1"] * 5
                         + ["LabDNS"] * 2)
        expected = [
            'row rejected: transport "sctp": the transport must be tcp, udp or both',
            'row starting "tcp" rejected: ports "70000": port out of range (0-65535)',
            'row starting "tcp" rejected: ports "2999-2000": port range is reversed',
            'row starting "tcp","2222" rejected: service name: the service name is empty',
            'row starting "tcp","2222" rejected: service name: the text is not valid UTF-8',
        ]
        for message in expected:
            self.assertIn("PortClass custom services: " + message, result.stderr)
        # Wireshark's own summary names the file and line of the last bad row.
        self.assertIn("portclass_services:7: service name: the text is not valid UTF-8",
                      result.stderr)
        self.assertNotIn("Segmentation", result.stderr)

    def test_bad_row_from_the_command_line(self):
        result = self.tshark.run("-n", "-r", self.tshark.capture("nonstandard-ports.pcap"),
                                 *uat('"tcp","70000","BadPort","",""'), check=False)
        # tshark refuses a bad -o flag as a whole, naming it and the problem.
        self.assertNotEqual(result.returncode, 0)
        self.assertIn('Invalid -o flag "uat:portclass_services:', result.stderr)
        self.assertIn('ports "70000": port out of range (0-65535)', result.stderr)


if __name__ == "__main__":
    unittest.main()
