"""The statistics tree (tshark -z portclass,tree), against trees worked out by
hand from what Wireshark itself shows of each capture (pcaps/README.md and
`tshark -n -r CAPTURE -T fields -e frame.len -e ip.src ...` without the
plugin). A node counts a frame at most once, with the frame's length in the
bytes branch; each top node counts each frame once."""

import os
import re
import struct
import unittest

from tsharkrun import PCAPS_DIR, SOURCE_DIR, TsharkTestCase, concatenated

CAPTURES = sorted(name for name in os.listdir(PCAPS_DIR) if name.endswith(".pcap"))
NO_SERVICE = "(no assigned service)"
CLASS_PACKETS = "Packets by server port class"
CLASS_BYTES = "Bytes by server port class"
DIRECTION = "Packets by direction"
SERVICES = "Packets by server service"
NONSTANDARD = "Conversations with a server on a non-standard port"
PORT_STATES = "Ports seen open or closed"
OPEN_PORTS = "Open ports by host"
OPEN_PORTS_JA = "ホストごとの開いているポート"


def parse_tree(output):
    """{(node, child, ...): count} from tshark -z portclass,tree output; the
    depth of a node is its indentation."""
    counts = {}
    path = []
    for line in output.splitlines():
        match = re.match(r"^( *)(\S.*?)\s{2,}(\d+)\s", line)
        if not match or match.group(2) == "Topic / Item":
            continue
        depth = len(match.group(1))
        path = path[:depth] + [match.group(2)]
        counts[tuple(path)] = int(match.group(3))
    return counts


def tree(packets, bytes_, directions, services, port_states=None, nonstandard=None,
         open_ports=None):
    """The whole expected tree. packets, bytes_ and open_ports: (total,
    {class or host: (count, {service or port: count})}); directions,
    services, port_states, nonstandard: (total, {child: count})."""
    expected = {}
    for top, (total, classes) in ((CLASS_PACKETS, packets), (CLASS_BYTES, bytes_),
                                  (OPEN_PORTS, open_ports or (0, {}))):
        expected[(top,)] = total
        for cls, (count, by_service) in classes.items():
            expected[(top, cls)] = count
            for service, service_count in by_service.items():
                expected[(top, cls, service)] = service_count
    for top, branch in ((DIRECTION, directions), (SERVICES, services),
                        (PORT_STATES, port_states or (0, {})),
                        (NONSTANDARD, nonstandard or (0, {}))):
        total, children = branch
        expected[(top,)] = total
        for child, count in children.items():
            expected[(top, child)] = count
    return expected


# ---- A frame made here: VXLAN in VXLAN ----------------------------------------

def branch(tree_, top):
    """The nodes of one top node's branch, the top node included."""
    return {path: count for path, count in tree_.items() if path[0] == top}


# The tree in Japanese (-o portclass.language:ja): every node name but the
# services, the addresses and the numbers.
JAPANESE_TOPS = {
    CLASS_PACKETS: "サーバのポートの分類ごとのパケット数",
    CLASS_BYTES: "サーバのポートの分類ごとのバイト数",
    DIRECTION: "通信の向きごとのパケット数",
    SERVICES: "サーバのサービスごとのパケット数",
    NONSTANDARD: "本来のポート以外で待ち受けるサーバとの対話",
    PORT_STATES: "開いているか閉じているかがわかったポート",
    OPEN_PORTS: OPEN_PORTS_JA,
}
JAPANESE_CLASSES = {"well-known": "ウェルノウン", "registered": "登録", "dynamic": "ダイナミック"}
JAPANESE_DIRECTIONS = {"client-to-server": "クライアント→サーバ",
                       "server-to-client": "サーバ→クライアント"}
NO_SERVICE_JA = "(割り当てられたサービスなし)"
JAPANESE_STATES = {"open": "開いている", "closed": "閉じている"}
# The class words and "cleartext" of the open ports branch's port nodes.
JAPANESE_WORDS = [("(well-known", "(ウェルノウン"), ("(registered", "(登録"),
                  ("(dynamic", "(ダイナミック"), (", cleartext)", "、平文)")]


def in_japanese(path):
    """A path of the English tree as the Japanese tree names it."""
    top, rest = path[0], list(path[1:])
    if top in (CLASS_PACKETS, CLASS_BYTES) and rest:
        rest[0] = JAPANESE_CLASSES[rest[0]]
    if top in (CLASS_PACKETS, CLASS_BYTES, SERVICES) and rest and rest[-1] == NO_SERVICE:
        rest[-1] = NO_SERVICE_JA
    if top == DIRECTION and rest:
        rest[0] = JAPANESE_DIRECTIONS[rest[0]]
    if top == PORT_STATES and rest:
        # "192.0.2.1 port 23/tcp (Telnet): closed, first in frame 7"
        match = re.fullmatch(r"(\S+) port (\S+)( \(.+\))?: (open|closed), first in frame (\d+)",
                             rest[0])
        host, port, service, state, frame = match.groups()
        rest[0] = (f"{host} のポート {port}{service or ''}: {JAPANESE_STATES[state]}、"
                   f"最初はフレーム {frame}")
    if top == NONSTANDARD and rest:
        # "SSH on port 2222/tcp of 192.0.2.1"
        protocol, port, host = re.fullmatch(r"(.+) on port (\S+) of (\S+)", rest[0]).groups()
        rest[0] = f"{host} のポート {port} 上の {protocol}"
    if top == OPEN_PORTS and len(rest) == 2:
        for english, japanese in JAPANESE_WORDS:
            rest[1] = rest[1].replace(english, japanese)
    return (JAPANESE_TOPS[top],) + tuple(rest)


def checksum(data):
    """The Internet checksum of data (even length)."""
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ethernet(payload):
    return bytes.fromhex("020000000002" "020000000001" "0800") + payload


def ipv4(source, destination, protocol, payload):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0x1001, 0, 64, protocol, 0,
                         bytes(map(int, source.split("."))),
                         bytes(map(int, destination.split("."))))
    return header[:10] + struct.pack("!H", checksum(header)) + header[12:] + payload


def udp(source_port, destination_port, payload):
    """A UDP header without a checksum (0, allowed over IPv4)."""
    return struct.pack("!HHHH", source_port, destination_port, 8 + len(payload), 0) + payload


def vxlan(vni, payload):
    return struct.pack("!II", 0x08000000, vni << 8) + payload


def tcp_psh_ack(source_port, destination_port, payload):
    """A PSH/ACK segment; its checksum is 0 (tshark does not check it unless
    asked)."""
    return struct.pack("!HHIIBBHHH", source_port, destination_port, 1000, 2000, 5 << 4, 0x18,
                       64240, 0, 0) + payload


def nested_vxlan_frame():
    """One frame with three TCP/UDP headers, two of them in the same class
    and service: outer 203.0.113.1:49999 -> 203.0.113.2:4789 udp (VXLAN VNI
    42), then 10.0.0.1:49997 -> 10.0.0.2:4789 udp (VXLAN VNI 43), then
    10.1.0.1:50800 -> 10.1.0.2:22 tcp with an SSH client banner. 14 + 20 +
    8 + 8 bytes per VXLAN layer, 14 + 20 + 20 + 23 for the innermost: 177."""
    ssh = ethernet(ipv4("10.1.0.1", "10.1.0.2", 6,
                        tcp_psh_ack(50800, 22, b"SSH-2.0-OpenSSH_9.2p1\r\n")))
    inner = ethernet(ipv4("10.0.0.1", "10.0.0.2", 17, udp(49997, 4789, vxlan(43, ssh))))
    return ethernet(ipv4("203.0.113.1", "203.0.113.2", 17, udp(49999, 4789, vxlan(42, inner))))


def pcap(frames):
    """A classic pcap (little-endian, microseconds, Ethernet) of frames, the
    first at 1700000000.000000 and each next 1 ms later."""
    data = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)
    for number, frame in enumerate(frames):
        data += struct.pack("<IIII", 1700000000, number * 1000, len(frame), len(frame)) + frame
    return data


class StatsTreeTest(TsharkTestCase):
    maxDiff = None

    def stats(self, capture, *args):
        output = self.tshark.run("-n", "-q", "-r", self.tshark.capture(capture), "-z",
                                 "portclass,tree", *args).stdout
        return parse_tree(output)

    def assert_tree(self, capture, expected, *options):
        """The tree of one pass and of two (-2, where the tap sees each
        frame in the second pass only) are both the one worked out by hand."""
        for args in ((), ("-2",)):
            with self.subTest(capture=capture, args=args):
                self.assertEqual(self.stats(capture, *options, *args), expected)

    def test_tunnels_count_each_frame_once_per_node(self):
        # Frame lengths 127, 95, 153, 107, 143, 127. Frames 1, 4, 5 and 6 have
        # an outer UDP header on a registered tunnel port (VXLAN 4789, GTP-U
        # 2152, Teredo 3544, Geneve 6081) and an inner well-known one; frames
        # 2 (GRE) and 3 (IP in IP) only the inner one. Every frame counts
        # once in each top node and under each class and service it shows.
        expected = tree(
            packets=(6, {"well-known": (6, {"SSH": 2, "HTTP": 2, "DNS": 2}),
                         "registered": (4, {"VXLAN": 1, "GTP-U": 1, "Teredo": 1, "Geneve": 1})}),
            bytes_=(752, {"well-known": (752, {"SSH": 127 + 127, "DNS": 95 + 107,
                                               "HTTP": 153 + 143}),
                          "registered": (127 + 107 + 143 + 127,
                                         {"VXLAN": 127, "GTP-U": 107, "Teredo": 143,
                                          "Geneve": 127})}),
            directions=(6, {"client-to-server": 6}),
            services=(6, {"SSH": 2, "HTTP": 2, "DNS": 2, "VXLAN": 1, "GTP-U": 1, "Teredo": 1,
                          "Geneve": 1}))
        self.assert_tree("tunnels.pcap", expected)

    def test_two_headers_in_one_node_count_the_frame_once(self):
        self.tshark.write_file("nested-vxlan.pcap", pcap([nested_vxlan_frame()]))
        rows = self.tshark.fields("nested-vxlan.pcap", ["frame.len", "udp.dstport", "tcp.dstport"])
        self.assertEqual(rows, [["177", "4789,4789", "22"]])
        expected = tree(
            packets=(1, {"registered": (1, {"VXLAN": 1}), "well-known": (1, {"SSH": 1})}),
            bytes_=(177, {"registered": (177, {"VXLAN": 177}), "well-known": (177, {"SSH": 177})}),
            directions=(1, {"client-to-server": 1}),
            services=(1, {"VXLAN": 1, "SSH": 1}))
        self.assertEqual(self.stats("nested-vxlan.pcap"), expected)

    def test_icmp_errors_count_in_the_quoted_conversation(self):
        # Frames 1 (71 bytes) and 3 (110) are the DNS and NTP queries; frames
        # 2 (99) and 4 (158) the ICMP and ICMPv6 port unreachable quoting
        # them, whose only TCP/UDP header is the quoted one.
        expected = tree(
            packets=(4, {"well-known": (4, {"DNS": 2, "NTP": 2})}),
            bytes_=(438, {"well-known": (438, {"DNS": 71 + 99, "NTP": 110 + 158})}),
            directions=(4, {"client-to-server": 4}),
            services=(4, {"DNS": 2, "NTP": 2}),
            port_states=(2, {"198.51.100.20 port 53/udp (DNS): closed, first in frame 2": 1,
                             "2001:db8::20 port 123/udp (NTP): closed, first in frame 4": 1}))
        self.assert_tree("icmp-unreachable.pcap", expected)

    def test_seed_services_by_hand(self):
        # One header per frame. By conversation: frames, then frame lengths.
        ssh = [58, 58, 54, 86, 77]                   # frames 1-5
        telnet = [58, 58, 54, 73, 61]                # 6-10
        smtp = [58, 58, 54, 82, 79, 76]              # 11-16
        whois = [58, 58, 54, 67, 137]                # 17-21
        dns = [75, 106] + [58, 58, 54, 85, 124]      # 22-23 udp, 24-28 tcp
        http = [58, 58, 54, 133, 124]                # 29-33
        https = [58, 58, 54, 255]                    # 34-37
        conversations = {"SSH": ssh, "Telnet": telnet, "SMTP": smtp, "WHOIS": whois, "DNS": dns,
                         "HTTP": http, "HTTPS": https}
        packets = {service: len(lengths) for service, lengths in conversations.items()}
        bytes_ = {service: sum(lengths) for service, lengths in conversations.items()}
        # Each conversation's SYN-ACK (the DNS/UDP answer) proves its port open.
        states = {f"198.51.100.20 port {port} ({service}): open, first in frame {frame}": 1
                  for port, service, frame in [
                      ("22/tcp", "SSH", 2), ("23/tcp", "Telnet", 7), ("25/tcp", "SMTP", 12),
                      ("43/tcp", "WHOIS", 18), ("53/udp", "DNS", 23), ("53/tcp", "DNS", 25),
                      ("80/tcp", "HTTP", 30), ("443/tcp", "HTTPS", 35)]}
        # The same eight packets under the server; SSH, WHOIS and HTTPS are
        # the services not marked cleartext.
        open_ports = {"22/tcp SSH (well-known)": 1,
                      "23/tcp Telnet (well-known, cleartext)": 1,
                      "25/tcp SMTP (well-known, cleartext)": 1,
                      "43/tcp WHOIS (well-known)": 1,
                      "53/udp DNS (well-known, cleartext)": 1,
                      "53/tcp DNS (well-known, cleartext)": 1,
                      "80/tcp HTTP (well-known, cleartext)": 1,
                      "443/tcp HTTPS (well-known)": 1}
        expected = tree(
            packets=(37, {"well-known": (37, packets)}),
            bytes_=(2830, {"well-known": (2830, bytes_)}),
            # From 192.0.2.10: frames 1, 3, 5, 6, 8, 10, 11, 13, 15, 17, 19,
            # 20, 22, 24, 26, 27, 29, 31, 32, 34, 36, 37.
            directions=(37, {"client-to-server": 22, "server-to-client": 15}),
            services=(37, packets),
            port_states=(8, states),
            open_ports=(8, {"198.51.100.20": (8, open_ports)}))
        self.assertEqual(sum(bytes_.values()), 2830)
        self.assert_tree("seed-services.pcap", expected)

    def test_syn_scan_by_hand(self):
        tree_ = self.stats("syn-scan.pcap")
        # 15 frames, one header each with roles, and frame 13 (an ICMP
        # port unreachable) counted in the conversation it quotes.
        self.assertEqual(tree_[(CLASS_PACKETS,)], 15)
        self.assertEqual(tree_[(CLASS_PACKETS, "well-known")], 14)
        self.assertEqual(tree_[(CLASS_PACKETS, "registered", "RDP")], 1)
        self.assertEqual(tree_[(CLASS_PACKETS, "well-known", "SSH")], 3)
        self.assertEqual(tree_[(DIRECTION, "client-to-server")], 10)
        self.assertEqual(tree_[(DIRECTION, "server-to-client")], 5)
        self.assertEqual(tree_[(NONSTANDARD,)], 0)
        states = {path[1]: count for path, count in tree_.items()
                  if len(path) == 2 and path[0] == PORT_STATES}
        self.assertEqual(states, {
            "198.51.100.20 port 22/tcp (SSH): open, first in frame 2": 1,
            "198.51.100.20 port 23/tcp (Telnet): closed, first in frame 5": 1,
            "198.51.100.20 port 80/tcp (HTTP): open, first in frame 7": 1,
            "198.51.100.20 port 443/tcp (HTTPS): closed, first in frame 10": 1,
            "198.51.100.20 port 161/udp (SNMP): closed, first in frame 13": 1,
            "198.51.100.20 port 53/udp (DNS): open, first in frame 15": 1,
        })

    def test_open_doors_open_ports_by_hand(self):
        # pcaps/README.md and tshark -V of open-doors.pcap: the SYN-ACKs of
        # 192.0.2.10 from 80 (frames 4 and 26) and 443 (11 and 29), of
        # 192.0.2.25 from 25 (16), of 192.0.2.102 from 23 (82 and 95), and
        # the DNS answers of 192.0.2.53 (2, 9 and 64); 192.0.2.101 answers
        # RST or ICMP port unreachable only. SSH, 445 and 3389 are closed
        # everywhere. HTTPS is the one service not marked cleartext.
        expected = {
            (OPEN_PORTS,): 10,
            (OPEN_PORTS, "192.0.2.10"): 4,
            (OPEN_PORTS, "192.0.2.10", "80/tcp HTTP (well-known, cleartext)"): 2,
            (OPEN_PORTS, "192.0.2.10", "443/tcp HTTPS (well-known)"): 2,
            (OPEN_PORTS, "192.0.2.25"): 1,
            (OPEN_PORTS, "192.0.2.25", "25/tcp SMTP (well-known, cleartext)"): 1,
            (OPEN_PORTS, "192.0.2.53"): 3,
            (OPEN_PORTS, "192.0.2.53", "53/udp DNS (well-known, cleartext)"): 3,
            (OPEN_PORTS, "192.0.2.102"): 2,
            (OPEN_PORTS, "192.0.2.102", "23/tcp Telnet (well-known, cleartext)"): 2,
        }
        for args in ((), ("-2",)):
            with self.subTest(args=args):
                tree_ = self.stats("open-doors.pcap", *args)
                self.assertEqual(branch(tree_, OPEN_PORTS), expected)
                # The same packets say "open" in the port states branch.
                self.assertEqual(sum(count for path, count in branch(tree_, PORT_STATES).items()
                                     if len(path) == 2 and ": open, " in path[1]), 10)

    def test_open_doors_branch_in_how_it_works(self):
        # docs/how-it-works.md shows the branch on open-doors.pcap.
        with open(os.path.join(SOURCE_DIR, "docs", "how-it-works.md"), encoding="utf-8") as f:
            page = f.read()
        block = re.search(r"```text\n(" + re.escape(OPEN_PORTS) + r" .*?)```", page, re.S)
        self.assertIsNotNone(block)
        shown = {}
        path = []
        for line in block.group(1).splitlines():
            match = re.match(r"^( *)(\S.*?)\s{2,}(\d+)$", line)
            depth = len(match.group(1))
            path = path[:depth] + [match.group(2)]
            shown[tuple(path)] = int(match.group(3))
        self.assertEqual(shown, branch(self.stats("open-doors.pcap"), OPEN_PORTS))

    def test_title_follows_the_language_at_start_up(self):
        # The title is registered before preferences are read: in a Japanese
        # window or system it is Japanese whatever -o says; the nodes follow
        # -o.
        capture = self.tshark.capture("open-doors.pcap")
        japanese_system = {"LC_ALL": "ja_JP.UTF-8", "LANG": "ja_JP.UTF-8"}
        # Wireshark's window in Japanese: its language file, in a
        # configuration folder of this test's own.
        folder = self.tshark.make_dir("config-japanese-window", 0o777)
        self.tshark.write_config_file("language", "language: ja_JP\n", folder)
        japanese_window = {"WIRESHARK_CONFIG_DIR": folder, "XDG_CONFIG_HOME": folder}
        for env, args, title, top in (
                (None, (), "Port Classification:", CLASS_PACKETS),
                (japanese_window, (), "ポート分類:", JAPANESE_TOPS[CLASS_PACKETS]),
                (None, ("-o", "portclass.language:ja"), "Port Classification:",
                 JAPANESE_TOPS[CLASS_PACKETS]),
                (japanese_system, (), "ポート分類:", JAPANESE_TOPS[CLASS_PACKETS]),
                (japanese_system, ("-o", "portclass.language:en"), "ポート分類:", CLASS_PACKETS)):
            with self.subTest(env=env, args=args):
                output = self.tshark.run("-n", "-q", "-r", capture, "-z", "portclass,tree", *args,
                                         env=env).stdout
                self.assertEqual(output.splitlines()[2], title)
                self.assertEqual(parse_tree(output)[(top,)], 101)

    def test_japanese_names_in_how_it_works(self):
        # docs/how-it-works.md names the Japanese branches as the tree does.
        with open(os.path.join(SOURCE_DIR, "docs", "how-it-works.md"), encoding="utf-8") as f:
            page = re.sub(r"\s*\n\s*", " ", f.read())
        for name in JAPANESE_TOPS.values():
            self.assertIn(f"「{name}」", page)
        for name in ("192.0.2.102 のポート 23/tcp (Telnet): 開いている、最初はフレーム 82",
                     "198.51.100.20 のポート 4444/tcp 上の HTTP"):
            self.assertIn(f"`{name}`", page)

    def test_open_doors_open_ports_in_japanese(self):
        tree_ = self.stats("open-doors.pcap", "-o", "portclass.language:ja")
        self.assertEqual(branch(tree_, OPEN_PORTS_JA), {
            (OPEN_PORTS_JA,): 10,
            (OPEN_PORTS_JA, "192.0.2.10"): 4,
            (OPEN_PORTS_JA, "192.0.2.10", "80/tcp HTTP (ウェルノウン、平文)"): 2,
            (OPEN_PORTS_JA, "192.0.2.10", "443/tcp HTTPS (ウェルノウン)"): 2,
            (OPEN_PORTS_JA, "192.0.2.25"): 1,
            (OPEN_PORTS_JA, "192.0.2.25", "25/tcp SMTP (ウェルノウン、平文)"): 1,
            (OPEN_PORTS_JA, "192.0.2.53"): 3,
            (OPEN_PORTS_JA, "192.0.2.53", "53/udp DNS (ウェルノウン、平文)"): 3,
            (OPEN_PORTS_JA, "192.0.2.102"): 2,
            (OPEN_PORTS_JA, "192.0.2.102", "23/tcp Telnet (ウェルノウン、平文)"): 2,
        })
        self.assertNotIn((OPEN_PORTS,), tree_)

    def test_classroom_minute_open_ports(self):
        # pcaps/README.md: the download's SYN-ACK from 198.51.100.80:8080
        # (HTTP-Alt, registered), the STUN peer's first answer from its
        # dynamic port 54400 (later answers in the same conversation prove
        # nothing new), the three open ports the scan finds on 192.0.2.10,
        # the 120 DNS answers (two a second), the HTTP SYN-ACKs
        # (6), the HTTPS ones (4), and submission's on 587.
        tree_ = self.stats("classroom-minute.pcap")
        self.assertEqual(branch(tree_, OPEN_PORTS), {
            (OPEN_PORTS,): 136,
            (OPEN_PORTS, "198.51.100.80"): 1,
            (OPEN_PORTS, "198.51.100.80", "8080/tcp HTTP-Alt (registered, cleartext)"): 1,
            (OPEN_PORTS, "198.51.100.70"): 1,
            (OPEN_PORTS, "198.51.100.70", "54400/udp (dynamic)"): 1,
            (OPEN_PORTS, "192.0.2.10"): 3,
            (OPEN_PORTS, "192.0.2.10", "22/tcp SSH (well-known)"): 1,
            (OPEN_PORTS, "192.0.2.10", "80/tcp HTTP (well-known, cleartext)"): 1,
            (OPEN_PORTS, "192.0.2.10", "139/tcp NetBIOS-SSN (well-known)"): 1,
            (OPEN_PORTS, "198.51.100.53"): 120,
            (OPEN_PORTS, "198.51.100.53", "53/udp DNS (well-known, cleartext)"): 120,
            (OPEN_PORTS, "198.51.100.20"): 8,
            (OPEN_PORTS, "198.51.100.20", "80/tcp HTTP (well-known, cleartext)"): 6,
            (OPEN_PORTS, "198.51.100.20", "443/tcp HTTPS (well-known)"): 2,
            (OPEN_PORTS, "198.51.100.30"): 2,
            (OPEN_PORTS, "198.51.100.30", "443/tcp HTTPS (well-known)"): 2,
            (OPEN_PORTS, "198.51.100.25"): 1,
            (OPEN_PORTS, "198.51.100.25", "587/tcp Submission (well-known)"): 1,
        })

    def test_nonstandard_conversations(self):
        tree_ = self.stats("nonstandard-ports.pcap")
        # Wireshark 4.6 recognises SSH on 2222 by its banner, 4.0 and later
        # DNS on 8053 by its header; where tshark decodes nothing, nothing
        # is said.
        ssh_found = 1 if self.tshark.ssh_decoded_on_2222() else 0
        dns_found = 1 if self.tshark.dns_decoded_on_8053() else 0
        self.assertEqual(tree_[(NONSTANDARD,)], 1 + ssh_found + dns_found)
        self.assertEqual(tree_.get((NONSTANDARD, "SSH on port 2222/tcp of 198.51.100.20"), 0),
                         ssh_found)
        self.assertEqual(tree_[(NONSTANDARD, "HTTP on port 4444/tcp of 198.51.100.20")], 1)
        self.assertEqual(tree_.get((NONSTANDARD, "DNS on port 8053/udp of 198.51.100.20"), 0),
                         dns_found)

    def test_every_capture_counts_each_frame_once_in_the_totals(self):
        # All captures one after the other, in one run. Every frame in which
        # Wireshark shows a TCP or UDP header with both ports (a destination
        # port, quoted or not) counts once in the totals, with its length;
        # below a total, a node counts no frame its parent did not, and every
        # frame its parent counted falls in one of its children at least.
        self.tshark.write_file("all.pcap", concatenated(
            [os.path.join(PCAPS_DIR, name) for name in CAPTURES]))
        rows = self.tshark.fields("all.pcap", ["frame.len"], "tcp.dstport || udp.dstport")
        found = self.stats("all.pcap")
        for top in [CLASS_PACKETS, DIRECTION, SERVICES]:
            self.assertEqual(found[(top,)], len(rows), top)
        self.assertEqual(found[(CLASS_BYTES,)], sum(int(row[0]) for row in rows))
        for path, count in found.items():
            children = [child_count for child, child_count in found.items()
                        if len(child) == len(path) + 1 and child[:len(path)] == path]
            with self.subTest(node=path):
                self.assertLessEqual(max(children, default=0), count)
                if children or len(path) == 1:
                    self.assertGreaterEqual(sum(children), count)

    def test_custom_names_and_language_do_not_change_the_counts(self):
        # In Japanese every node has its Japanese name and the same count as
        # in English. Between them the captures show every class, both
        # directions, a port with no assigned service, open and closed ports
        # (some proved by an ICMP error) and a non-standard port.
        for capture in ("seed-services.pcap", "port-classes.pcap", "icmp-unreachable.pcap",
                        "nonstandard-ports.pcap"):
            with self.subTest(capture=capture):
                plain = self.stats(capture)
                japanese = self.stats(capture, "-o", "portclass.language:ja")
                self.assertEqual(japanese,
                                 {in_japanese(path): count for path, count in plain.items()})
        self.assertIn((OPEN_PORTS_JA, "198.51.100.20", "23/tcp Telnet (ウェルノウン、平文)"),
                      self.stats("seed-services.pcap", "-o", "portclass.language:ja"))

    def test_japanese_names_by_hand(self):
        # port-classes.pcap (pcaps/README.md): from 49152 to 0, 1, 1023
        # (frames 1-3), 1024, 49151 (4, 5), 49152, 65535 (6, 7), from 65535
        # to 1 (8), and frame 9 from 0 to 1024, where the sender's port 0 is
        # the server's (a reply to 1024's client) and proves it open. Only
        # port 1 (tcpmux, frames 2 and 8) has an assigned service.
        tree_ = self.stats("port-classes.pcap", "-o", "portclass.language:ja")
        top, by_service = JAPANESE_TOPS[CLASS_PACKETS], JAPANESE_TOPS[SERVICES]
        self.assertEqual(tree_[(top, "ウェルノウン")], 5)
        self.assertEqual(tree_[(top, "ウェルノウン", "(割り当てられたサービスなし)")], 3)
        self.assertEqual(tree_[(top, "ウェルノウン", "tcpmux")], 2)
        self.assertEqual(tree_[(top, "登録", "(割り当てられたサービスなし)")], 2)
        self.assertEqual(tree_[(top, "ダイナミック", "(割り当てられたサービスなし)")], 2)
        self.assertEqual(tree_[(by_service, "(割り当てられたサービスなし)")], 7)
        self.assertEqual(tree_[(JAPANESE_TOPS[DIRECTION], "クライアント→サーバ")], 8)
        self.assertEqual(tree_[(JAPANESE_TOPS[DIRECTION], "サーバ→クライアント")], 1)
        self.assertEqual(branch(tree_, JAPANESE_TOPS[PORT_STATES]), {
            (JAPANESE_TOPS[PORT_STATES],): 1,
            (JAPANESE_TOPS[PORT_STATES], "192.0.2.10 のポート 0/udp: 開いている、最初はフレーム 9"): 1,
        })
        # nonstandard-ports.pcap: HTTP on 4444/tcp in every version.
        tree_ = self.stats("nonstandard-ports.pcap", "-o", "portclass.language:ja")
        self.assertEqual(tree_[(JAPANESE_TOPS[NONSTANDARD],
                                "198.51.100.20 のポート 4444/tcp 上の HTTP")], 1)

    def test_open_doors_whole_tree_in_japanese_by_hand(self):
        # Every line written out. The counts, from pcaps/README.md: 101
        # frames, each with one TCP/UDP header (the four ICMP port
        # unreachables count in the DNS query they quote, client to server).
        # Services: Telnet 19 (the check's 5 SYNs and 5 answers, the
        # administrator's RST after the SYN-ACK of .102, the login's 8
        # frames), HTTP and HTTPS 16 each (5 ordinary, 10 of the check and
        # the RST after the open port's SYN-ACK), DNS 14 (4 ordinary, 5
        # queries and 5 answers or ICMP errors of the check), SSH, SMB and
        # RDP 10 each, SMTP 6. From a server: the 9 answers of the ordinary
        # traffic (DNS 2, HTTP 2, TLS 2, SMTP 3), the check's 30 TCP answers
        # and 1 DNS answer, the 4 Telnet server segments of the login: 44.
        # Bytes: the sums of frame.len of each service's frames.
        ports = JAPANESE_TOPS[PORT_STATES]
        expected = {
            ("サーバのポートの分類ごとのパケット数",): 101,
            ("サーバのポートの分類ごとのパケット数", "ウェルノウン"): 91,
            ("サーバのポートの分類ごとのパケット数", "ウェルノウン", "Telnet"): 19,
            ("サーバのポートの分類ごとのパケット数", "ウェルノウン", "HTTPS"): 16,
            ("サーバのポートの分類ごとのパケット数", "ウェルノウン", "HTTP"): 16,
            ("サーバのポートの分類ごとのパケット数", "ウェルノウン", "DNS"): 14,
            ("サーバのポートの分類ごとのパケット数", "ウェルノウン", "SSH"): 10,
            ("サーバのポートの分類ごとのパケット数", "ウェルノウン", "SMB"): 10,
            ("サーバのポートの分類ごとのパケット数", "ウェルノウン", "SMTP"): 6,
            ("サーバのポートの分類ごとのパケット数", "登録"): 10,
            ("サーバのポートの分類ごとのパケット数", "登録", "RDP"): 10,
            ("サーバのポートの分類ごとのバイト数",): 6917,
            ("サーバのポートの分類ごとのバイト数", "ウェルノウン"): 6357,
            ("サーバのポートの分類ごとのバイト数", "ウェルノウン", "HTTPS"): 1415,
            ("サーバのポートの分類ごとのバイト数", "ウェルノウン", "DNS"): 1255,
            ("サーバのポートの分類ごとのバイト数", "ウェルノウン", "Telnet"): 1115,
            ("サーバのポートの分類ごとのバイト数", "ウェルノウン", "HTTP"): 1045,
            ("サーバのポートの分類ごとのバイト数", "ウェルノウン", "SSH"): 560,
            ("サーバのポートの分類ごとのバイト数", "ウェルノウン", "SMB"): 560,
            ("サーバのポートの分類ごとのバイト数", "ウェルノウン", "SMTP"): 407,
            ("サーバのポートの分類ごとのバイト数", "登録"): 560,
            ("サーバのポートの分類ごとのバイト数", "登録", "RDP"): 560,
            ("通信の向きごとのパケット数",): 101,
            ("通信の向きごとのパケット数", "クライアント→サーバ"): 57,
            ("通信の向きごとのパケット数", "サーバ→クライアント"): 44,
            ("サーバのサービスごとのパケット数",): 101,
            ("サーバのサービスごとのパケット数", "Telnet"): 19,
            ("サーバのサービスごとのパケット数", "HTTPS"): 16,
            ("サーバのサービスごとのパケット数", "HTTP"): 16,
            ("サーバのサービスごとのパケット数", "DNS"): 14,
            ("サーバのサービスごとのパケット数", "SSH"): 10,
            ("サーバのサービスごとのパケット数", "SMB"): 10,
            ("サーバのサービスごとのパケット数", "RDP"): 10,
            ("サーバのサービスごとのパケット数", "SMTP"): 6,
            ("本来のポート以外で待ち受けるサーバとの対話",): 0,
            ("開いているか閉じているかがわかったポート",): 41,
            (ports, "192.0.2.10 のポート 22/tcp (SSH): 閉じている、最初はフレーム 22"): 1,
            (ports, "192.0.2.10 のポート 23/tcp (Telnet): 閉じている、最初はフレーム 24"): 1,
            (ports, "192.0.2.10 のポート 80/tcp (HTTP): 開いている、最初はフレーム 4"): 2,
            (ports, "192.0.2.10 のポート 443/tcp (HTTPS): 開いている、最初はフレーム 11"): 2,
            (ports, "192.0.2.10 のポート 445/tcp (SMB): 閉じている、最初はフレーム 32"): 1,
            (ports, "192.0.2.10 のポート 3389/tcp (RDP): 閉じている、最初はフレーム 34"): 1,
            (ports, "192.0.2.10 のポート 53/udp (DNS): 閉じている、最初はフレーム 36"): 1,
            (ports, "192.0.2.25 のポート 25/tcp (SMTP): 開いている、最初はフレーム 16"): 1,
            (ports, "192.0.2.25 のポート 22/tcp (SSH): 閉じている、最初はフレーム 38"): 1,
            (ports, "192.0.2.25 のポート 23/tcp (Telnet): 閉じている、最初はフレーム 40"): 1,
            (ports, "192.0.2.25 のポート 80/tcp (HTTP): 閉じている、最初はフレーム 42"): 1,
            (ports, "192.0.2.25 のポート 443/tcp (HTTPS): 閉じている、最初はフレーム 44"): 1,
            (ports, "192.0.2.25 のポート 445/tcp (SMB): 閉じている、最初はフレーム 46"): 1,
            (ports, "192.0.2.25 のポート 3389/tcp (RDP): 閉じている、最初はフレーム 48"): 1,
            (ports, "192.0.2.25 のポート 53/udp (DNS): 閉じている、最初はフレーム 50"): 1,
            (ports, "192.0.2.53 のポート 53/udp (DNS): 開いている、最初はフレーム 2"): 3,
            (ports, "192.0.2.53 のポート 22/tcp (SSH): 閉じている、最初はフレーム 52"): 1,
            (ports, "192.0.2.53 のポート 23/tcp (Telnet): 閉じている、最初はフレーム 54"): 1,
            (ports, "192.0.2.53 のポート 80/tcp (HTTP): 閉じている、最初はフレーム 56"): 1,
            (ports, "192.0.2.53 のポート 443/tcp (HTTPS): 閉じている、最初はフレーム 58"): 1,
            (ports, "192.0.2.53 のポート 445/tcp (SMB): 閉じている、最初はフレーム 60"): 1,
            (ports, "192.0.2.53 のポート 3389/tcp (RDP): 閉じている、最初はフレーム 62"): 1,
            (ports, "192.0.2.101 のポート 22/tcp (SSH): 閉じている、最初はフレーム 66"): 1,
            (ports, "192.0.2.101 のポート 23/tcp (Telnet): 閉じている、最初はフレーム 68"): 1,
            (ports, "192.0.2.101 のポート 80/tcp (HTTP): 閉じている、最初はフレーム 70"): 1,
            (ports, "192.0.2.101 のポート 443/tcp (HTTPS): 閉じている、最初はフレーム 72"): 1,
            (ports, "192.0.2.101 のポート 445/tcp (SMB): 閉じている、最初はフレーム 74"): 1,
            (ports, "192.0.2.101 のポート 3389/tcp (RDP): 閉じている、最初はフレーム 76"): 1,
            (ports, "192.0.2.101 のポート 53/udp (DNS): 閉じている、最初はフレーム 78"): 1,
            (ports, "192.0.2.102 のポート 22/tcp (SSH): 閉じている、最初はフレーム 80"): 1,
            (ports, "192.0.2.102 のポート 23/tcp (Telnet): 開いている、最初はフレーム 82"): 2,
            (ports, "192.0.2.102 のポート 80/tcp (HTTP): 閉じている、最初はフレーム 85"): 1,
            (ports, "192.0.2.102 のポート 443/tcp (HTTPS): 閉じている、最初はフレーム 87"): 1,
            (ports, "192.0.2.102 のポート 445/tcp (SMB): 閉じている、最初はフレーム 89"): 1,
            (ports, "192.0.2.102 のポート 3389/tcp (RDP): 閉じている、最初はフレーム 91"): 1,
            (ports, "192.0.2.102 のポート 53/udp (DNS): 閉じている、最初はフレーム 93"): 1,
            ("ホストごとの開いているポート",): 10,
            ("ホストごとの開いているポート", "192.0.2.10"): 4,
            ("ホストごとの開いているポート", "192.0.2.10", "80/tcp HTTP (ウェルノウン、平文)"): 2,
            ("ホストごとの開いているポート", "192.0.2.10", "443/tcp HTTPS (ウェルノウン)"): 2,
            ("ホストごとの開いているポート", "192.0.2.25"): 1,
            ("ホストごとの開いているポート", "192.0.2.25", "25/tcp SMTP (ウェルノウン、平文)"): 1,
            ("ホストごとの開いているポート", "192.0.2.53"): 3,
            ("ホストごとの開いているポート", "192.0.2.53", "53/udp DNS (ウェルノウン、平文)"): 3,
            ("ホストごとの開いているポート", "192.0.2.102"): 2,
            ("ホストごとの開いているポート", "192.0.2.102", "23/tcp Telnet (ウェルノウン、平文)"): 2,
        }
        self.assertEqual(sum(count for path, count in expected.items()
                             if len(path) == 2 and path[0] == ports), 41)
        # Both passes; and the English tree, named in Japanese, is the same.
        self.assert_tree("open-doors.pcap", expected, "-o", "portclass.language:ja")
        self.assertEqual({in_japanese(path): count
                          for path, count in self.stats("open-doors.pcap").items()}, expected)


if __name__ == "__main__":
    unittest.main()
