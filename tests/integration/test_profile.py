"""The configuration profiles PortClass (profiles/PortClass) and its
Japanese variant PortClass-ja (profiles/PortClass-ja).

tshark -C PortClass shows the profile's columns with the values checked by
hand below, its colouring rules colour the packets they should (tshark
fills frame.coloring_rule.name only with --color), every filter button's
filter compiles and selects the packets checked by hand, the I/O graphs
use the buttons' filters and load into the Wireshark window without a
warning or an error (when the window and a virtual display are
installed), the profile raises the cleartext expert info to a Warning, and
cmake --install puts the profiles where Wireshark finds a global profile.
PortClass-ja has the same columns, colouring rules, filter buttons, I/O
graphs and expert severities as PortClass, position by position, with
Japanese titles, names, labels and tooltips (JapaneseProfileTest), so the
two cannot drift apart.

The profile is copied into the sandbox's personal profiles folder, as
tshark itself does the first time -C names a profile that exists only in
the global folder (test_installed_profile_is_found checks that too, where
tshark finds global profiles: Wireshark 3.4's does not, and there the
sandbox makes the copy, tsharkrun.Tshark.global_profile).
"""

import importlib.util
import os
import re
import subprocess
import unittest
import xml.etree.ElementTree as ET

import wiresharkgui
from tsharkrun import SOURCE_DIR, NOBODY, Tshark, TsharkTestCase

PROFILE = "PortClass"
PROFILE_DIR = os.path.join(SOURCE_DIR, "profiles", PROFILE)
PROFILE_FILES = ("preferences", "colorfilters", "dfilter_buttons", "io_graphs",
                 "expert_severity")
JA_PROFILE = "PortClass-ja"
JA_PROFILE_DIR = os.path.join(SOURCE_DIR, "profiles", JA_PROFILE)
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


def load_uat_reader():
    """read_uat of docs/make-handout.py, which also writes the hand-outs
    that list the buttons."""
    spec = importlib.util.spec_from_file_location(
        "make_handout", os.path.join(SOURCE_DIR, "docs", "make-handout.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.read_uat


read_uat = load_uat_reader()


def psml(tshark, capture, extra_args=(), env=None, profile=PROFILE):
    """(column titles, {frame number: {title: cell}}) of -T psml output."""
    output = tshark.run("-C", profile, "-n", "-r", tshark.capture(capture), "-T", "psml",
                        *extra_args, env=env).stdout
    root = ET.fromstring(output)
    titles = [section.text or "" for section in root.find("structure")]
    rows = {}
    for packet in root.findall("packet"):
        cells = dict(zip(titles, (section.text or "" for section in packet)))
        rows[int(cells[titles[0]])] = cells  # the first column: No.
    return titles, rows


class ProfileTestCase(TsharkTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tshark.install_profile(PROFILE)

    def colouring(self, capture, *extra_args, profile=PROFILE):
        """({frame number: coloring rule name}, tshark's stderr)."""
        result = self.tshark.run("-C", profile, "--color", "-n", "-r",
                                 self.tshark.capture(capture), *extra_args, "-T", "fields",
                                 "-e", "frame.number", "-e", "frame.coloring_rule.name")
        rules = {}
        for line in result.stdout.splitlines():
            number, _, name = line.partition("\t")
            rules[int(number)] = name
        return rules, result.stderr

    def assertRules(self, capture, expected, *extra_args):
        rules, _ = self.colouring(capture, *extra_args)
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
        # DNS on 8053 is non-standard where tshark decodes it (not 3.4).
        dns = NONSTANDARD if self.tshark.dns_decoded_on_8053() else "UDP"
        self.assertRules("nonstandard-ports.pcap", {
            4: NONSTANDARD,   # HTTP request to port 4444
            5: NONSTANDARD,   # its response
            11: dns,          # DNS query to port 8053/udp
            12: dns,          # its response
        })

    def test_defaults_kept_for_other_packets(self):
        # HTTPS over IPv6: neither closed, non-standard nor cleartext.
        self.assertRules("ipv6.pcap", {1: "TCP SYN/FIN", 2: "TCP SYN/FIN", 3: "TCP", 4: "TCP"})
        # ICMP port unreachable: portclass proves the port closed, and its
        # rule wins over Wireshark's "ICMP errors".
        self.assertRules("icmp-unreachable.pcap", {2: CLOSED, 4: CLOSED})

    def test_icmp_errors_rule(self):
        # Without portclass's answers, Wireshark's "ICMP errors" rule of the
        # profile colours the port unreachables, ICMP (2) and ICMPv6 (4).
        self.assertRules("icmp-unreachable.pcap", {1: "UDP", 2: "ICMP errors", 3: "UDP",
                                                   4: "ICMP errors"},
                         "--disable-protocol", "portclass")

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


# Every button of the profile, and the packets its filter selects in one
# capture (with these tshark options), checked by hand (pcaps/README.md
# describes the captures).
BUTTON_FRAMES = {
    # The SYNs of the seven TCP connections.
    "SYN": ("seed-services.pcap", [1, 6, 11, 17, 24, 29, 34]),
    # HTTPS, SSH and SMTP; not the conversation between two dynamic ports.
    "Well-known": ("roles-tcp.pcap", list(range(1, 11))),
    # The SYN to RDP (3389), which nobody answers.
    "Registered": ("syn-scan.pcap", [11]),
    # Passive FTP's data connection to port 50000.
    "Dynamic": ("ftp-passive.pcap", [12, 13, 14, 15]),
    # Active FTP's data connection, whose client is the server's port 20.
    "Not ephemeral": ("ftp-active.pcap", [13, 14, 15, 16]),
    # The SYN-ACKs of the HTTPS and HTTP servers.
    "From server": ("linux-ephemeral.pcap", [2, 6]),
    # SYN-ACKs from 22 and 80, the DNS answer from 53/udp.
    "Open": ("syn-scan.pcap", [2, 7, 15]),
    # RSTs from 23 and 443, the ICMP port unreachable for 161/udp.
    "Closed": ("syn-scan.pcap", [5, 10, 13]),
    # HTTP on 4444, SSH on 2222 (decoded as SSH, as the lesson does with
    # Decode As; Wireshark 4.6 alone finds it without) and DNS on 8053
    # (DNS_ON_8053: where tshark decodes it, not on 3.4).
    "Non-standard": ("nonstandard-ports.pcap", [4, 5, 9, 10, 11, 12], "-d", "tcp.port==2222,ssh"),
    # Telnet and SMTP, DNS over UDP and TCP, HTTP; not SSH, WHOIS, HTTPS.
    "Cleartext": ("seed-services.pcap", list(range(6, 17)) + list(range(22, 34))),
}
# The DNS query and answer on port 8053 of nonstandard-ports.pcap.
DNS_ON_8053 = [11, 12]
CLASS_FILTER = 'portclass.server.class == "{}"'


class ButtonsTest(ProfileTestCase):
    """profiles/PortClass/dfilter_buttons: the filter toolbar's buttons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buttons = read_uat(os.path.join(PROFILE_DIR, "dfilter_buttons"))

    def selected(self, capture, display_filter, *extra_args):
        result = self.tshark.run("-C", PROFILE, "-n", "-r", self.tshark.capture(capture),
                                 *extra_args, "-Y", display_filter, "-T", "fields",
                                 "-e", "frame.number", check=False)
        self.assertEqual(result.returncode, 0, f"{display_filter!r}:\n{result.stderr}")
        self.assertEqual(result.stderr, "", display_filter)
        return [int(number) for number in result.stdout.split()]

    def test_format(self):
        for record in self.buttons:
            with self.subTest(button=record[1:2]):
                self.assertEqual(len(record), 4, "enabled, label, filter, tooltip")
                enabled, label, expression, tooltip = record
                self.assertEqual(enabled, "TRUE")
                self.assertLessEqual(len(label), 14, "a short label for the toolbar")
                self.assertTrue(expression)
                self.assertRegex(tooltip, r"^[A-Z][ -~]+$", "an English tooltip, ASCII")
        labels = [record[1] for record in self.buttons]
        self.assertEqual(labels, list(BUTTON_FRAMES))

    def test_every_filter_selects_its_packets(self):
        # Also: every filter compiles (tshark would exit 2) and matches.
        for _, label, expression, _ in self.buttons:
            capture, frames, *extra_args = BUTTON_FRAMES[label]
            if (capture == "nonstandard-ports.pcap"
                    and not self.tshark.dns_decoded_on_8053(extra_args)):
                frames = [frame for frame in frames if frame not in DNS_ON_8053]
            with self.subTest(button=label):
                self.assertEqual(self.selected(capture, expression, *extra_args), frames)

    def test_class_buttons(self):
        expressions = {record[1]: record[2] for record in self.buttons}
        for label, value in (("Well-known", "well-known"), ("Registered", "registered"),
                             ("Dynamic", "dynamic")):
            self.assertEqual(expressions[label], CLASS_FILTER.format(value))


class IoGraphsTest(ProfileTestCase):
    """profiles/PortClass/io_graphs: Statistics > I/O Graphs."""

    def test_graphs(self):
        graphs = read_uat(os.path.join(PROFILE_DIR, "io_graphs"))
        # The nine columns of Wireshark 4.0 and 4.4, which 4.6 also reads.
        self.assertEqual({len(graph) for graph in graphs}, {9})
        self.assertEqual([(graph[1], graph[2]) for graph in graphs], [
            ("All packets", ""),
            ("Well-known server", CLASS_FILTER.format("well-known")),
            ("Registered server", CLASS_FILTER.format("registered")),
            ("Dynamic server", CLASS_FILTER.format("dynamic")),
        ])
        colours = [graph[3] for graph in graphs]
        self.assertEqual(len(set(colours)), len(colours), "distinct colours")
        for graph in graphs:
            self.assertRegex(graph[3], r"^#[0-9A-F]{6}$")
            self.assertEqual([graph[0]] + graph[5:], ["Enabled", "Packets", "", "None", "1"])
        # All packets as circles, the classes as lines through them.
        self.assertEqual([graph[4] for graph in graphs], ["Circle", "Line", "Line", "Line"])
        # The same filters as the class buttons.
        buttons = {record[2] for record in read_uat(os.path.join(PROFILE_DIR,
                                                                 "dfilter_buttons"))}
        self.assertLessEqual({graph[2] for graph in graphs[1:]}, buttons)

    def test_graph_filters_count_the_scan(self):
        # syn-scan.pcap: 14 packets of well-known servers, the SYN to RDP.
        counts = []
        for graph in read_uat(os.path.join(PROFILE_DIR, "io_graphs")):
            args = ["-C", PROFILE, "-n", "-r", self.tshark.capture("syn-scan.pcap")]
            if graph[2]:
                args += ["-Y", graph[2]]
            counts.append(len(self.tshark.run(*args).stdout.splitlines()))
        self.assertEqual(counts, [15, 14, 1, 0])


class WindowLoadTest(unittest.TestCase):
    """The profiles load into the real Wireshark window: with -z io,stat
    Wireshark opens Statistics > I/O Graphs, which reads io_graphs. A row it
    cannot read makes Wireshark log a warning (too many columns) or show an
    error dialog (a bad value); the control run checks that both are seen."""

    @classmethod
    def setUpClass(cls):
        missing = wiresharkgui.missing()
        if missing:
            raise unittest.SkipTest("the Wireshark window cannot be run here; install "
                                    + " ".join(missing))
        cls.tshark = Tshark(with_plugin=True)
        cls.profile = cls.tshark.install_profile(PROFILE)
        cls.tshark.install_profile(JA_PROFILE)

    @classmethod
    def tearDownClass(cls):
        cls.tshark.cleanup()

    def open_io_graphs(self, profile=PROFILE):
        capture = "syn-scan.pcap"
        run = wiresharkgui.run(self.tshark, ["-C", profile, "-r", self.tshark.capture(capture),
                                             "-z", "io,stat"], "I/O Graph")
        self.assertTrue(run.ready, f"no I/O Graphs window; windows: {run.windows}\n"
                        f"{run.stderr}")
        main = [title for title in run.windows if title == capture]
        others = [title for title in run.windows
                  if title != capture and "I/O Graphs" not in title]
        self.assertEqual(len(main), 1, run.windows)
        return others, run.stderr

    @staticmethod
    def complaints(stderr):
        """stderr lines about the profile's files or at warning level."""
        return [line for line in stderr.splitlines()
                if re.search(r"WARNING|CRITICAL|ERROR|io_graphs|dfilter_buttons|"
                             r"expert_severity|colorfilters|preferences", line)]

    def test_profile_loads_without_warning(self):
        for profile, folder in ((PROFILE, PROFILE_DIR), (JA_PROFILE, JA_PROFILE_DIR)):
            with self.subTest(profile=profile):
                self.check_loads_without_warning(profile, folder)

    def check_loads_without_warning(self, profile, folder):
        others, stderr = self.open_io_graphs(profile)
        self.assertEqual(others, [], "a dialog showed (an error loading the profile?)")
        expected = []
        if self.tshark.version() < (4, 0):
            # Wireshark 3.4's I/O graphs have eight columns, no Y axis
            # factor: it discards the ninth of each graph with a warning,
            # and nothing else.
            with open(os.path.join(folder, "io_graphs"), encoding="utf-8") as f:
                expected = [f"io_graphs:{number}: More fields than required. "
                            """Discarding ',"1"'."""
                            for number, line in enumerate(f, start=1)
                            if line.strip() and not line.startswith("#")]
        # Each line without the time and level the window logs it with.
        self.assertEqual([re.sub(r"^[\d:.]+\s+Warn\s+", "", line)
                          for line in self.complaints(stderr)], expected)

    def test_a_broken_io_graphs_file_is_noticed(self):
        path = os.path.join(self.profile, "io_graphs")
        with open(path, encoding="utf-8") as f:
            good = f.read()
        try:
            with open(path, "a", encoding="utf-8") as f:
                # Three columns too many (a warning), then an unknown style
                # (an error dialog).
                f.write('"Enabled","Wide","","#000000","Line","Packets","","None","1","x","y",'
                        '"z"\n"Enabled","Broken","","#000000","Zigzag","Packets","","None","1"\n')
            others, stderr = self.open_io_graphs()
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(good)
        self.assertEqual(len(others), 1, "no error dialog for the unknown style")
        self.assertTrue([line for line in self.complaints(stderr) if "io_graphs" in line],
                        f"no warning about the extra columns:\n{stderr}")


class ExpertSeverityTest(ProfileTestCase):
    """profiles/PortClass/expert_severity raises the cleartext login expert
    info to a Warning for the lesson, and the normal flow's Chats to Notes."""

    def severities(self, capture):
        args = ["-C", PROFILE, "-n", "-r", self.tshark.capture(capture),
                "-Y", "portclass.expert.cleartext", "-T", "fields", "-E", "occurrence=a",
                "-E", "aggregator=|", "-e", "_ws.expert.message", "-e", "_ws.expert.severity"]
        return [line.split("\t") for line in self.tshark.run(*args).stdout.splitlines()]

    def test_file(self):
        self.assertEqual(read_uat(os.path.join(PROFILE_DIR, "expert_severity")),
                         [["portclass.expert.cleartext", "Warning"],
                          ["portclass.expert.cleartext_data", "Note"],
                          ["portclass.expert.port_open", "Note"],
                          ["portclass.expert.port_closed", "Note"],
                          ["portclass.expert.dynamic_server", "Note"],
                          ["portclass.expert.well_known_client", "Note"]])

    def test_cleartext_is_a_warning_in_the_profile(self):
        rows = self.severities("cleartext-logins.pcap")
        self.assertEqual(len(rows), 3)
        for messages, severities in rows:
            cleartext = [severity for message, severity in zip(messages.split("|"),
                                                                 severities.split("|"))
                         if "unencrypted" in message]
            # 0x00600000 is PI_WARN.
            self.assertEqual(cleartext, [str(0x00600000)], messages)

    def test_warnings_in_the_profile(self):
        output = self.tshark.run("-C", PROFILE, "-n", "-r",
                                 self.tshark.capture("cleartext-logins.pcap"), "-q", "-z",
                                 "expert,warn").stdout
        self.assertIn("Warns (3)", output)
        self.assertEqual(len(re.findall(r"Security\s+PortClass", output)), 3)

    def test_the_table_works_for_portclass_expert_infos(self):
        # The mechanism itself: raising the port_open note in a copy of the
        # profile makes it a warning.
        copy = self.tshark.install_profile("PortClassRaised", PROFILE_DIR)
        with open(os.path.join(copy, "expert_severity"), "a", encoding="utf-8") as f:
            f.write('"portclass.expert.port_open","Warning"\n')
        output = self.tshark.run("-C", "PortClassRaised", "-n", "-r",
                                 self.tshark.capture("syn-scan.pcap"), "-q", "-z",
                                 "expert,warn").stdout
        self.assertEqual(len(re.findall(r"Sequence\s+PortClass\s+Port \d+/\w+ .* is open",
                                        output)), 3, output)

# Japanese text: at least one kana or kanji; none of the ASCII punctuation a
# Japanese sentence writes full-width; none of the words the project does
# not use (common terms of the seed article and of Wireshark's translation).
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
NOT_IN_JAPANESE = re.compile(r"[,;:()!?]|動的|一時ポート|サーバー|ユーザー|コンピューター|ヘッダー|"
                             r"キャプチャー|フィルター")


def column_format(profile_dir):
    """[(title, format)] of a profile's gui.column.format preference."""
    with open(os.path.join(profile_dir, "preferences"), encoding="utf-8") as f:
        text = f.read()
    value = re.search(r"^gui\.column\.format:\s*\n((?:[ \t].*\n?)+)", text, re.M).group(1)
    fields = re.findall(r'"([^"]*)"', value)
    return list(zip(fields[0::2], fields[1::2]))


def colour_rules(profile_dir):
    """[(disabled, name, filter, colours)] of a profile's colorfilters."""
    with open(os.path.join(profile_dir, "colorfilters"), encoding="utf-8") as f:
        lines = [line for line in f.read().splitlines() if line.startswith(("@", "!@"))]
    return [re.fullmatch(r"(!?)@([^@]+)@([^@]+)@(.*)", line).groups() for line in lines]


class JapaneseProfileTest(ProfileTestCase):
    """profiles/PortClass-ja: PortClass with Japanese words. Every column,
    colouring rule, filter button and I/O graph has the field, filter,
    colours and style of PortClass's at the same position; only the words a
    reader sees differ, and they are Japanese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tshark.install_profile(JA_PROFILE)

    def assertJapanese(self, text):
        self.assertRegex(text, JAPANESE, "no Japanese")
        self.assertNotRegex(text, NOT_IN_JAPANESE, "ASCII punctuation or a word not used")

    def test_same_files(self):
        self.assertEqual(sorted(os.listdir(JA_PROFILE_DIR)), sorted(PROFILE_FILES))
        self.assertEqual(read_uat(os.path.join(JA_PROFILE_DIR, "expert_severity")),
                         read_uat(os.path.join(PROFILE_DIR, "expert_severity")))

    def test_columns(self):
        english, japanese = column_format(PROFILE_DIR), column_format(JA_PROFILE_DIR)
        self.assertEqual([title for title, _ in english], COLUMNS)
        self.assertEqual([fmt for _, fmt in japanese], [fmt for _, fmt in english])
        for title, _ in japanese:
            with self.subTest(column=title):
                self.assertJapanese(title)
        self.assertEqual(len({title for title, _ in japanese}), len(japanese))

    def test_columns_in_tshark(self):
        titles, rows = psml(self.tshark, "syn-scan.pcap", profile=JA_PROFILE)
        self.assertEqual(titles, [title for title, _ in column_format(JA_PROFILE_DIR)])
        english_titles, english_rows = psml(self.tshark, "syn-scan.pcap")
        # The same cells, column by column: the values stay English.
        self.assertEqual({number: [row[title] for title in titles]
                          for number, row in rows.items()},
                         {number: [row[title] for title in english_titles]
                          for number, row in english_rows.items()})
        self.assertEqual(rows[5]["ポートの状態"], "closed")

    def test_colouring_rules(self):
        english, japanese = colour_rules(PROFILE_DIR), colour_rules(JA_PROFILE_DIR)
        self.assertEqual(len(japanese), len(english))
        names = {}
        for (off, name, expression, colours), (ja_off, ja_name, ja_expression, ja_colours) \
                in zip(english, japanese):
            with self.subTest(rule=name):
                self.assertEqual((ja_off, ja_expression, ja_colours), (off, expression, colours))
                if name.startswith("PortClass: "):
                    # portclass's own rules: "PortClass:" and a Japanese name.
                    self.assertTrue(ja_name.startswith("PortClass:"), ja_name)
                    self.assertJapanese(ja_name[len("PortClass:"):])
                else:
                    # Wireshark's default rules keep their names.
                    self.assertEqual(ja_name, name)
                names[name] = ja_name
        self.assertEqual(len(set(names.values())), len(names))
        # tshark colours each packet with the rule at the same position.
        for capture in ("syn-scan.pcap", "cleartext-logins.pcap", "nonstandard-ports.pcap"):
            with self.subTest(capture=capture):
                rules, _ = self.colouring(capture)
                ja_rules, stderr = self.colouring(capture, profile=JA_PROFILE)
                self.assertEqual(ja_rules, {number: names.get(name, name)
                                            for number, name in rules.items()})
                self.assertNotIn("Could not compile", stderr)
        self.assertEqual(self.colouring("syn-scan.pcap", profile=JA_PROFILE)[0][5],
                         "PortClass:閉じているポート")

    def test_buttons(self):
        english = read_uat(os.path.join(PROFILE_DIR, "dfilter_buttons"))
        japanese = read_uat(os.path.join(JA_PROFILE_DIR, "dfilter_buttons"))
        self.assertEqual(len(japanese), len(english))
        for (enabled, label, expression, _), record in zip(english, japanese):
            with self.subTest(button=label):
                self.assertEqual(len(record), 4, "enabled, label, filter, tooltip")
                ja_enabled, ja_label, ja_expression, ja_tooltip = record
                self.assertEqual((ja_enabled, ja_expression), (enabled, expression))
                self.assertJapanese(ja_label)
                # Full-width characters take about twice the room.
                self.assertLessEqual(len(ja_label), 8, "a short label for the toolbar")
                self.assertJapanese(ja_tooltip)
        self.assertEqual(len({record[1] for record in japanese}), len(japanese))

    def test_buttons_select_the_same_packets(self):
        # The filters compile with the profile and select the packets of
        # PortClass's button at the same position (BUTTON_FRAMES).
        english = read_uat(os.path.join(PROFILE_DIR, "dfilter_buttons"))
        japanese = read_uat(os.path.join(JA_PROFILE_DIR, "dfilter_buttons"))
        for (_, label, _, _), (_, ja_label, expression, _) in zip(english, japanese):
            capture, frames, *extra_args = BUTTON_FRAMES[label]
            if (capture == "nonstandard-ports.pcap"
                    and not self.tshark.dns_decoded_on_8053(extra_args)):
                frames = [frame for frame in frames if frame not in DNS_ON_8053]
            with self.subTest(button=ja_label):
                result = self.tshark.run("-C", JA_PROFILE, "-n", "-r",
                                         self.tshark.capture(capture), *extra_args, "-Y",
                                         expression, "-T", "fields", "-e", "frame.number",
                                         check=False)
                self.assertEqual((result.returncode, result.stderr), (0, ""), expression)
                self.assertEqual([int(n) for n in result.stdout.split()], frames)

    def test_io_graphs(self):
        english = read_uat(os.path.join(PROFILE_DIR, "io_graphs"))
        japanese = read_uat(os.path.join(JA_PROFILE_DIR, "io_graphs"))
        self.assertEqual([graph[:1] + graph[2:] for graph in japanese],
                         [graph[:1] + graph[2:] for graph in english])
        for graph in japanese:
            with self.subTest(graph=graph[1]):
                self.assertJapanese(graph[1])
        self.assertEqual(len({graph[1] for graph in japanese}), len(japanese))


class InstalledProfileTest(unittest.TestCase):
    """cmake --install puts the profiles (PortClass and PortClass-ja) into
    Wireshark's global profiles folder, and tshark -C PortClass finds the
    profile there and copies it into the personal folder."""

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
        # PortClass-ja beside PortClass, file for file.
        for folder, copied in ((PROFILE_DIR, installed),
                               (JA_PROFILE_DIR, os.path.join(prefix, PROFILES_DESTINATION,
                                                             JA_PROFILE))):
            self.assertEqual(sorted(os.listdir(copied)), sorted(PROFILE_FILES))
            for name in PROFILE_FILES:
                with open(os.path.join(folder, name), "rb") as source, \
                     open(os.path.join(copied, name), "rb") as copy:
                    self.assertEqual(copy.read(), source.read(), os.path.join(copied, name))
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", prefix], check=True)

        # Wireshark's data folder is the parent of profiles/; tshark (not
        # root) takes it from WIRESHARK_DATA_DIR.
        data_dir = os.path.dirname(os.path.join(prefix, PROFILES_DESTINATION))
        personal = os.path.join(tshark.config_dir, "profiles", PROFILE)
        self.assertFalse(os.path.exists(personal))
        if not tshark.finds_global_profiles():
            # Only a tshark older than those seen to find them may need the
            # sandbox's copy: a later one that stopped finding them fails.
            self.assertLess(tshark.version(), (4, 0), "this tshark -C finds no global profile")
        env = tshark.global_profile(data_dir, PROFILE)
        titles, rows = psml(tshark, "syn-scan.pcap", extra_args=("-c", "5"), env=env)
        self.assertEqual(titles, COLUMNS)
        self.assertEqual(rows[5]["Port state"], "closed")
        # tshark copied the global profile into the personal folder (the
        # sandbox did, for Wireshark 3.4's tshark, which finds none there).
        self.assertEqual(sorted(os.listdir(personal)), sorted(PROFILE_FILES))


if __name__ == "__main__":
    unittest.main()
