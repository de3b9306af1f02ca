"""Client and server: roles and their evidence, passive port state, the
protocol decoded above each header, and the teaching expert infos. Exact
values over the captures in pcaps/ (pcaps/README.md says what each holds),
in one tshark pass: test_order.py checks that -2, -Y, -R, sharkd and live
capture give the one-pass answers, test_noninterference.py that the expert
infos are the same without a tree."""

import os
import re
import unittest

from tsharkrun import TsharkTestCase

C2S, S2C = "client-to-server", "server-to-client"

# Expert info groups and severities as tshark -T fields prints them.
PI_SEQUENCE, PI_PROTOCOL, PI_SECURITY = "33554432", "150994944", "167772160"
PI_CHAT, PI_NOTE, PI_WARN = "2097152", "4194304", "6291456"

TELNET_NOTE = ("Telnet sends everything, passwords included, unencrypted; SSH (22) is the "
               "encrypted replacement")


def normalise_bool(value):
    """tshark prints booleans as 0/1 up to 4.0 and True/False later."""
    return {"0": "False", "1": "True"}.get(value, value)


class RolesTestCase(TsharkTestCase):
    def rows(self, capture, fields, extra_args=()):
        """{frame number: [values]} for the given fields."""
        rows = self.tshark.fields(capture, ["frame.number"] + fields, extra_args=extra_args)
        return {int(row[0]): [normalise_bool(value) for value in row[1:]] for row in rows}

    def experts(self, capture, extra_args=()):
        """{frame: [(message, group, severity)]} of portclass's expert infos."""
        rows = self.tshark.fields(capture, ["frame.number", "_ws.expert.message",
                                            "_ws.expert.group", "_ws.expert.severity"],
                                  extra_args=["-E", "aggregator=|"] + list(extra_args))
        found = {}
        for frame, messages, groups, severities in rows:
            entries = zip(messages.split("|"), groups.split("|"), severities.split("|"))
            ours = [entry for entry in entries
                    if entry[0] in self.portclass_messages(capture, extra_args)]
            if ours:
                found[int(frame)] = ours
        return found

    def portclass_messages(self, capture, extra_args=()):
        """Every message portclass raises on the capture, from -z expert."""
        cache = self.__dict__.setdefault("_messages", {})
        key = (capture, tuple(extra_args))
        if key not in cache:
            output = self.tshark.run("-n", "-q", "-r", self.tshark.capture(capture), "-z",
                                     "expert", *extra_args).stdout
            cache[key] = {match.group(1) for match in
                          re.finditer(r"^\s+\d+\s+\S+\s+PortClass\s+(.*)$", output,
                                      re.MULTILINE)}
        return cache[key]


class RoleTest(RolesTestCase):
    FIELDS = ["portclass.direction", "portclass.role_evidence", "portclass.server.port",
              "portclass.client.port", "portclass.server.service"]

    def test_handshake_midstream_and_syn_ack_only(self):
        rows = self.rows("roles-tcp.pcap", self.FIELDS)
        https = [C2S, "syn", "443", "50100", "HTTPS"]
        self.assertEqual(rows[1], https)
        self.assertEqual(rows[2], [S2C] + https[1:])
        self.assertEqual(rows[4], https)
        # Mid-stream, server first: the ports decide, not the first packet.
        self.assertEqual(rows[6], [S2C, "port", "22", "50101", "SSH"])
        self.assertEqual(rows[7], [C2S, "port", "22", "50101", "SSH"])
        # Only the SYN-ACK: its sender is the server.
        self.assertEqual(rows[8], [S2C, "syn-ack", "25", "50102", "SMTP"])
        self.assertEqual(rows[9], [C2S, "syn-ack", "25", "50102", "SMTP"])
        # Two unassigned dynamic ports: the first packet's sender is the client.
        self.assertEqual(rows[11], [C2S, "first-packet", "50104", "50103", ""])
        self.assertEqual(rows[12], [S2C, "first-packet", "50104", "50103", ""])

    def test_udp_request_and_response(self):
        rows = self.rows("roles-udp.pcap", self.FIELDS)
        self.assertEqual(rows[1], [C2S, "port", "53", "50110", "DNS"])
        self.assertEqual(rows[2], [S2C, "port", "53", "50110", "DNS"])
        self.assertEqual(rows[3], [C2S, "port", "123", "50111", "NTP"])
        self.assertEqual(rows[4], [S2C, "port", "123", "50111", "NTP"])
        self.assertEqual(rows[5], [C2S, "first-packet", "50113", "50112", ""])
        self.assertEqual(rows[6], [S2C, "first-packet", "50113", "50112", ""])

    def test_classes_and_ephemeral_ranges(self):
        fields = ["portclass.server.class", "portclass.client.class",
                  "portclass.client.ephemeral"]
        self.assertEqual(self.rows("linux-ephemeral.pcap", fields)[1],
                         ["well-known", "registered", "linux"])
        self.assertEqual(self.rows("linux-ephemeral.pcap", fields)[5],
                         ["well-known", "registered", "linux"])
        self.assertEqual(self.rows("roles-tcp.pcap", fields)[1],
                         ["well-known", "dynamic", "iana,linux"])
        self.assertEqual(self.rows("port-classes.pcap", fields)[7],
                         ["dynamic", "dynamic", "iana,linux"])  # 49152 -> 65535, unassigned
        # Active FTP: the server opens the data connection from port 20, so
        # by the handshake 20 is the client's port, in no ephemeral range.
        self.assertEqual(self.rows("ftp-active.pcap", fields + ["portclass.server.port"])[13],
                         ["dynamic", "well-known", "none", "50005"])

    def test_ephemeral_client_port_is_not_the_service(self):
        # 40000 is registered with IANA as safetynetp: a fact about the
        # number (src.service), not what the conversation is.
        rows = self.rows("linux-ephemeral.pcap", ["portclass.src.service",
                                                  "portclass.server.service"])
        self.assertEqual(rows[1], ["safetynetp", "HTTPS"])
        output = self.tshark.run("-n", "-V", "-O", "portclass", "-r",
                                 self.tshark.capture("linux-ephemeral.pcap"), "-Y",
                                 "frame.number == 1").stdout
        self.assertIn("[Port Classification: 40000 (registered) -> 443 (well-known, HTTPS)]",
                      output)
        self.assertIn("    [Source port: 40000, registered (1024-49151): the client's ephemeral "
                      "port (Linux default range 32768-60999); IANA assigns the number to "
                      "safetynetp]", output)
        self.assertIn("    [Direction: client-to-server]", output)
        self.assertIn("    [Role evidence: syn]", output)

    def test_every_tunnel_layer_and_quoted_header(self):
        rows = self.rows("tunnels.pcap", ["portclass.direction", "portclass.role_evidence",
                                          "portclass.server.port"])
        self.assertEqual(rows[1], [f"{C2S},{C2S}", "port,port", "4789,22"])
        self.assertEqual(rows[4], [f"{C2S},{C2S}", "first-packet,port", "2152,53"])
        # The quoted header belongs to the conversation it quotes.
        rows = self.rows("icmp-unreachable.pcap", self.FIELDS)
        self.assertEqual(rows[2], [C2S, "port", "53", "50900", "DNS"])
        rows = self.rows("icmp-unreachable-tcp.pcap", self.FIELDS)
        self.assertEqual(rows[2], [C2S, "syn", "8080", "50120", "HTTP-Alt"])


class PortStateTest(RolesTestCase):
    def test_syn_scan(self):
        states = {frame: row[0] for frame, row in
                  self.rows("syn-scan.pcap", ["portclass.port_state"]).items() if row[0]}
        self.assertEqual(states, {2: "open", 5: "closed", 7: "open", 10: "closed",
                                  13: "closed", 15: "open"})

    def test_udp_reply_and_icmp_unreachable(self):
        states = lambda capture: {frame: row[0] for frame, row in self.rows(
            capture, ["portclass.port_state"]).items() if row[0]}
        self.assertEqual(states("roles-udp.pcap"), {2: "open", 4: "open", 6: "open"})
        self.assertEqual(states("icmp-unreachable.pcap"), {2: "closed", 4: "closed"})
        self.assertEqual(states("icmp-unreachable-tcp.pcap"), {2: "closed", 4: "closed"})

    def test_expert_infos(self):
        # The normal flow: Chats, as the TCP dissector's SYN and FIN are.
        experts = self.experts("syn-scan.pcap")
        note = (PI_SEQUENCE, PI_CHAT)
        self.assertEqual(experts[2], [("Port 22/tcp (SSH) on 198.51.100.20 is open",) + note])
        self.assertEqual(experts[5], [("Port 23/tcp (Telnet) on 198.51.100.20 is closed",) + note])
        self.assertEqual(experts[13], [("Port 161/udp (SNMP) on 198.51.100.20 is closed",) + note])
        self.assertEqual(experts[15], [("Port 53/udp (DNS) on 198.51.100.20 is open",) + note])
        self.assertNotIn(11, experts)  # filtered: no answer, no state
        self.assertEqual(self.experts("icmp-unreachable.pcap")[4],
                         [("Port 123/udp (NTP) on 2001:db8::20 is closed",) + note])

    def test_filter_names(self):
        frames = lambda expert: [row[0] for row in self.tshark.fields(
            "syn-scan.pcap", ["frame.number"], display_filter=expert)]
        self.assertEqual(frames("portclass.expert.port_open"), ["2", "7", "15"])
        self.assertEqual(frames("portclass.expert.port_closed"), ["5", "10", "13"])


class PayloadTest(RolesTestCase):
    def test_nonstandard_ports(self):
        rows = self.rows("nonstandard-ports.pcap", ["portclass.payload", "portclass.nonstandard"])
        self.assertEqual(rows[4], ["http", "True"])
        self.assertEqual(rows[5], ["http", "True"])
        # SSH on 2222: called non-standard only when Wireshark decodes it.
        self.assertEqual(rows[9],
                         ["ssh", "True"] if self.tshark.ssh_decoded_on_2222() else ["", ""])
        # DNS on 8053 likewise (Wireshark 3.4 decodes it only when told to).
        dns = self.tshark.dns_decoded_on_8053()
        self.assertEqual(rows[11], ["dns", "True"] if dns else ["", ""])
        experts = self.experts("nonstandard-ports.pcap")
        self.assertEqual(experts[4], [("HTTP on port 4444/tcp (IANA: krb524)", PI_PROTOCOL,
                                       PI_NOTE)])
        if dns:
            self.assertEqual(experts[11], [("DNS on port 8053/udp (IANA: senomix02)",
                                            PI_PROTOCOL, PI_NOTE)])
        else:
            self.assertNotIn(11, experts)
        self.assertNotIn(5, experts)  # once per conversation

    def test_ssh_on_2222_when_decoded(self):
        decode_as = ["-d", "tcp.port==2222,ssh"]
        rows = self.rows("nonstandard-ports.pcap", ["portclass.payload", "portclass.nonstandard"],
                         extra_args=decode_as)
        self.assertEqual(rows[9], ["ssh", "True"])
        experts = self.experts("nonstandard-ports.pcap", extra_args=decode_as)
        self.assertEqual(experts[9], [("SSH on port 2222/tcp (IANA: EtherNet-IP-1)",
                                       PI_PROTOCOL, PI_NOTE)])
        self.assertNotIn(10, experts)

    def test_dns_on_8053_when_decoded(self):
        decode_as = ["-d", "udp.port==8053,dns"]
        rows = self.rows("nonstandard-ports.pcap", ["portclass.payload", "portclass.nonstandard"],
                         extra_args=decode_as)
        self.assertEqual(rows[11], ["dns", "True"])
        self.assertEqual(rows[12], ["dns", "True"])
        experts = self.experts("nonstandard-ports.pcap", extra_args=decode_as)
        self.assertEqual(experts[11], [("DNS on port 8053/udp (IANA: senomix02)",
                                        PI_PROTOCOL, PI_NOTE)])
        # The answer says the port is open, and nothing more about DNS.
        self.assertEqual(experts[12], [("Port 8053/udp (senomix02) on 198.51.100.20 is open",
                                        PI_SEQUENCE, PI_CHAT)])

    def test_standard_ports_and_any_port_protocols(self):
        rows = self.rows("seed-services.pcap", ["portclass.payload", "portclass.nonstandard"])
        self.assertEqual(rows[4], ["ssh", "False"])
        self.assertEqual(rows[37], ["tls", "False"])
        # Passive FTP data on 50000: FTP data uses any port by design.
        rows = self.rows("ftp-passive.pcap", ["portclass.payload", "portclass.nonstandard"])
        self.assertEqual(rows[15], ["ftp-data", ""])
        # No payload decoded, nothing said.
        self.assertEqual(self.rows("roles-tcp.pcap", ["portclass.payload",
                                                      "portclass.nonstandard"])[11], ["", ""])
        ssh = [["9"], ["10"]] if self.tshark.ssh_decoded_on_2222() else []
        dns = [["11"], ["12"]] if self.tshark.dns_decoded_on_8053() else []
        self.assertEqual(self.tshark.fields("nonstandard-ports.pcap", ["frame.number"],
                                            display_filter="portclass.nonstandard"),
                         [["4"], ["5"]] + ssh + dns)


class TeachingExpertTest(RolesTestCase):
    def test_cleartext_once_per_conversation(self):
        experts = self.experts("cleartext-logins.pcap")
        cleartext = {frame: [entry for entry in entries if entry[1] == PI_SECURITY]
                     for frame, entries in experts.items()}
        cleartext = {frame: entries for frame, entries in cleartext.items() if entries}
        self.assertEqual(sorted(cleartext), [1, 9, 17, 25])
        # Login protocols: a Note; data that is cleartext by design: a Chat.
        self.assertEqual(cleartext[1], [(TELNET_NOTE, PI_SECURITY, PI_NOTE)])
        self.assertTrue(cleartext[9][0][0].startswith("FTP sends the username and password"))
        self.assertEqual(cleartext[9][0][2], PI_NOTE)
        self.assertTrue(cleartext[17][0][0].startswith("POP3 sends the password"))
        self.assertEqual(cleartext[17][0][2], PI_NOTE)
        self.assertTrue(cleartext[25][0][0].startswith("HTTP sends pages"))
        self.assertEqual(cleartext[25][0][2], PI_CHAT)
        frames = lambda expert: [row[0] for row in self.tshark.fields(
            "cleartext-logins.pcap", ["frame.number"], display_filter=expert)]
        self.assertEqual(frames("portclass.expert.cleartext"), ["1", "9", "17"])
        self.assertEqual(frames("portclass.expert.cleartext_data"), ["25"])

    def test_port_zero(self):
        experts = self.experts("port-zero.pcap")
        note = (PI_PROTOCOL, PI_NOTE)
        self.assertEqual(experts[1], [
            ("Port 0/udp in use: it is reserved, no service listens on it, so traffic to or "
             "from it is malformed or a probe",) + note])
        self.assertIn(("Port 0/tcp in use: it is reserved, no service listens on it, so traffic "
                       "to or from it is malformed or a probe",) + note, experts[2])

    def test_unusual_ports(self):
        chat = (PI_SEQUENCE, PI_CHAT)
        self.assertEqual(self.experts("ftp-passive.pcap")[12], [
            ("The server uses dynamic port 50000/tcp, a range clients normally pick their "
             "ports from",) + chat])
        self.assertEqual(self.experts("ftp-active.pcap")[13], [
            ("The server uses dynamic port 50005/tcp, a range clients normally pick their "
             "ports from",) + chat,
            ("The client uses well-known port 20/tcp as its source port",) + chat])
        frames = lambda expert: [row[0] for row in self.tshark.fields(
            "ftp-active.pcap", ["frame.number"], display_filter=expert)]
        self.assertEqual(frames("portclass.expert.dynamic_server"), ["13"])
        self.assertEqual(frames("portclass.expert.well_known_client"), ["13"])


class StandardWhereItRunsTest(RolesTestCase):
    """Protocols that are standard where they run: TLS started in place on
    its service's port, NBSS framing SMB on 445, STUN on any port."""

    NONSTANDARD_FIELDS = ["portclass.payload", "portclass.nonstandard"]

    def verdicts(self, capture):
        """{frame: [payload, nonstandard]} of every frame."""
        return self.rows(capture, self.NONSTANDARD_FIELDS)

    def protocol_experts(self, capture):
        """portclass's Protocol-group expert infos, as (message, group): the
        non-standard port and port 0 notes. The severity of the
        non-standard note is PayloadTest's to pin."""
        return {frame: [entry[:2] for entry in entries if entry[1] == PI_PROTOCOL]
                for frame, entries in self.experts(capture).items()
                if any(entry[1] == PI_PROTOCOL for entry in entries)}

    @staticmethod
    def expected(frame_count, verdicts):
        """Every frame without a payload, except those given as
        {frame: [payload, nonstandard]}."""
        rows = {frame: ["", ""] for frame in range(1, frame_count + 1)}
        rows.update(verdicts)
        return rows

    def decoded_payloads(self, capture):
        """{frame: the protocol tshark decodes right above the frame's last
        TCP or UDP header, "" for none or undecoded data}, read from
        tshark's own frame.protocols."""
        payloads = {}
        for number, protocols in self.tshark.fields(capture, ["frame.number",
                                                              "frame.protocols"]):
            layers = protocols.split(":")
            transports = [index for index, layer in enumerate(layers) if layer in ("tcp", "udp")]
            above = layers[transports[-1] + 1:transports[-1] + 2] if transports else []
            payloads[int(number)] = "" if above in ([], ["data"]) else above[0]
        return payloads

    def test_tls_after_starttls_is_standard(self):
        standard = lambda payload: [payload, "False"] if payload else ["", ""]
        decoded = self.decoded_payloads("starttls.pcap")
        verdicts = {}
        # Each conversation's clear-text exchange and the ClientHello after
        # its switch to TLS. ManageSieve's exchange is not decoded.
        for frames, payload, client_hello in [
                (range(4, 9), "smtp", 9), (range(13, 18), "smtp", 18), (range(22, 25), "pop", 25),
                (range(29, 32), "imap", 32), (range(36, 39), "ftp", 39),
                (range(43, 46), "nntp", 46), (range(50, 52), "ldap", 52),
                (range(56, 60), "xmpp", 60), ([64], "pgsql", 66), (range(70, 72), "mysql", 72),
                (range(76, 79), "", 79)]:
            verdicts.update({frame: standard(payload) for frame in frames})
            # tls on the service's own port where tshark follows the switch;
            # where it does not (Wireshark 3.4 for IMAP, FTP and NNTP), the
            # service's protocol still. Standard either way.
            self.assertIn(decoded[client_hello], ("tls", payload), f"frame {client_hello}")
            verdicts[client_hello] = standard(decoded[client_hello])
        # PostgreSQL's one-byte answer to SSLRequest: pgsql where tshark
        # decodes it (4.4 and later), no protocol above TCP otherwise.
        self.assertIn(decoded[65], ("pgsql", ""))
        verdicts[65] = standard(decoded[65])
        # TLS from the start on a test server's port stays non-standard.
        verdicts[83] = ["tls", "True"]
        self.assertEqual(self.verdicts("starttls.pcap"), self.expected(83, verdicts))
        self.assertEqual(self.protocol_experts("starttls.pcap"),
                         {83: [("TLS on port 4433/tcp (IANA: vop)", PI_PROTOCOL)]})
        for flag in ["portclass.nonstandard == 1", "portclass.expert.nonstandard"]:
            self.assertEqual(self.tshark.fields("starttls.pcap", ["frame.number"],
                                                display_filter=flag), [["83"]])

    def test_nbss_on_445_is_standard(self):
        nbss = ["nbss", "False"]
        self.assertEqual(self.verdicts("smb.pcap"), self.expected(12, {
            4: nbss, 5: nbss, 9: nbss, 10: nbss, 11: nbss, 12: nbss}))
        self.assertEqual(self.protocol_experts("smb.pcap"), {})
        self.assertEqual(self.tshark.fields("smb.pcap", ["frame.number"],
                                            display_filter="portclass.nonstandard == 1"), [])

    def test_stun_uses_any_port(self):
        # Any port by design: no verdict at all, on 3478 as on 19302 or
        # between two peers' dynamic ports.
        self.assertEqual(self.verdicts("stun.pcap"),
                         {frame: ["stun", ""] for frame in range(1, 7)})
        # The dynamic server port of the ICE check is still said, as a Chat.
        self.assertEqual(self.experts("stun.pcap")[5], [
            ("The server uses dynamic port 54400/udp, a range clients normally pick their "
             "ports from", PI_SEQUENCE, PI_CHAT)])
        self.assertEqual(self.protocol_experts("stun.pcap"), {})
        self.assertEqual(self.tshark.fields("stun.pcap", ["frame.number"],
                                            display_filter="portclass.expert.nonstandard"), [])


class SeverityOverrideTest(RolesTestCase):
    """portclass's expert infos are Chats and Notes; Wireshark's Expert Info
    Severity table (the expert_severity file of a profile, or -o uat:...)
    raises the cleartext login ones to Warning, as the README shows."""

    ENTRY = '"portclass.expert.cleartext","Warning"'
    WARNS = [
        "",
        "Warns (3)",
        "=============",
        "   Frequency      Group           Protocol  Summary",
        "           1   Security          PortClass  " + TELNET_NOTE,
        "           1   Security          PortClass  FTP sends the username and password "
        "unencrypted along with every command; SFTP (22) or FTPS (990) are the encrypted "
        "alternatives",
        "           1   Security          PortClass  POP3 sends the password and messages "
        "unencrypted unless upgraded with STLS; POP3S (995) is the encrypted version",
    ]

    def warnings(self, *extra_args):
        return self.tshark.run("-n", "-q", "-r", self.tshark.capture("cleartext-logins.pcap"),
                               "-z", "expert,warn", *extra_args).stdout.splitlines()

    def test_notes_by_default(self):
        self.assertEqual(self.warnings(), [])

    def test_expert_severity_file(self):
        # The Default profile's files sit directly in the configuration folder.
        path = os.path.join(self.tshark.config_dir, "expert_severity")
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.ENTRY + "\n")
        os.chmod(path, 0o644)
        try:
            self.assertEqual(self.warnings(), self.WARNS)
        finally:
            os.remove(path)
        self.assertEqual(self.warnings(), [])

    def test_expert_severity_option(self):
        self.assertEqual(self.warnings("-o", "uat:expert_severity:" + self.ENTRY), self.WARNS)


if __name__ == "__main__":
    unittest.main()
