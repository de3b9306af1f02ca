"""The committed captures are exactly what pcaps/make-pcaps.py writes, so
every expected value in the other tests traces back to a readable script;
and the two classroom captures hold what pcaps/README.md says, packet by
packet where a lesson relies on it."""

import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

from tsharkrun import PCAPS_DIR, TsharkTestCase, pcap_frame_count


def python_with_scapy():
    for python in (sys.executable, "/usr/bin/python3"):
        if os.path.exists(python) and subprocess.run(
                [python, "-c", "import scapy"], capture_output=True).returncode == 0:
            return python
    return None


class GeneratorTest(unittest.TestCase):
    def test_regenerated_captures_are_identical(self):
        python = python_with_scapy()
        if python is None:
            self.fail("no Python with scapy (Debian: python3-scapy) to run make-pcaps.py")
        out = tempfile.mkdtemp(prefix="portclass-pcaps-")
        try:
            subprocess.run([python, os.path.join(PCAPS_DIR, "make-pcaps.py"), out], check=True,
                           capture_output=True)
            committed = sorted(n for n in os.listdir(PCAPS_DIR) if n.endswith(".pcap"))
            made = sorted(n for n in os.listdir(out) if n.endswith(".pcap"))
            self.assertEqual(made, committed)
            for name in committed:
                with self.subTest(capture=name):
                    self.assertTrue(filecmp.cmp(os.path.join(out, name),
                                                os.path.join(PCAPS_DIR, name), shallow=False))
        finally:
            shutil.rmtree(out, ignore_errors=True)


# ---- open-doors.pcap -----------------------------------------------------------

DOORS_ADMIN = "203.0.113.7"
# The hosts in the order the administrator checks them, with the TCP ports
# each has open (pcaps/README.md).
DOORS_HOSTS = [("192.0.2.10", {80, 443}), ("192.0.2.25", set()), ("192.0.2.53", set()),
               ("192.0.2.101", set()), ("192.0.2.102", {23})]
DOORS_CHECKED = [22, 23, 80, 443, 445, 3389]
SYN_ACK, RST_ACK = "0x0012", "0x0014"


def doors_check_answers():
    """The check's answers, frame by frame from frame 21, as the README
    describes them: each probe is a SYN, then SYN-ACK and the
    administrator's RST (open) or RST/ACK (closed); each host's DNS probe is
    a query and the DNS answer (192.0.2.53) or ICMP port unreachable.
    [(frame, answering host, port, what)]."""
    answers, frame = [], 21
    for host, open_ports in DOORS_HOSTS:
        for port in DOORS_CHECKED:
            is_open = port in open_ports
            answers.append((frame + 1, host, port, SYN_ACK if is_open else RST_ACK))
            frame += 3 if is_open else 2
        answers.append((frame + 1, host, 53, "dns" if host == "192.0.2.53" else "icmp"))
        frame += 2
    return answers


class OpenDoorsTest(TsharkTestCase):
    def test_frames(self):
        self.assertEqual(pcap_frame_count(os.path.join(PCAPS_DIR, "open-doors.pcap")), 101)

    def test_the_check_answers_as_the_readme_says(self):
        expected = []
        for frame, host, port, what in doors_check_answers():
            if what in (SYN_ACK, RST_ACK):
                expected.append([str(frame), host, DOORS_ADMIN, str(port), "61000", what])
            elif what == "dns":
                expected.append([str(frame), host, DOORS_ADMIN, "53", "", "dns"])
            else:   # the ICMP error and the query it quotes
                expected.append([str(frame), f"{host},{DOORS_ADMIN}", f"{DOORS_ADMIN},{host}",
                                 "", "", "icmp"])
        self.assertEqual(expected[-1][0], "93")
        rows = self.tshark.fields(
            "open-doors.pcap", ["frame.number", "ip.src", "ip.dst", "tcp.srcport", "tcp.dstport",
                                "tcp.flags", "udp.srcport", "_ws.col.Protocol"],
            "frame.number >= 21 && frame.number <= 93")
        found = []
        for number, src, dst, tcp_sport, tcp_dport, flags, udp_sport, protocol in rows:
            if src == DOORS_ADMIN:
                continue
            if flags:
                # 3.4 prints tcp.flags with eight digits, 0x00000014.
                found.append([number, src, dst, tcp_sport, tcp_dport, f"0x{int(flags, 16):04x}"])
            elif protocol == "DNS":
                found.append([number, src, dst, udp_sport, "", "dns"])
            else:
                found.append([number, src, dst, "", "", protocol.lower()])
        self.assertEqual(found, expected)

    def test_port_states(self):
        # Open: the SYN-ACKs of the ordinary traffic (4, 11, 16) and of the
        # check, the DNS answers (2, 9, 64). Closed: every RST/ACK and ICMP
        # port unreachable of the check.
        rows = self.tshark.fields("open-doors.pcap",
                                  ["frame.number", "portclass.port_state"],
                                  "portclass.port_state")
        states = {int(number): state for number, state in rows}
        opened = sorted(frame for frame, state in states.items() if state == "open")
        self.assertEqual(opened, [2, 4, 9, 11, 16, 26, 29, 64, 82, 95])
        closed = sorted(frame for frame, state in states.items() if state == "closed")
        self.assertEqual(closed, sorted(frame for frame, _, _, what in doors_check_answers()
                                        if what in (RST_ACK, "icmp")))
        self.assertEqual(len(closed), 31)

    def test_workstation_102_has_telnet_open(self):
        rows = self.tshark.fields(
            "open-doors.pcap", ["frame.number", "ip.src", "portclass.server.port",
                                "portclass.server.service", "portclass.server.cleartext",
                                "portclass.port_state"],
            "ip.src == 192.0.2.102 && portclass.port_state == \"open\"")
        # A boolean field prints 1 up to Wireshark 4.0, True from 4.2 on.
        rows = [[{"True": "1", "False": "0"}.get(value, value) for value in row] for row in rows]
        self.assertEqual(rows, [["82", "192.0.2.102", "23", "Telnet", "1", "open"],
                                ["95", "192.0.2.102", "23", "Telnet", "1", "open"]])
        # No packet proves a port of 192.0.2.101 open.
        self.assertEqual(self.tshark.fields(
            "open-doors.pcap", ["frame.number"],
            "ip.src == 192.0.2.101 && portclass.port_state == \"open\""), [])

    def test_telnet_login_attempt(self):
        rows = self.tshark.fields("open-doors.pcap", ["frame.number", "ip.src", "telnet.data"],
                                  "telnet")
        self.assertEqual(rows, [["97", "192.0.2.102", "login: "],
                                ["98", DOORS_ADMIN, "admin\\r\\n"],
                                ["99", "192.0.2.102", "Password: "],
                                ["100", DOORS_ADMIN, "admin\\r\\n"],
                                ["101", "192.0.2.102",
                                 "\\r\\n,Login incorrect\\r\\n,login: "]])


# ---- classroom-minute.pcap -----------------------------------------------------

IO_ROW = re.compile(r"^\|\s*(\d+) <>\s*(?:\d+|Dur)\s*\|((?:\s*\d+\s*\|)+)$")


def minute_expected(second):
    """(well-known, registered, dynamic) packets in one second of
    classroom-minute.pcap, from pcaps/README.md: two DNS lookups; from
    second 1 two to four HTTPS exchanges of four packets (2 + 5 s mod 3);
    the four HTTPS connections opened in second 0 (six packets each); HTTP
    at 5.4, 15.4, ... (six packets); the mail in second 50 (ten); the
    scan's probes every 6.5 ms from 42.0 s (two packets each, three for the
    open ports 22, 80 and 139); the download (handshake and GET, 750
    segments from 20.06 s every 20 ms, an ACK 1 ms after every second one);
    two STUN packets a second."""
    well_known = 4
    well_known += 24 if second == 0 else 4 * (2 + second * 5 % 3)
    well_known += 6 if second % 10 == 5 else 0
    well_known += 10 if second == 50 else 0
    for k in range(300):
        if (42000000 + 6500 * k) // 1000000 == second:
            well_known += 3 if (k * 97) % 300 + 1 in (22, 80, 139) else 2
    registered = 4 if second == 20 else 0
    for i in range(750):
        t_us = 20060000 + 20000 * i
        registered += t_us // 1000000 == second
        registered += (i % 2 == 1 and (t_us + 1000) // 1000000 == second)
    return well_known, registered, 2


class ClassroomMinuteTest(TsharkTestCase):
    def test_frames_and_duration(self):
        self.assertEqual(pcap_frame_count(os.path.join(PCAPS_DIR, "classroom-minute.pcap")), 2874)
        rows = self.tshark.fields("classroom-minute.pcap", ["frame.time_relative"],
                                  "frame.number == 2874")
        self.assertEqual(rows, [["59.567000000"]])

    def test_io_graph_per_second(self):
        # What the I/O graph draws at a 1 s interval, one line per class of
        # the server port.
        output = self.tshark.run(
            "-n", "-q", "-r", self.tshark.capture("classroom-minute.pcap"), "-z",
            'io,stat,1,portclass.server.class == "well-known",'
            'portclass.server.class == "registered",portclass.server.class == "dynamic"').stdout
        found = {}
        for line in output.splitlines():
            match = IO_ROW.match(line)
            if match:
                cells = [int(cell) for cell in match.group(2).replace("|", " ").split()]
                found[int(match.group(1))] = tuple(cells[0::2])     # frames, not bytes
        self.assertEqual(found, {second: minute_expected(second) for second in range(60)})
        # The lines a class reads: the steady well-known line, the download
        # well above it, the scan's spike, the dynamic line low but there.
        self.assertEqual(found[0], (28, 0, 2))
        self.assertEqual(found[20], (16, 74, 2))
        self.assertEqual(found[42], (323, 0, 2))
        self.assertEqual(found[43], (312, 0, 2))
        for second in range(60):
            well_known, registered, dynamic = found[second]
            if second not in (42, 43):
                self.assertTrue(12 <= well_known <= 28, second)
            if 20 <= second <= 34:
                self.assertGreater(registered, 2 * well_known, second)

    def test_download_on_8080(self):
        # The request and the response apart: from 4.2 on, Wireshark also
        # shows the request's URI in the response.
        common = ["frame.number", "ip.src", "tcp.srcport", "tcp.dstport"]
        portclass = ["portclass.server.class", "portclass.server.service"]
        requests = self.tshark.fields("classroom-minute.pcap",
                                      common + ["http.request.uri"] + portclass,
                                      "http.request && tcp.port == 8080")
        self.assertEqual(requests, [["392", "192.0.2.103", "50880", "8080",
                                     "/downloads/update-2024.bin", "registered", "HTTP-Alt"]])
        responses = self.tshark.fields("classroom-minute.pcap",
                                       common + ["http.content_length"] + portclass,
                                       "http.response && tcp.port == 8080")
        self.assertEqual(responses, [["1792", "198.51.100.80", "8080", "50880", "449917",
                                      "registered", "HTTP-Alt"]])

    def test_scan_and_dynamic_server(self):
        rows = self.tshark.fields(
            "classroom-minute.pcap", ["frame.number", "tcp.srcport"],
            "ip.src == 192.0.2.10 && tcp.flags.syn == 1 && tcp.flags.ack == 1")
        self.assertEqual(sorted(int(port) for _, port in rows), [22, 80, 139])
        self.assertIn(["1941", "80"], rows)
        probes = self.tshark.fields("classroom-minute.pcap", ["frame.number", "tcp.dstport"],
                                    "ip.src == 203.0.113.66 && tcp.flags.syn == 1")
        self.assertEqual(len(probes), 300)
        self.assertEqual(probes[0], ["1926", "1"])
        self.assertEqual(sorted(int(port) for _, port in probes), list(range(1, 301)))
        stun = self.tshark.fields("classroom-minute.pcap",
                                  ["portclass.server.port", "portclass.server.class"],
                                  "stun")
        self.assertEqual(len(stun), 120)
        self.assertEqual({tuple(row) for row in stun}, {("54400", "dynamic")})


if __name__ == "__main__":
    unittest.main()
