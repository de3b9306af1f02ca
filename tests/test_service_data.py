"""Unit tests of cmake/service_data.py, which makes the service tables
built into the plugin: the IANA samples and bad curated rows of
tests/data, and, when ctest gives them (PORTCLASS_EMBEDDED_C and
PORTCLASS_IANA_SERVICES_FILE), the tables of the build against the files
they were made from."""

import contextlib
import io
import os
import sys
import tempfile
import unittest

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(TESTS_DIR)
sys.path.insert(0, os.path.join(SOURCE_DIR, "cmake"))
import service_data  # noqa: E402

TCP, UDP, BOTH = "PORTCLASS_MASK_TCP", "PORTCLASS_MASK_UDP", "PORTCLASS_MASK_BOTH"


def read(path, parse=service_data.iana_row):
    """The rows of a file and the warning printed about it ("" for none)."""
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        rows = service_data.read_rows(path, parse)
    return rows, stderr.getvalue()


def read_sample(name, parse=service_data.iana_row):
    return read(os.path.join(TESTS_DIR, "data", name), parse)


def iana(mask, low, high, name, description=""):
    return mask, low, high, [name, description, "", "", ""], "0"


class IanaTest(unittest.TestCase):
    def test_services_format(self):
        rows, warning = read_sample("services-sample")
        self.assertEqual(warning, "")
        self.assertEqual(rows, [
            iana(BOTH, 1, 1, "tcpmux", "TCP Port Service Multiplexer"),
            iana(BOTH, 20, 20, "ftp-data", "File Transfer [Default Data]"),
            iana(BOTH, 53, 53, "domain", "Domain Name Server"),
            iana(BOTH, 80, 80, "http", "World Wide Web HTTP"),
            iana(TCP, 80, 80, "www", "an alias listed after the primary name"),
            iana(UDP, 99, 99, "nodesc"),
            iana(BOTH, 6000, 6063, "x11", "X Window System"),
            iana(TCP, 6665, 6669, "ircu", "IRCU"),
        ])

    def test_dump_format(self):
        rows, warning = read_sample("services-dump")
        self.assertTrue(warning.endswith(
            "services-dump: 1 malformed line skipped (first: line 9: port out of range "
            "(0-65535))\n"))
        self.assertEqual(rows, [
            iana(TCP, 1, 1, "tcpmux", "TCP Port Service Multiplexer"),
            iana(UDP, 1, 1, "tcpmux", "TCP Port Service Multiplexer"),
            iana(UDP, 53, 53, "domain", "Domain Name Server"),
            iana(TCP, 80, 80, "http", "World Wide Web HTTP"),
            iana(TCP, 80, 80, "www", "an alias listed after the primary name"),
            iana(TCP, 280, 280, "http-mgmt"),
            iana(TCP, 6000, 6000, "x11", "X Window System"),
            iana(TCP, 6001, 6001, "x11", "X Window System"),
        ])

    def test_empty_file(self):
        rows, warning = read_sample("services-empty")
        self.assertEqual(rows, [])
        self.assertTrue(warning.endswith("services-empty: no service entries found "
                                         "(0 lines read)\n"))

    def test_malformed_lines_are_skipped(self):
        rows, warning = read_sample("services-malformed")
        self.assertTrue(warning.endswith(
            'services-malformed: 5 malformed lines skipped (first: line 3: expected '
            '"name port/transport")\n'))
        self.assertEqual(rows, [iana(BOTH, 7, 7, "echo", "Echo"),
                                iana(BOTH, 9, 9, "discard", "Discard")])

    def test_not_utf8(self):
        rows, warning = read_sample("services-not-utf8")
        self.assertIn("(first: line 1: not valid UTF-8 text)", warning)
        self.assertEqual(rows, [iana(TCP, 6, 6, "good", "fine")])

    def test_crlf_and_no_final_newline(self):
        with tempfile.NamedTemporaryFile("wb", suffix=".txt") as f:
            f.write(b"a\t1/tcp\r\nb\t2/udp\t# no newline at the end")
            f.flush()
            rows, warning = read(f.name)
        self.assertEqual(warning, "")
        self.assertEqual(rows, [iana(TCP, 1, 1, "a"),
                                iana(UDP, 2, 2, "b", "no newline at the end")])


class CuratedTest(unittest.TestCase):
    def test_bad_rows(self):
        rows, warning = read_sample("curated-bad-rows.tsv", service_data.curated_row)
        self.assertTrue(warning.endswith(
            "curated-bad-rows.tsv: 6 malformed lines skipped (first: line 3: transport is "
            "not tcp, udp or both)\n"))
        self.assertEqual([(row[0], row[1], row[3][0]) for row in rows],
                         [(TCP, 22, "SSH"), (BOTH, 53, "DNS")])

    def test_curated_file(self):
        rows, warning = read(os.path.join(SOURCE_DIR, "data", "services.tsv"),
                             service_data.curated_row)
        self.assertEqual(warning, "")
        telnet = next(row for row in rows if row[0] == TCP and row[1] == 23)
        self.assertEqual(telnet[4], "PORTCLASS_FLAG_CLEARTEXT | PORTCLASS_FLAG_LOGIN")
        self.assertTrue(all(len(row[3]) == 5 for row in rows))

    def test_c_string(self):
        self.assertEqual(service_data.c_string(""), "NULL")
        self.assertEqual(service_data.c_string('a "b" \\ ??) é'),
                         '"a \\"b\\" \\\\ \\?\\?) \\303\\251"')


@unittest.skipUnless(os.environ.get("PORTCLASS_EMBEDDED_C"), "needs the build's tables")
class BuildTest(unittest.TestCase):
    def test_tables_match_their_files(self):
        curated = os.path.join(SOURCE_DIR, "data", "services.tsv")
        iana_file = os.environ["PORTCLASS_IANA_SERVICES_FILE"]
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            expected = service_data.generate(curated, iana_file)
        self.assertEqual(stderr.getvalue(), "")
        with open(os.environ["PORTCLASS_EMBEDDED_C"], encoding="ascii") as f:
            self.assertEqual(f.read(), expected)


if __name__ == "__main__":
    unittest.main()
