"""The statistics tree (tshark -z portclass,tree): its counts agree exactly
with what the per-packet fields say on the same capture, for every capture
in pcaps/, and a hand-checked tree for the SYN scan."""

import collections
import os
import re
import unittest

from tsharkrun import PCAPS_DIR, TsharkTestCase, parse_pdml

CAPTURES = sorted(name for name in os.listdir(PCAPS_DIR) if name.endswith(".pcap"))
NO_SERVICE = "(no assigned service)"
CLASS_PACKETS = "Packets by server port class"
CLASS_BYTES = "Bytes by server port class"
DIRECTION = "Packets by direction"
SERVICES = "Packets by server service"
NONSTANDARD = "Conversations with a server on a non-standard port"
PORT_STATES = "Ports seen open or closed"


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


def expected_tree(pdml):
    """The tree the per-packet fields of a PDML dissection call for."""
    counts = collections.Counter()
    first_frames = {}
    for packet in parse_pdml(pdml).iter("packet"):
        frame = packet.find("proto[@name='frame']")
        number = int(frame.find("field[@name='frame.number']").get("show"))
        length = int(frame.find("field[@name='frame.len']").get("show"))
        for header in packet.iter("proto"):
            if header.get("name") != "portclass":
                continue
            fields = {}
            for field in header.iter("field"):
                fields.setdefault(field.get("name"), field.get("show"))
            if "portclass.direction" not in fields:
                continue
            cls = fields["portclass.server.class"]
            service = fields.get("portclass.server.service", NO_SERVICE)
            counts[(CLASS_PACKETS,)] += 1
            counts[(CLASS_PACKETS, cls)] += 1
            counts[(CLASS_PACKETS, cls, service)] += 1
            counts[(CLASS_BYTES,)] += length
            counts[(CLASS_BYTES, cls)] += length
            counts[(CLASS_BYTES, cls, service)] += length
            counts[(DIRECTION,)] += 1
            counts[(DIRECTION, fields["portclass.direction"])] += 1
            counts[(SERVICES,)] += 1
            counts[(SERVICES, service)] += 1
            message = "portclass.expert.nonstandard" in fields and next(
                f.get("show") for f in header.iter("field")
                if f.get("name") == "_ws.expert.message" and " on port " in f.get("show"))
            if message:
                # "SSH on port 2222/tcp (IANA: ...)" and the server's address
                # from the port state message of the same conversation is
                # not at hand here: the node is matched without it.
                counts[(NONSTANDARD,)] += 1
                counts[(NONSTANDARD, message.split(" (")[0])] += 1
            state = fields.get("portclass.port_state")
            if state:
                state_message = next(f.get("show") for f in header.iter("field")
                                     if f.get("name") == "_ws.expert.message"
                                     and f.get("show").endswith(" is " + state))
                host = state_message.rsplit(" on ", 1)[1].rsplit(" is ", 1)[0]
                port = fields["portclass.server.port"]
                transport = fields["portclass.transport"].lower()
                key = (host, port, transport, state)
                first = first_frames.setdefault(key, number)
                service_text = (f" ({fields['portclass.server.service']})"
                                if "portclass.server.service" in fields else "")
                counts[(PORT_STATES,)] += 1
                counts[(PORT_STATES, f"{host} port {port}/{transport}{service_text}: {state}, "
                                     f"first in frame {first}")] += 1
    return dict(counts)


def without_hosts_in_nonstandard(tree):
    """Nonstandard nodes without " of HOST" (the PDML side lacks it)."""
    result = {}
    for path, count in tree.items():
        if len(path) == 2 and path[0] == NONSTANDARD:
            path = (NONSTANDARD, path[1].rsplit(" of ", 1)[0])
        result[path] = result.get(path, 0) + count
    return result


class StatsTreeTest(TsharkTestCase):
    maxDiff = None

    def stats(self, capture, *args):
        output = self.tshark.run("-n", "-q", "-r", self.tshark.capture(capture), "-z",
                                 "portclass,tree", *args).stdout
        return parse_tree(output)

    def test_syn_scan_by_hand(self):
        tree = self.stats("syn-scan.pcap")
        # 15 frames, one header each with roles, and frame 13 (an ICMP
        # port unreachable) counted in the conversation it quotes.
        self.assertEqual(tree[(CLASS_PACKETS,)], 15)
        self.assertEqual(tree[(CLASS_PACKETS, "well-known")], 14)
        self.assertEqual(tree[(CLASS_PACKETS, "registered", "RDP")], 1)
        self.assertEqual(tree[(CLASS_PACKETS, "well-known", "SSH")], 3)
        self.assertEqual(tree[(DIRECTION, "client-to-server")], 10)
        self.assertEqual(tree[(DIRECTION, "server-to-client")], 5)
        self.assertEqual(tree[(NONSTANDARD,)], 0)
        states = {path[1]: count for path, count in tree.items()
                  if len(path) == 2 and path[0] == PORT_STATES}
        self.assertEqual(states, {
            "198.51.100.20 port 22/tcp (SSH): open, first in frame 2": 1,
            "198.51.100.20 port 23/tcp (Telnet): closed, first in frame 5": 1,
            "198.51.100.20 port 80/tcp (HTTP): open, first in frame 7": 1,
            "198.51.100.20 port 443/tcp (HTTPS): closed, first in frame 10": 1,
            "198.51.100.20 port 161/udp (SNMP): closed, first in frame 13": 1,
            "198.51.100.20 port 53/udp (DNS): open, first in frame 15": 1,
        })

    def test_nonstandard_conversations(self):
        tree = self.stats("nonstandard-ports.pcap")
        # Wireshark 4.6 recognises SSH on 2222 by its banner, 4.0 and later
        # DNS on 8053 by its header; where tshark decodes nothing, nothing
        # is said.
        ssh_found = 1 if self.tshark.ssh_decoded_on_2222() else 0
        dns_found = 1 if self.tshark.dns_decoded_on_8053() else 0
        self.assertEqual(tree[(NONSTANDARD,)], 1 + ssh_found + dns_found)
        self.assertEqual(tree.get((NONSTANDARD, "SSH on port 2222/tcp of 198.51.100.20"), 0),
                         ssh_found)
        self.assertEqual(tree[(NONSTANDARD, "HTTP on port 4444/tcp of 198.51.100.20")], 1)
        self.assertEqual(tree.get((NONSTANDARD, "DNS on port 8053/udp of 198.51.100.20"), 0),
                         dns_found)

    def test_counts_agree_with_the_fields_on_every_capture(self):
        for capture in CAPTURES:
            with self.subTest(capture=capture):
                pdml = self.tshark.run("-n", "-r", self.tshark.capture(capture),
                                       "-T", "pdml").stdout
                expected = expected_tree(pdml)
                found = {path: count for path, count in self.stats(capture).items() if count}
                self.assertEqual(without_hosts_in_nonstandard(found), expected)

    def test_two_passes_give_the_same_tree(self):
        for capture in ["tunnels.pcap", "syn-scan.pcap", "roles-tcp.pcap"]:
            with self.subTest(capture=capture):
                self.assertEqual(self.stats(capture, "-2"), self.stats(capture))

    def test_custom_names_and_language_do_not_change_the_counts(self):
        plain = self.stats("seed-services.pcap")
        japanese = self.stats("seed-services.pcap", "-o", "portclass.language:ja")
        self.assertEqual(japanese, plain)


if __name__ == "__main__":
    unittest.main()
