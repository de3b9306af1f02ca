"""The configuration profile PortClass (profiles/PortClass).

tshark -C PortClass shows the profile's columns with the values checked by
hand below, its colouring rules colour the packets they should (tshark
fills frame.coloring_rule.name only with --color), and cmake --install puts
the profile where Wireshark finds a global profile.

The profile is copied into the sandbox's personal profiles folder, as
tshark itself does the first time -C names a profile that exists only in
the global folder (test_installed_profile_is_found checks that too).
"""

import os
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

from tsharkrun import SOURCE_DIR, NOBODY, Tshark, TsharkTestCase

PROFILE = "PortClass"
PROFILE_DIR = os.path.join(SOURCE_DIR, "profiles", PROFILE)
PROFILE_FILES = ("preferences", "colorfilters")
BUILD_DIR = os.environ.get("PORTCLASS_BUILD_DIR", "")
# Where cmake --install puts the profiles folder: below the prefix when
# relative, an absolute (personal) folder with PORTCLASS_INSTALL_PERSONAL=ON.
PROFILES_DESTINATION = os.environ.get("PORTCLASS_PROFILES_DESTINATION", "")

COLUMNS = ["No.", "Time", "Source", "Destination", "Protocol", "Length",
           "Src class", "Dst class", "Server service", "Direction", "Port state", "Info"]
PORTCLASS_COLUMNS = COLUMNS[6:11]

CLOSED = "PortClass: closed port"
NONSTANDARD = "PortClass: non-standard port"
CLEARTEXT = "PortClass: cleartext service"
CLEARTEXT_FIELD = "portclass.server.cleartext"


def install_profile(config_dir):
    """Copies profiles/PortClass into a personal configuration folder."""
    target = os.path.join(config_dir, "profiles", PROFILE)
    os.makedirs(target, exist_ok=True)
    for relative in ("profiles", os.path.join("profiles", PROFILE)):
        os.chmod(os.path.join(config_dir, relative), 0o777)
    for name in PROFILE_FILES:
        shutil.copy(os.path.join(PROFILE_DIR, name), target)
        os.chmod(os.path.join(target, name), 0o644)


def psml(tshark, capture, extra_args=(), env=None):
    """(column titles, {frame number: {title: cell}}) of -T psml output."""
    output = tshark.run("-C", PROFILE, "-n", "-r", tshark.capture(capture), "-T", "psml",
                        *extra_args, env=env).stdout
    root = ET.fromstring(output)
    titles = [section.text or "" for section in root.find("structure")]
    rows = {}
    for packet in root.findall("packet"):
        cells = dict(zip(titles, (section.text or "" for section in packet)))
        rows[int(cells["No."])] = cells
    return titles, rows


class ProfileTestCase(TsharkTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        install_profile(cls.tshark.config_dir)

    def colouring(self, capture):
        """({frame number: coloring rule name}, tshark's stderr)."""
        result = self.tshark.run("-C", PROFILE, "--color", "-n", "-r",
                                 self.tshark.capture(capture), "-T", "fields",
                                 "-e", "frame.number", "-e", "frame.coloring_rule.name")
        rules = {}
        for line in result.stdout.splitlines():
            number, _, name = line.partition("\t")
            rules[int(number)] = name
        return rules, result.stderr

    def assertRules(self, capture, expected):
        rules, _ = self.colouring(capture)
        self.assertEqual({number: rules.get(number) for number in expected}, expected,
                         f"colouring rules of {capture}")

    def portclass_cells(self, rows, number):
        return [rows[number][title] for title in PORTCLASS_COLUMNS]


class ColumnsTest(ProfileTestCase):
    def test_column_titles(self):
        titles, _ = psml(self.tshark, "syn-scan.pcap")
        self.assertEqual(titles, COLUMNS)

    def test_syn_scan_columns(self):
        _, rows = psml(self.tshark, "syn-scan.pcap")
        expected = {
            # The scanner's SYN to SSH; the open port's SYN-ACK answers it.
            1: ["registered", "well-known", "SSH", "client-to-server", ""],
            2: ["well-known", "registered", "SSH", "server-to-client", "open"],
            # RSTs answering SYNs to Telnet and HTTPS: closed.
            5: ["well-known", "registered", "Telnet", "server-to-client", "closed"],
            10: ["well-known", "registered", "HTTPS", "server-to-client", "closed"],
            # ICMP port unreachable quoting the SNMP request: the quoted
            # header's values, the request's direction, the port closed.
            13: ["registered", "well-known", "SNMP", "client-to-server", "closed"],
            15: ["well-known", "registered", "DNS", "server-to-client", "open"],
        }
        self.assertEqual({number: self.portclass_cells(rows, number) for number in expected},
                         expected)
        # The usual columns stay as they are.
        self.assertEqual([rows[5][title] for title in ("Source", "Destination", "Protocol",
                                                       "Length")],
                         ["198.51.100.20", "203.0.113.50", "TCP", "54"])
        self.assertEqual(rows[5]["Info"], "23 → 40000 [RST, ACK] Seq=1 Ack=1 Win=0 Len=0")
        self.assertEqual(rows[13]["Protocol"], "ICMP")
        self.assertEqual(rows[13]["Info"], "Destination unreachable (Port unreachable)")

    def test_server_found_from_syn_ack_and_unknown_service(self):
        _, rows = psml(self.tshark, "roles-tcp.pcap")
        # Only the SMTP server's SYN-ACK was captured: it names the server,
        # but answers no SYN seen, so it proves nothing about the port.
        self.assertEqual(self.portclass_cells(rows, 8),
                         ["well-known", "dynamic", "SMTP", "server-to-client", ""])
        # Two dynamic ports: no service, the first sender is the client.
        self.assertEqual(self.portclass_cells(rows, 11),
                         ["dynamic", "dynamic", "", "client-to-server", ""])
        self.assertEqual(self.portclass_cells(rows, 12),
                         ["dynamic", "dynamic", "", "server-to-client", ""])

    def test_tunnel_cells_list_every_header(self):
        _, rows = psml(self.tshark, "tunnels.pcap")
        # Geneve outside, SSH inside: one value per header, outermost first.
        self.assertEqual(self.portclass_cells(rows, 6),
                         ["dynamic,dynamic", "registered,well-known", "Geneve,SSH",
                          "client-to-server,client-to-server", ""])


class ColouringTest(ProfileTestCase):
    def test_portclass_rules_come_first(self):
        with open(os.path.join(PROFILE_DIR, "colorfilters"), encoding="utf-8") as f:
            rules = [line for line in f.read().splitlines()
                     if line.startswith("@") or line.startswith("!@")]
        self.assertEqual([rule.split("@")[1] for rule in rules[:3]],
                         [CLOSED, NONSTANDARD, CLEARTEXT])
        for rule in rules:
            self.assertRegex(rule, r"^!?@[^@]+@[^@]+@\[\d+,\d+,\d+\]\[\d+,\d+,\d+\]$")
        self.assertIn("@" + CLEARTEXT_FIELD + " == 1@", rules[2])

    def test_every_rule_compiles(self):
        _, stderr = self.colouring("syn-scan.pcap")
        failures = [line for line in stderr.splitlines() if "Could not compile" in line]
        if CLEARTEXT_FIELD not in self.tshark.run("-G", "fields").stdout:
            # Until the plugin has the field, that one rule is left out.
            failures = [line for line in failures if CLEARTEXT not in line]
        self.assertEqual(failures, [], stderr)

    def test_closed_ports(self):
        self.assertRules("syn-scan.pcap", {
            5: CLOSED,    # RST, ACK answering the SYN to Telnet (23)
            10: CLOSED,   # RST, ACK answering the SYN to HTTPS (443)
            13: CLOSED,   # ICMP port unreachable quoting the SNMP request
            # Wireshark's default rules on the rest.
            1: "TCP SYN/FIN",
            2: "TCP SYN/FIN",
            3: "TCP RST",  # the scanner's own RST after an open port's SYN-ACK
            9: "TCP SYN/FIN",
        })

    def test_nonstandard_ports(self):
        self.assertRules("nonstandard-ports.pcap", {
            4: NONSTANDARD,   # HTTP request to port 4444
            5: NONSTANDARD,   # its response
            11: NONSTANDARD,  # DNS query to port 8053/udp
            12: NONSTANDARD,  # its response
        })

    def test_defaults_kept_for_other_packets(self):
        # HTTPS over IPv6: neither closed, non-standard nor cleartext.
        self.assertRules("ipv6.pcap", {1: "TCP SYN/FIN", 2: "TCP SYN/FIN", 3: "TCP", 4: "TCP"})
        # ICMP port unreachable: portclass proves the port closed, and its
        # rule wins over Wireshark's "ICMP errors".
        self.assertRules("icmp-unreachable.pcap", {2: CLOSED, 4: CLOSED})

    def test_cleartext_services(self):
        if CLEARTEXT_FIELD not in self.tshark.run("-G", "fields").stdout:
            self.skipTest(f"the plugin has no {CLEARTEXT_FIELD} field yet")
        self.assertRules("cleartext-logins.pcap", {
            1: CLEARTEXT,   # Telnet: the client's SYN
            4: CLEARTEXT,   # Telnet data
            13: CLEARTEXT,  # FTP: USER alice
            15: CLEARTEXT,  # FTP: PASS secret
            23: CLEARTEXT,  # POP3: PASS secret
            28: CLEARTEXT,  # HTTP: GET /private
        })
        self.assertRules("syn-scan.pcap", {
            4: CLEARTEXT,   # SYN to Telnet
            5: CLOSED,      # ... answered by a RST: closed wins
            1: "TCP SYN/FIN",  # SSH is encrypted
            9: "TCP SYN/FIN",  # HTTPS too
        })


class InstalledProfileTest(unittest.TestCase):
    """cmake --install puts the profile into Wireshark's global profiles
    folder, and tshark -C PortClass finds it there and copies it into the
    personal folder."""

    def test_installed_profile_is_found(self):
        if not BUILD_DIR or not PROFILES_DESTINATION:
            self.skipTest("PORTCLASS_BUILD_DIR and PORTCLASS_PROFILES_DESTINATION are not set "
                          "(run through ctest)")
        if os.path.isabs(PROFILES_DESTINATION):
            self.skipTest("the build installs the profile into a personal folder "
                          "(PORTCLASS_INSTALL_PERSONAL=ON)")
        tshark = Tshark(with_plugin=True)
        self.addCleanup(tshark.cleanup)
        prefix = os.path.join(tshark.root, "prefix")
        subprocess.run(["cmake", "--install", BUILD_DIR, "--prefix", prefix,
                        "--component", "profile"], check=True, capture_output=True)
        installed = os.path.join(prefix, PROFILES_DESTINATION, PROFILE)
        for name in PROFILE_FILES:
            with open(os.path.join(PROFILE_DIR, name), "rb") as source, \
                 open(os.path.join(installed, name), "rb") as copy:
                self.assertEqual(copy.read(), source.read(), name)
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", prefix], check=True)

        # Wireshark's data folder is the parent of profiles/; tshark (not
        # root) takes it from WIRESHARK_DATA_DIR.
        data_dir = os.path.dirname(os.path.join(prefix, PROFILES_DESTINATION))
        personal = os.path.join(tshark.config_dir, "profiles", PROFILE)
        self.assertFalse(os.path.exists(personal))
        titles, rows = psml(tshark, "syn-scan.pcap", extra_args=("-c", "5"),
                            env={"WIRESHARK_DATA_DIR": data_dir})
        self.assertEqual(titles, COLUMNS)
        self.assertEqual(rows[5]["Port state"], "closed")
        # tshark copied the global profile into the personal folder.
        self.assertEqual(sorted(os.listdir(personal)), sorted(PROFILE_FILES))


if __name__ == "__main__":
    unittest.main()
